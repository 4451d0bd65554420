import type { ReactNode } from 'react';
import type { RouteView } from '../../server/lab/types';
import { MetricChart, MetricLegend, type MetricLine } from './metric-chart';
import { countValues, gaugeMeans, gaugeRows, type GaugeRow } from './metric-series';
import { DASH, type Palette } from './palette';

export interface GaugesSceneProps {
  route: RouteView;
  now: number;
  domain: [number, number];
  palette: Palette;
  /** The lines of source that send the two gauges (rendered on the server). */
  source: ReactNode;
}

const mean = (value: number | null) => (value === null ? '\u2014' : value.toFixed(1));

/** Scene 10: requests in flight three ways: the truth, the gauge sent as deltas, the gauge set by each worker. */
export function GaugesScene({ route, now, domain, palette, source }: GaugesSceneProps) {
  const rows = gaugeRows(route.scrapes, now);
  const means = gaugeMeans(rows);
  const lines: MetricLine<GaugeRow>[] = [
    {
      key: 'truth',
      label: 'truth: the load generator’s count',
      color: palette.truth,
      width: 2.5,
      onTop: true,
    },
    // Wider than the truth drawn over it: where the deltas follow the truth, they show on either side.
    { key: 'deltas', label: 'sent as +1 / −1 deltas', color: palette.good, width: 6 },
    {
      key: 'lastWriter',
      label: 'sent with set: last writer wins',
      color: palette.wrong,
      width: 3,
      dash: DASH.wrong,
    },
  ];
  const figures = [
    { id: 'truth', label: 'truth' },
    { id: 'deltas', label: 'sent as deltas' },
    { id: 'last-writer', label: 'set: last writer' },
  ] as const;
  const values = { truth: means.truth, deltas: means.deltas, 'last-writer': means.lastWriter };
  return (
    <div className="scene-columns scene-columns-source">
      <div className="scene-main">
        <h3 className="chart-title">
          <span>
            Mean requests in flight <span className="chart-unit">over the last {means.rows} scrapes</span>
          </span>
        </h3>
        <div className="gauge-figures" data-testid="gauge-means" data-rows={means.rows}>
          {figures.map((f) => (
            <div
              key={f.id}
              className={`figure gauge-figure gauge-${f.id}`}
              data-testid={`gauge-mean-${f.id}`}
            >
              <div className="figure-value">{mean(values[f.id])}</div>
              <div className="figure-label">{f.label}</div>
            </div>
          ))}
        </div>
        <h3 className="chart-title">
          <span>
            Requests in flight, <code>{route.spec.gaugeMetric}</code>
          </span>
        </h3>
        <MetricChart
          rows={rows}
          lines={lines}
          domain={domain}
          palette={palette}
          points={countValues(rows, (r) => r.deltas)}
          testId="gauge-chart"
        />
        <MetricLegend lines={lines} />
      </div>
      <aside className="scene-aside aside-source" data-testid="scene-source">
        {source}
      </aside>
    </div>
  );
}
