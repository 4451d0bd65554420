'use client';
import { useMemo, useState } from 'react';
import type { LabSnapshot } from '../../server/lab/types';
import type { RouteSlots } from '../lab/worker-styles';
import { Scoreboard } from '../scoreboard/scoreboard';
import { scoreboardTable, wiringView } from '../scoreboard/scoreboard-page-view';
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
  const table = useMemo(() => scoreboardTable(snapshot, routes), [snapshot, routes]);
  const wiringOpen = wiringView(snapshot, wiring, slots);
  const missing = routes.filter((id) => findRoute(snapshot.routes, id) === null);
  return (
    <>
      <Scoreboard table={table} busy={busy} onCrashEverywhere={onCrashEverywhere} onShowWiring={setWiring} />
      {missing.map((id) => (
        <MissingRoute key={id} id={id} />
      ))}
      {wiringOpen !== null && (
        <WiringDialog wiring={wiringOpen} theme={theme} onClose={() => setWiring(null)} />
      )}
    </>
  );
}
