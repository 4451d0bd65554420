import type { ReactNode } from 'react';
import { PresenterStage } from '../../components/presenter/presenter-stage';

/** The frame stays mounted from scene to scene: one lab stream, and worker colours that do not shuffle. */
export default function ScenesLayout({ children }: { children: ReactNode }) {
  return (
    <PresenterStage apiBase="/api/lab" speakerHref="/presenter">
      {children}
    </PresenterStage>
  );
}
