'use client';
/** The scoreboard page's stateful leaf: the lab stream and the one control call the table has. */
import { useState } from 'react';
import { ConnectionBadge } from '../lab/connection-badge';
import { usePresenterTheme } from '../presenter/use-presenter-theme';
import { useLabActions } from '../lab/use-lab-actions';
import { useLabStreamAt } from '../lab/use-lab-stream';
import { Scoreboard } from './scoreboard';
import styles from './scoreboard.module.css';
import { WiringDialog } from './wiring-dialog';

export interface ScoreboardLiveProps {
  /** The web app's proxy prefix for the lab API, e.g. `/api/lab`. */
  apiBase: string;
}

export function ScoreboardLive({ apiBase }: ScoreboardLiveProps) {
  const stream = useLabStreamAt(apiBase);
  const actions = useLabActions(apiBase);
  const { snapshot } = stream;
  const { theme } = usePresenterTheme();
  // The route whose wiring is open over the table, if any.
  const [wiring, setWiring] = useState<string | null>(null);
  const wiringRoute = snapshot?.routes.find((r) => r.spec.id === wiring) ?? null;

  return (
    <div
      className="presenter presenter-stage"
      data-testid="scoreboard-page"
      data-connection={stream.connection}
      data-now={snapshot?.now}
      data-epoch={snapshot?.epoch}
    >
      <article className="scene">
        <header className="scene-head">
          <div className="scene-titles">
            <h1>Scoreboard</h1>
            <p className="scene-claim">Every route under the same load, measured against the truth.</p>
          </div>
          <ConnectionBadge
            connection={stream.connection}
            attempts={stream.attempts}
            problem={stream.problem}
            badMessages={stream.badMessages}
            lastBadMessage={stream.lastBadMessage}
          />
        </header>
        {actions.error !== null && (
          <p className={`stage-error ${styles.error}`} role="alert" data-testid="scoreboard-error">
            {actions.error}
            <button type="button" className="tool" onClick={actions.dismissError} aria-label="dismiss">
              ✕
            </button>
          </p>
        )}
        <div className="scene-body">
          {snapshot === null ? (
            <p className="waiting" data-testid="waiting">
              Waiting for the lab’s first snapshot…
            </p>
          ) : (
            <Scoreboard
              snapshot={snapshot}
              busy={actions.pending !== null}
              onCrashEverywhere={() => void actions.send('crash-everywhere', 'crash-everywhere', {})}
              onShowWiring={setWiring}
            />
          )}
        </div>
      </article>
      {snapshot !== null && wiringRoute !== null && (
        <WiringDialog
          route={wiringRoute}
          snapshot={snapshot}
          theme={theme}
          slots={stream.workerSlots[wiringRoute.spec.id] ?? {}}
          onClose={() => setWiring(null)}
        />
      )}
    </div>
  );
}
