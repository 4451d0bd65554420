'use client';
import { useState } from 'react';
import type { LabSnapshot } from '../../server/lab/types';
import type { RouteSlots } from '../lab/worker-styles';
import { Scoreboard } from '../scoreboard/scoreboard';
import { WiringDialog } from '../scoreboard/wiring-dialog';
import { MissingRoute } from './scene-parts';
import { findRoute } from './scene-routes';
import type { PresenterTheme } from './theme';

export interface ScoreboardSceneProps {
  routes: readonly string[];
  snapshot: LabSnapshot;
  busy: boolean;
  onCrashEverywhere: () => void;
  theme: PresenterTheme;
  slots: Readonly<RouteSlots>;
}

/**
 * The scoreboard scene: the scene's routes in one live table, any the lab lacks said plainly, and the
 * wiring of the route whose name was pressed.
 */
export function ScoreboardScene({
  routes,
  snapshot,
  busy,
  onCrashEverywhere,
  theme,
  slots,
}: ScoreboardSceneProps) {
  const [wiring, setWiring] = useState<string | null>(null);
  const wiringRoute = wiring === null ? null : findRoute(snapshot.routes, wiring);
  const missing = routes.filter((id) => findRoute(snapshot.routes, id) === null);
  return (
    <>
      <Scoreboard
        snapshot={snapshot}
        routeIds={routes}
        busy={busy}
        onCrashEverywhere={onCrashEverywhere}
        onShowWiring={setWiring}
      />
      {missing.map((id) => (
        <MissingRoute key={id} id={id} />
      ))}
      {wiringRoute !== null && (
        <WiringDialog
          route={wiringRoute}
          snapshot={snapshot}
          theme={theme}
          slots={slots[wiringRoute.spec.id] ?? {}}
          onClose={() => setWiring(null)}
        />
      )}
    </>
  );
}
