/**
 * What the scoreboard draws, from one snapshot: the table (its rows, your app's row, how dense, the load
 * line) and the wiring of the route whose diagram is open. Built in the scoreboard page's stream worker, or
 * by a scene from its own snapshot. Pure.
 */
import type { ComponentStatus, LabSettings, LabSnapshot, RouteView } from '../../server/lab/types';
import type { RouteSlots } from '../lab/worker-styles';
import { loadSummary, scoreboardRows, type ScoreRow } from './scoreboard-view';
import { yourAppRow, type YourAppRow } from './your-app-view';

/** More rows than this and the table is set dense, so every route of the lab fits the screen. */
const ROOMY_ROWS = 4;

export interface ScoreboardTable {
  rows: ScoreRow[];
  /** Shown with the whole table only, not in a scene that picks its routes. */
  yourApp: YourAppRow | null;
  dense: boolean;
  /** The one load the shown routes are under. */
  load: string;
}

/** The table for the routes in `routeIds`, in that order; every route of the snapshot when left out. */
export function scoreboardTable(
  snapshot: Pick<LabSnapshot, 'routes' | 'settings' | 'prometheus' | 'components' | 'now' | 'yourApp'>,
  routeIds?: readonly string[],
): ScoreboardTable {
  const rows = scoreboardRows(snapshot, routeIds);
  const yourApp = snapshot.yourApp && routeIds === undefined ? yourAppRow(snapshot.yourApp) : null;
  // The load line counts what the table shows, not every route of the lab.
  const shownRoutes = snapshot.routes.filter((r) => rows.some((row) => row.id === r.spec.id));
  return {
    rows,
    yourApp,
    dense: rows.length + (yourApp ? 1 : 0) > ROOMY_ROWS,
    load: loadSummary({ settings: snapshot.settings, routes: shownRoutes }),
  };
}

/** One route's wiring diagram: the route and the lab's state it is drawn from. */
export interface WiringView {
  route: RouteView;
  settings: LabSettings;
  components: ComponentStatus[];
  now: number;
  /** The route's worker colour slots, so its workers look as they do in its charts. */
  slots: Record<string, number>;
}

export function wiringView(
  snapshot: Pick<LabSnapshot, 'routes' | 'settings' | 'components' | 'now'>,
  routeId: string | null,
  slots: Readonly<RouteSlots>,
): WiringView | null {
  const route = snapshot.routes.find((r) => r.spec.id === routeId);
  if (route === undefined) return null;
  const { settings, components, now } = snapshot;
  return { route, settings, components, now, slots: slots[route.spec.id] ?? {} };
}

export interface ScoreboardPageParams {
  /** The route whose wiring is open over the table, if any. */
  wiring: string | null;
}

export interface ScoreboardPageView {
  now: number;
  epoch: number;
  table: ScoreboardTable;
  wiring: WiringView | null;
}

export function scoreboardPageView(
  snapshot: LabSnapshot,
  { wiring }: ScoreboardPageParams,
  slots: Readonly<RouteSlots>,
): ScoreboardPageView {
  return {
    now: snapshot.now,
    epoch: snapshot.epoch,
    table: scoreboardTable(snapshot),
    wiring: wiringView(snapshot, wiring, slots),
  };
}
