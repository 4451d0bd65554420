import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { CHART_THEME } from './chart-theme';
import { formatCompact, formatSecondsAgo } from './format';
import type { PrometheusRateRow, RateRow } from './series';

export interface RateChartProps {
  rows: RateRow[];
  /** Prometheus' own rate() over time; empty when Prometheus is not in the loop. */
  prometheus: PrometheusRateRow[];
  domain: [number, number];
  testId: string;
}

const axisTick = { fontSize: CHART_THEME.axisFontSize, fill: CHART_THEME.axis };

/**
 * rate() computed from the lab's scrapes and as Prometheus answers it, against the true request rate over
 * the same window. Prometheus' line has its own timestamps, so it carries its own data.
 */
export function RateChart({ rows, prometheus, domain, testId }: RateChartProps) {
  const computed = rows.filter((r) => r.computed !== null).length;
  const fromPrometheus = prometheus.filter((r) => r.prometheus !== null).length;
  return (
    <div
      className="chart chart-rate"
      data-testid={testId}
      data-points={computed}
      data-rows={rows.length}
      data-prometheus-points={fromPrometheus}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} />
          <XAxis
            type="number"
            dataKey="x"
            domain={domain}
            allowDataOverflow
            tickFormatter={formatSecondsAgo}
            tick={axisTick}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            tickFormatter={formatCompact}
            tick={axisTick}
            width={48}
          />
          <Line
            name="true rate"
            dataKey="truth"
            stroke={CHART_THEME.truth}
            strokeWidth={3}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            name="computed rate"
            dataKey="computed"
            stroke={CHART_THEME.computedRate}
            strokeWidth={2.5}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            name="Prometheus rate()"
            className="line-prometheus"
            data={prometheus}
            dataKey="prometheus"
            stroke={CHART_THEME.prometheusRate}
            strokeWidth={3}
            strokeDasharray={CHART_THEME.prometheusDash}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
