import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { CHART_THEME } from './chart-theme';
import { formatCompact, formatSecondsAgo } from './format';
import type { RateRow } from './series';

export interface RateChartProps {
  rows: RateRow[];
  domain: [number, number];
  testId: string;
}

const axisTick = { fontSize: CHART_THEME.axisFontSize, fill: CHART_THEME.axis };

/** rate() computed from the scraped counter against the true request rate over the same window. */
export function RateChart({ rows, domain, testId }: RateChartProps) {
  const computed = rows.filter((r) => r.computed !== null).length;
  return (
    <div className="chart chart-rate" data-testid={testId} data-points={computed} data-rows={rows.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} />
          <XAxis
            type="number"
            dataKey="x"
            domain={domain}
            allowDataOverflow
            tickFormatter={formatSecondsAgo}
            tick={axisTick}
            label={{ value: 'seconds ago', position: 'insideBottom', offset: -12, fill: CHART_THEME.axis }}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            tickFormatter={formatCompact}
            tick={axisTick}
            width={64}
            label={{ value: 'req/s', angle: -90, position: 'insideLeft', offset: 4, fill: CHART_THEME.axis }}
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
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
