import type { RouteView, WorkerInfo } from '../../server/lab/types';
import { LegendSymbol } from '../lab/markers';
import { filesText, latestMultiproc } from '../lab/multiproc-view';
import { DJANGO_ROUTES } from './scenes';
import { workerStyle } from '../lab/worker-styles';

/** Workers drawn as the charts draw them: colour and shape, so they stay apart on any projector. */
function Worker({ slot, children }: { slot: number; children: React.ReactNode }) {
  const style = workerStyle(slot);
  return (
    <span className="sketch-box sketch-worker">
      <LegendSymbol shape={style.shape} color={style.color} />
      {children}
    </span>
  );
}

type Shown = Pick<WorkerInfo, 'id' | 'metricsPort'>;

/** Four workers on ports 8001…, to explain the idea before the lab has the route. */
const EXAMPLE: Shown[] = [1, 2, 3, 4].map((id) => ({ id, metricsPort: 8000 + id }));

/**
 * The lab's workers in the order of their slots (w1…wN, as every chart names them), so each has the colour
 * and shape the route's diagram gives it, or the example ones when the app does not answer.
 */
function shown(workers: readonly WorkerInfo[] | null): Shown[] {
  return workers === null || workers.length === 0 ? EXAMPLE : [...workers].sort((a, b) => a.slot - b.slot);
}

/** One port per worker: Prometheus has a target per worker and sums them itself. */
function PortPerWorker({ workers }: { workers: readonly WorkerInfo[] | null }) {
  const list = shown(workers);
  return (
    <div className="sketch" aria-label="Prometheus scrapes each worker on its own port">
      <span className="sketch-box sketch-prometheus">Prometheus: {list.length} targets</span>
      <span className="sketch-arrows" aria-hidden="true">
        {list.map(() => '↓').join(' ')}
      </span>
      <span className="sketch-row">
        {list.map((w, i) => (
          <Worker key={w.id} slot={i}>
            :{w.metricsPort ?? '?'}
          </Worker>
        ))}
      </span>
    </div>
  );
}

/** Shared mode: the primary collects every worker's registry at each scrape and answers with the sum. */
function SharedMode({ workers }: { workers: readonly WorkerInfo[] | null }) {
  const list = shown(workers);
  return (
    <div
      className="sketch"
      aria-label="the cluster primary merges every worker's registry and answers the scrape"
    >
      <span className="sketch-box sketch-prometheus">Prometheus: 1 target</span>
      <span className="sketch-arrows" aria-hidden="true">
        ↓
      </span>
      <span className="sketch-box sketch-primary">cluster primary: merges every registry over IPC</span>
      <span className="sketch-arrows" aria-hidden="true">
        {list.map(() => '↑').join(' ')}
      </span>
      <span className="sketch-row">
        {list.map((w, i) => (
          <Worker key={w.id} slot={i}>
            w{i + 1}
          </Worker>
        ))}
      </span>
    </div>
  );
}

/** Shared mode with files: every worker writes its own; the worker that takes the scrape merges them all. */
function SharedFiles({ route }: { route: RouteView | null }) {
  const list = shown(route?.workers ?? null);
  const reading = route === null ? null : latestMultiproc(route.scrapes);
  return (
    <div
      className="sketch"
      aria-label="every worker writes its metrics to files; the worker that takes the scrape merges them all"
    >
      <span className="sketch-box sketch-prometheus">Prometheus: 1 target</span>
      <span className="sketch-arrows" aria-hidden="true">
        ↓
      </span>
      <span className="sketch-box sketch-primary">
        the scraped worker merges the folder{reading === null ? '' : `: ${filesText(reading)}`}
      </span>
      <span className="sketch-arrows" aria-hidden="true">
        {list.map(() => '↑').join(' ')}
      </span>
      <span className="sketch-row">
        {list.map((w, i) => (
          <Worker key={w.id} slot={i}>
            w{i + 1}
          </Worker>
        ))}
      </span>
    </div>
  );
}

/** A small picture of an alternative, drawn with the lab's own workers once it runs its route. */
export function AlternativeSketch({ route, live }: { route: string; live: RouteView | null }) {
  if (route === 'port-per-worker') return <PortPerWorker workers={live?.workers ?? null} />;
  if (route === 'shared-mode') return <SharedMode workers={live?.workers ?? null} />;
  if (route === DJANGO_ROUTES.multiprocess) return <SharedFiles route={live} />;
  return null;
}
