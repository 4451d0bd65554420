import { memo } from 'react';
import { ChartFrame } from './chart-frame';
import { timeTicks } from './chart-geometry';
import { linePath } from './chart-paths';
import { SlidingSeries } from './chart-series';
import { CHART_THEME } from './chart-theme';
import type { PrometheusRateRow, RateRow } from './series';
import { useElementSize } from './use-element-size';
import { useEqual } from './use-equal';
import { useValueAxis } from './use-value-axis';

export interface RateChartProps {
  rows: RateRow[];
  /** Prometheus' own rate() over time; empty when Prometheus is not in the loop. */
  prometheus: PrometheusRateRow[];
  domain: [number, number];
  /** The snapshot's clock, Unix ms: the right edge of the time axis. */
  now: number;
  testId: string;
}

/**
 * rate() computed from the lab's scrapes and as Prometheus answers it, against the true request rate over
 * the same window. Prometheus' line has its own timestamps, so it carries its own data. The lines slide
 * left as one group, drawn in pieces (chart-series): a snapshot redraws the newest piece of each.
 */
export const RateChart = memo(function RateChart({ rows, prometheus, domain, now, testId }: RateChartProps) {
  const [ref, size] = useElementSize<HTMLDivElement>();
  const computed = rows.filter((r) => r.computed !== null).length;
  const fromPrometheus = prometheus.filter((r) => r.prometheus !== null).length;
  const xDomain = useEqual(domain);
  const xTicks = useEqual(timeTicks(domain));
  const axis = useValueAxis(
    [...rows.flatMap((r) => [r.computed, r.truth]), ...prometheus.map((p) => p.prometheus)],
    true,
  );
  const lines = [
    {
      name: 'computed rate',
      className: 'series-line',
      points: rows.map((r) => ({ x: r.x, y: r.computed })),
      stroke: CHART_THEME.computedRate,
      width: 4,
    },
    {
      name: 'Prometheus rate()',
      className: 'series-line line-prometheus',
      points: prometheus.map((p) => ({ x: p.x, y: p.prometheus })),
      stroke: CHART_THEME.prometheusRate,
      width: 3,
      dash: CHART_THEME.prometheusDash,
    },
    // Last and narrowest: where a rate() is right it lies under the truth and shows on either side of it.
    {
      name: 'true rate',
      className: 'series-line',
      points: rows.map((r) => ({ x: r.x, y: r.truth })),
      stroke: CHART_THEME.truth,
      width: CHART_THEME.truthWidth,
    },
  ];
  return (
    <div
      ref={ref}
      className="chart chart-rate"
      data-testid={testId}
      data-points={computed}
      data-rows={rows.length}
      data-prometheus-points={fromPrometheus}
    >
      {size && (
        <>
          <svg width={size.width} height={size.height} className="chart-svg">
            <ChartFrame
              width={size.width}
              height={size.height}
              xDomain={xDomain}
              yDomain={axis.domain}
              xTicks={xTicks}
              yTicks={axis.ticks}
            />
          </svg>
          <SlidingSeries
            width={size.width}
            height={size.height}
            xDomain={xDomain}
            yDomain={axis.domain}
            now={now}
          >
            {({ sx, sy, paths }) =>
              lines.map((line) => (
                <g
                  key={line.name}
                  className={line.className}
                  data-series={line.name}
                  stroke={line.stroke}
                  strokeWidth={line.width}
                  strokeDasharray={line.dash}
                  fill="none"
                >
                  {paths(line.name, line.points, true, '', (points) => linePath(points, sx, sy))}
                </g>
              ))
            }
          </SlidingSeries>
        </>
      )}
    </div>
  );
});
