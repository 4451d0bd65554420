import { LabDashboard } from '../components/lab/lab-dashboard';
import { SCENES_BASE } from '../components/presenter/scene-nav';

/** The page is a static shell; all live numbers arrive over the stream once it loads. */
export default function Home() {
  return (
    <main>
      <LabDashboard apiBase="/api/lab" presenterHref={SCENES_BASE} scoreboardHref="/scoreboard" />
    </main>
  );
}
