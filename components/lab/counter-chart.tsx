import {
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Scatter,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { CHART_THEME, markerArea } from './chart-theme';
import { formatCompact, formatSecondsAgo } from './format';
import { FailureMark } from './markers';
import type { CounterSeries } from './series';

export interface CounterChartProps {
  series: CounterSeries;
  domain: [number, number];
  testId: string;
}

const axisTick = { fontSize: CHART_THEME.axisFontSize, fill: CHART_THEME.axis };

/**
 * The scraped counter against the truth: one marker per scrape, in the style of the worker that answered.
 * Time runs to "now" at the right edge, in seconds ago, as in the rate chart below.
 */
export function CounterChart({ series, domain, testId }: CounterChartProps) {
  const plotted = series.workers.reduce((n, w) => n + w.points.length, series.unidentified.length);
  const area = markerArea(plotted + series.failures.length);
  return (
    <div
      className="chart chart-counter"
      data-testid={testId}
      data-points={plotted}
      data-failures={series.failures.length}
      data-truth-points={series.truth.length}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
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
            dataKey="y"
            domain={['auto', 'auto']}
            tickFormatter={formatCompact}
            tick={axisTick}
            width={48}
          />
          <ZAxis range={[area, area]} />
          <Line
            name="truth"
            data={series.truth}
            dataKey="y"
            stroke={CHART_THEME.truth}
            strokeWidth={3}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            name="scraped"
            data={series.scraped}
            dataKey="y"
            stroke={CHART_THEME.scrapedLine}
            strokeWidth={1.5}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          {series.workers.map((w) => (
            <Scatter
              key={w.answerer}
              name={w.answerer}
              data={w.points}
              dataKey="y"
              fill={w.style.color}
              shape={w.style.shape}
              isAnimationActive={false}
            />
          ))}
          <Scatter
            name="unidentified"
            data={series.unidentified}
            dataKey="y"
            fill={CHART_THEME.unidentified}
            shape="circle"
            isAnimationActive={false}
          />
          <Scatter
            name="failed scrape"
            data={series.failures}
            dataKey="y"
            shape={(props: { cx?: number; cy?: number }) => (
              <FailureMark cx={props.cx} cy={props.cy} size={Math.max(5, Math.sqrt(area) * 0.6)} />
            )}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
