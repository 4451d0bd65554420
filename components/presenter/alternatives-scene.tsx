import type { LabSnapshot } from '../../server/lab/types';
import { ScoreCard, VerdictBadge } from '../scoreboard/score-card';
import { scoreboardRows } from '../scoreboard/scoreboard-view';
import { AlternativeSketch } from './alternative-sketch';
import type { Alternative } from './scenes';
import { findRoute } from './scene-routes';

export interface AlternativesSceneProps {
  alternatives: Alternative[];
  snapshot: LabSnapshot;
}

/** Scene 5: the talk's two alternatives, each explained, with the lab's live numbers once it runs it. */
export function AlternativesScene({ alternatives, snapshot }: AlternativesSceneProps) {
  const rows = scoreboardRows(
    snapshot,
    alternatives.map((a) => a.route),
  );
  return (
    <div className="alternatives">
      {alternatives.map((alt) => {
        const route = findRoute(snapshot.routes, alt.route);
        const row = rows.find((r) => r.id === alt.route);
        return (
          <section
            key={alt.route}
            className="alternative"
            data-testid={`alternative-${alt.route}`}
            data-live={route !== null}
          >
            <div className="alternative-head">
              <h2>{alt.title}</h2>
              {row && <VerdictBadge verdict={row.verdict} testId={`score-card-${alt.route}-verdict`} />}
            </div>
            <p className="alternative-how">{alt.how}</p>
            <AlternativeSketch route={alt.route} workers={route?.workers ?? null} />
            {row && <ScoreCard row={row} testId={`score-card-${alt.route}`} />}
            <ul className="alternative-costs">
              {alt.costs.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            {route === null && (
              <p className="alternative-status">
                Explained, not live: the lab has no <code>{alt.route}</code> route yet.
              </p>
            )}
            <p className="alternative-ref">{alt.reference}</p>
          </section>
        );
      })}
      <blockquote className="alternatives-verdict">
        “I personally think both of them are sub-optimal.” <cite>— the talk</cite>
      </blockquote>
    </div>
  );
}
