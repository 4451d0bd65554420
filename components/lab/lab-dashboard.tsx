'use client';
/**
 * The stateful leaf: wires the stream worker's view (use-lab-view: the two panels, shaped) and the control
 * calls to the props-only, memoised panels.
 */
import Link from 'next/link';
import { memo, useCallback, useState, type CSSProperties } from 'react';
import type { LabSettings } from '../../server/lab/types';
import { ConnectionBadge } from './connection-badge';
import { ConnectionPolicyNote } from './connection-policy-control';
import type { DashboardParams, DashboardView } from './dashboard-view';
import { FaultControls, LabControls } from './lab-controls';
import { RoutePanel } from './route-panel';
import { StatusStrip } from './status-strip';
import { useLabActions } from './use-lab-actions';
import { useLabView } from './use-lab-view';

export interface LabDashboardProps {
  /** The web app's proxy prefix for the lab API, e.g. `/api/lab`. */
  apiBase: string;
  /** Where presenter mode starts, linked from the top bar when given. */
  presenterHref?: string;
  /** Where the scoreboard of every route is, linked from the top bar when given. */
  scoreboardHref?: string;
}

const NO_PAIR: string[] = [];

const createWorker = () => new Worker(new URL('./dashboard-worker.ts', import.meta.url), { type: 'module' });

export function LabDashboard({ apiBase, presenterHref, scoreboardHref }: LabDashboardProps) {
  // Two routes side by side stay readable on a projector; the scoreboard shows them all.
  const [chosen, setChosen] = useState<[string, string] | null>(null);
  const stream = useLabView<DashboardParams, DashboardView>(createWorker, apiBase, { chosen });
  const actions = useLabActions(apiBase);
  const { send } = actions;
  const { view } = stream;
  const pair = view?.pair ?? NO_PAIR;
  const choose = useCallback(
    (side: 0 | 1, id: string) => {
      const next: [string, string] = [pair[0] ?? id, pair[1] ?? id];
      next[side] = id;
      setChosen(next);
    },
    [pair],
  );

  // Stable, so the memoised controls and panels skip a snapshot that changed nothing of theirs.
  const onSettings = useCallback(
    (patch: Partial<LabSettings>) => void send('settings', 'settings', patch),
    [send],
  );
  const onCrashWorker = useCallback(
    (route: string, workerId?: number) =>
      void send('crash-worker', 'crash-worker', workerId === undefined ? { route } : { route, workerId }),
    [send],
  );
  const onKillBridge = useCallback(() => void send('kill-bridge', 'kill-bridge'), [send]);
  const onReset = useCallback(() => void send('reset', 'reset'), [send]);

  return (
    <div
      className={`dashboard ${stream.connection === 'live' ? '' : 'dashboard-stale'}`}
      data-testid="dashboard"
      data-epoch={view?.epoch}
      data-now={view?.now}
      data-rate={view?.settings.ratePerSecond}
      data-paused={view?.settings.paused}
      data-workers={view?.settings.workers}
      data-keep-alive={view?.settings.metricsKeepAlive}
    >
      <header className="topbar">
        <h1>Scrape Lab</h1>
        <TopLinks presenterHref={presenterHref} scoreboardHref={scoreboardHref} />
        <ConnectionBadge
          connection={stream.connection}
          attempts={stream.attempts}
          problem={stream.problem}
          badMessages={stream.badMessages}
          lastBadMessage={stream.lastBadMessage}
        />
        {view && <StatusStrip components={view.components} />}
        {view && view.choices.length > 2 && (
          <RouteChooser choices={view.choices} pair={pair} onChoose={choose} />
        )}
        {view && (
          <FaultControls busy={actions.pending !== null} onKillBridge={onKillBridge} onReset={onReset} />
        )}
      </header>

      {view === null ? (
        <p className="waiting" data-testid="waiting">
          Waiting for the lab’s first snapshot…
        </p>
      ) : (
        <>
          <LabControls
            settings={view.settings}
            pending={actions.pending}
            error={actions.error}
            onSettings={onSettings}
            onDismissError={actions.dismissError}
          />
          <ConnectionPolicyNote keepAlive={view.settings.metricsKeepAlive} />
          {view.prometheus.mode === 'off' && (
            <p className="prom-missing" role="note" data-testid="prometheus-missing">
              <strong>No Prometheus:</strong> {view.prometheus.howToGet}
            </p>
          )}
          {view.pythonDemos.state === 'off' && (
            <p className="prom-missing" role="note" data-testid="python-demos-missing">
              <strong>No Django routes:</strong> {view.pythonDemos.howToGet}
            </p>
          )}
          <div className="panels" style={{ '--route-count': pair.length } as CSSProperties}>
            {view.panels.map((panel) => (
              <RoutePanel
                key={panel.id}
                panel={panel}
                prometheus={view.prometheus}
                busy={actions.pending !== null}
                onCrashWorker={onCrashWorker}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

/** The top bar's links; memoised, as Next's Link does work on every render and the bar redraws per snapshot. */
const TopLinks = memo(function TopLinks({
  presenterHref,
  scoreboardHref,
}: Pick<LabDashboardProps, 'presenterHref' | 'scoreboardHref'>) {
  return (
    <>
      {presenterHref && (
        <Link className="topbar-link" href={presenterHref} data-testid="presenter-link">
          Presenter mode
        </Link>
      )}
      {scoreboardHref && (
        <Link className="topbar-link" href={scoreboardHref} data-testid="scoreboard-link">
          Scoreboard
        </Link>
      )}
    </>
  );
});

/** Which two routes sit side by side; memoised, so a snapshot that keeps the choices leaves it alone. */
const RouteChooser = memo(function RouteChooser({
  choices,
  pair,
  onChoose,
}: {
  choices: DashboardView['choices'];
  pair: readonly string[];
  onChoose: (side: 0 | 1, id: string) => void;
}) {
  return (
    <div className="route-chooser" data-testid="route-chooser">
      Side by side:
      {([0, 1] as const).map((side) => (
        <select
          key={side}
          aria-label={side === 0 ? 'left route' : 'right route'}
          value={pair[side] ?? ''}
          onChange={(e) => onChoose(side, e.target.value)}
        >
          {choices.map((r) => (
            <option key={r.id} value={r.id} disabled={r.id === pair[side === 0 ? 1 : 0]}>
              {r.title}
            </option>
          ))}
        </select>
      ))}
    </div>
  );
});
