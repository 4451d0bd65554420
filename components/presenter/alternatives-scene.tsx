import type { LabSnapshot } from '../../server/lab/types';
import { ScoreCard, VerdictBadge } from '../scoreboard/score-card';
import { scoreboardRows } from '../scoreboard/scoreboard-view';
import { AlternativeSketch } from './alternative-sketch';
import { DJANGO_ROUTES, type Alternative } from './scenes';
import { findRoute } from './scene-routes';

const DJANGO: readonly string[] = Object.values(DJANGO_ROUTES);

export interface AlternativesSceneProps {
  alternatives: Alternative[];
  snapshot: LabSnapshot;
}

/** Why an alternative is explained but not live: the Django routes are off, or the lab lacks its route. */
function notLive(route: string, pythonDemos: LabSnapshot['pythonDemos']): string {
  if (DJANGO.includes(route) && pythonDemos.state === 'off')
    return `the Django routes are off: ${pythonDemos.howToGet ?? 'PYTHON_DEMOS=off'}`;
  return `the lab has no ${route} route yet.`;
}

/** Scene 5: the talk's alternatives, each explained, with the lab's live numbers once it runs it. */
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
            <AlternativeSketch route={alt.route} live={route} />
            {row && <ScoreCard row={row} testId={`score-card-${alt.route}`} />}
            <ul className="alternative-costs">
              {alt.costs.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            {route === null && (
              <p className="alternative-status" data-testid={`alternative-${alt.route}-not-live`}>
                Explained, not live: {notLive(alt.route, snapshot.pythonDemos)}
              </p>
            )}
            {alt.note !== undefined && route !== null && <p className="alternative-note">{alt.note}</p>}
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
