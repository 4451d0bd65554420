import type { RouteView } from '../../server/lab/types';
import { formatCount, formatMilliseconds } from '../lab/format';
import { MetricChart } from './metric-chart';
import { countValues, latestValue, meanLatencyRows, valueRows } from './metric-series';
import type { Palette } from './palette';

export interface BasicsSceneProps {
  route: RouteView;
  now: number;
  domain: [number, number];
  palette: Palette;
}

function Card({
  kind,
  sentence,
  metric,
  children,
}: {
  kind: string;
  sentence: string;
  metric: string;
  children: React.ReactNode;
}) {
  return (
    <section className="basics-card" data-testid={`basics-${kind.toLowerCase()}`}>
      <h2>{kind}</h2>
      <p className="basics-sentence">{sentence}</p>
      <code className="basics-metric">{metric}</code>
      {children}
    </section>
  );
}

/** Monitoring 101: a counter, a gauge and a histogram, each a small live example from one route. */
export function BasicsScene({ route, now, domain, palette }: BasicsSceneProps) {
  const counter = valueRows(route.scrapes, now, (s) => s.counter);
  const gauge = valueRows(route.scrapes, now, (s) => s.inFlight);
  const latency = meanLatencyRows(route.scrapes, now);
  const count = latestValue(route.scrapes, (s) => s.histogramCount);
  const p90 = route.prometheus?.p90Seconds.value ?? null;
  const line = (label: string) => [{ key: 'value' as const, label, color: palette.good, width: 3 }];
  const { spec } = route;

  return (
    <div className="basics">
      <Card
        kind="Counter"
        sentence="Only goes up while the process lives: here, requests answered."
        metric={spec.counterMetric}
      >
        <p className="basics-value" data-testid="basics-counter-value">
          {formatCount(latestValue(route.scrapes, (s) => s.counter))}
        </p>
        <MetricChart
          rows={counter}
          lines={line('requests answered')}
          domain={domain}
          palette={palette}
          points={countValues(counter, (r) => r.value)}
          testId="basics-counter-chart"
        />
      </Card>
      <Card
        kind="Gauge"
        sentence="Goes up and down, between a floor and a ceiling: here, requests in flight."
        metric={spec.gaugeMetric}
      >
        <p className="basics-value" data-testid="basics-gauge-value">
          {formatCount(latestValue(route.scrapes, (s) => s.inFlight))}
        </p>
        <MetricChart
          rows={gauge}
          lines={line('requests in flight')}
          domain={domain}
          palette={palette}
          points={countValues(gauge, (r) => r.value)}
          testId="basics-gauge-chart"
        />
      </Card>
      <Card
        kind="Histogram"
        sentence="Counts observations into buckets: here, how long each request took."
        metric={spec.histogramMetric}
      >
        <p className="basics-value basics-value-split" data-testid="basics-histogram-value">
          <span>
            {formatCount(count)} <small>observed</small>
          </span>
          <span title="histogram_quantile(0.9, …) from Prometheus, computed from the buckets">
            p90 {formatMilliseconds(p90)}
            <small>&thinsp;ms</small>
          </span>
        </p>
        <MetricChart
          rows={latency}
          lines={line('mean ms between scrapes')}
          domain={domain}
          palette={palette}
          points={countValues(latency, (r) => r.value)}
          testId="basics-histogram-chart"
        />
        <p className="basics-caption">mean duration, ms (sum ÷ count between scrapes)</p>
      </Card>
    </div>
  );
}
