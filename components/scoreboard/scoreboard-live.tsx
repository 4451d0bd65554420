'use client';
/**
 * The scoreboard page's stateful leaf: the stream worker's view (use-lab-view: the table, and the wiring
 * of the route whose diagram is open) and the one control call the table has.
 */
import { useCallback, useState } from 'react';
import { ConnectionBadge } from '../lab/connection-badge';
import { useLabActions } from '../lab/use-lab-actions';
import { useLabView } from '../lab/use-lab-view';
import { usePresenterTheme } from '../presenter/use-presenter-theme';
import { Scoreboard } from './scoreboard';
import type { ScoreboardPageParams, ScoreboardPageView } from './scoreboard-page-view';
import styles from './scoreboard.module.css';
import { WiringDialog } from './wiring-dialog';

export interface ScoreboardLiveProps {
  /** The web app's proxy prefix for the lab API, e.g. `/api/lab`. */
  apiBase: string;
}

const createWorker = () => new Worker(new URL('./scoreboard-worker.ts', import.meta.url), { type: 'module' });

export function ScoreboardLive({ apiBase }: ScoreboardLiveProps) {
  // The route whose wiring is open over the table, if any.
  const [wiring, setWiring] = useState<string | null>(null);
  const stream = useLabView<ScoreboardPageParams, ScoreboardPageView>(createWorker, apiBase, { wiring });
  const actions = useLabActions(apiBase);
  const { send } = actions;
  const { view } = stream;
  const { theme } = usePresenterTheme();
  const onCrashEverywhere = useCallback(() => void send('crash-everywhere', 'crash-everywhere', {}), [send]);

  return (
    <div
      className="presenter presenter-stage"
      data-testid="scoreboard-page"
      data-connection={stream.connection}
      data-now={view?.now}
      data-epoch={view?.epoch}
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
          {view === null ? (
            <p className="waiting" data-testid="waiting">
              Waiting for the lab’s first snapshot…
            </p>
          ) : (
            <Scoreboard
              table={view.table}
              busy={actions.pending !== null}
              onCrashEverywhere={onCrashEverywhere}
              onShowWiring={setWiring}
            />
          )}
        </div>
      </article>
      {/* The worker answers a new choice within a message; until then the dialog follows the choice. */}
      {view?.wiring && view.wiring.route.spec.id === wiring && (
        <WiringDialog wiring={view.wiring} theme={theme} onClose={() => setWiring(null)} />
      )}
    </div>
  );
}
