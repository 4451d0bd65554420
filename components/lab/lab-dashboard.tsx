'use client';
/** The stateful leaf: wires the stream and the control calls to the props-only panels. */
import Link from 'next/link';
import { useState, type CSSProperties } from 'react';
import type { LabSettings } from '../../server/lab/types';
import { ConnectionBadge } from './connection-badge';
import { ConnectionPolicyNote } from './connection-policy-control';
import { FaultControls, LabControls } from './lab-controls';
import { PROMETHEUS_COMPONENT } from './prometheus-view';
import { routePair } from './route-pair';
import { RoutePanel } from './route-panel';
import { StatusStrip } from './status-strip';
import { useLabActions } from './use-lab-actions';
import { useLabStreamAt } from './use-lab-stream';

export interface LabDashboardProps {
  /** The web app's proxy prefix for the lab API, e.g. `/api/lab`. */
  apiBase: string;
  /** Where presenter mode starts, linked from the top bar when given. */
  presenterHref?: string;
  /** Where the scoreboard of every route is, linked from the top bar when given. */
  scoreboardHref?: string;
}

export function LabDashboard({ apiBase, presenterHref, scoreboardHref }: LabDashboardProps) {
  const stream = useLabStreamAt(apiBase);
  const actions = useLabActions(apiBase);
  const { snapshot } = stream;
  // Two routes side by side stay readable on a projector; the scoreboard shows them all.
  const [chosen, setChosen] = useState<[string, string] | null>(null);
  const pair = snapshot
    ? routePair(
        snapshot.routes.map((r) => r.spec),
        chosen,
      )
    : [];
  const choose = (side: 0 | 1, id: string) => {
    const next: [string, string] = [pair[0] ?? id, pair[1] ?? id];
    next[side] = id;
    setChosen(next);
  };

  const onSettings = (patch: Partial<LabSettings>) => void actions.send('settings', 'settings', patch);
  const onCrashWorker = (route: string, workerId?: number) =>
    void actions.send(
      'crash-worker',
      'crash-worker',
      workerId === undefined ? { route } : { route, workerId },
    );

  return (
    <div
      className={`dashboard ${stream.connection === 'live' ? '' : 'dashboard-stale'}`}
      data-testid="dashboard"
      data-epoch={snapshot?.epoch}
      data-now={snapshot?.now}
      data-rate={snapshot?.settings.ratePerSecond}
      data-paused={snapshot?.settings.paused}
      data-workers={snapshot?.settings.workers}
      data-keep-alive={snapshot?.settings.metricsKeepAlive}
    >
      <header className="topbar">
        <h1>Scrape Lab</h1>
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
        <ConnectionBadge
          connection={stream.connection}
          attempts={stream.attempts}
          problem={stream.problem}
          badMessages={stream.badMessages}
          lastBadMessage={stream.lastBadMessage}
        />
        {snapshot && <StatusStrip components={snapshot.components} />}
        {snapshot && snapshot.routes.length > 2 && (
          <div className="route-chooser" data-testid="route-chooser">
            Side by side:
            {([0, 1] as const).map((side) => (
              <select
                key={side}
                aria-label={side === 0 ? 'left route' : 'right route'}
                value={pair[side] ?? ''}
                onChange={(e) => choose(side, e.target.value)}
              >
                {snapshot.routes.map((r) => (
                  <option key={r.spec.id} value={r.spec.id} disabled={r.spec.id === pair[side === 0 ? 1 : 0]}>
                    {r.spec.title.replace('{workers}', String(snapshot.settings.workers))}
                  </option>
                ))}
              </select>
            ))}
          </div>
        )}
        {snapshot && (
          <FaultControls
            busy={actions.pending !== null}
            onKillBridge={() => void actions.send('kill-bridge', 'kill-bridge')}
            onReset={() => void actions.send('reset', 'reset')}
          />
        )}
      </header>

      {snapshot === null ? (
        <p className="waiting" data-testid="waiting">
          Waiting for the lab’s first snapshot…
        </p>
      ) : (
        <>
          <LabControls
            settings={snapshot.settings}
            pending={actions.pending}
            error={actions.error}
            onSettings={onSettings}
            onDismissError={actions.dismissError}
          />
          <ConnectionPolicyNote keepAlive={snapshot.settings.metricsKeepAlive} />
          {snapshot.prometheus.mode === 'off' && (
            <p className="prom-missing" role="note" data-testid="prometheus-missing">
              <strong>No Prometheus:</strong> {snapshot.prometheus.howToGet}
            </p>
          )}
          {snapshot.pythonDemos.state === 'off' && (
            <p className="prom-missing" role="note" data-testid="python-demos-missing">
              <strong>No Django routes:</strong> {snapshot.pythonDemos.howToGet}
            </p>
          )}
          <div className="panels" style={{ '--route-count': pair.length } as CSSProperties}>
            {pair
              .map((id) => snapshot.routes.find((r) => r.spec.id === id))
              .filter((route) => route !== undefined)
              .map((route) => (
                <RoutePanel
                  key={route.spec.id}
                  route={route}
                  prometheus={snapshot.prometheus}
                  prometheusComponent={snapshot.components.find((c) => c.name === PROMETHEUS_COMPONENT)}
                  bridge={snapshot.bridge}
                  kernelUdp={snapshot.kernelUdp}
                  workers={snapshot.settings.workers}
                  now={snapshot.now}
                  slots={stream.workerSlots[route.spec.id] ?? {}}
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
