import type { LabSnapshot } from '../../server/lab/types';
import { CounterChart } from '../lab/counter-chart';
import { HeadlineFigures } from '../lab/headline-figures';
import { counterSeries } from '../lab/series';
import { AlternativeSketch } from './alternative-sketch';
import type { Alternative } from './scenes';
import { findRoute } from './scene-routes';

export interface AlternativesSceneProps {
  alternatives: Alternative[];
  snapshot: LabSnapshot;
  slots: Readonly<Record<string, Readonly<Record<string, number>>>>;
  domain: [number, number];
}

/** Scene 5: the talk's two alternatives, each explained, and live as soon as the lab runs a route for it. */
export function AlternativesScene({ alternatives, snapshot, slots, domain }: AlternativesSceneProps) {
  return (
    <div className="alternatives">
      {alternatives.map((alt) => {
        const route = findRoute(snapshot.routes, alt.route);
        return (
          <section
            key={alt.route}
            className="alternative"
            data-testid={`alternative-${alt.route}`}
            data-live={route !== null}
          >
            <h2>{alt.title}</h2>
            <p className="alternative-how">{alt.how}</p>
            {route === null ? (
              <>
                <AlternativeSketch route={alt.route} />
                <ul className="alternative-costs">
                  {alt.costs.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
                <p className="alternative-status">
                  Explained, not live: the lab has no <code>{alt.route}</code> route yet.
                </p>
              </>
            ) : (
              <>
                <HeadlineFigures headline={route.headline} testId={`headline-${alt.route}`} />
                <CounterChart
                  series={counterSeries(route, snapshot.now, slots[alt.route] ?? {})}
                  domain={domain}
                  testId={`counter-chart-${alt.route}`}
                />
              </>
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
