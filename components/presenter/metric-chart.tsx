import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatCompact, formatSecondsAgo } from '../lab/format';
import type { Palette } from './palette';

export interface MetricLine<Row> {
  key: keyof Row & string;
  label: string;
  color: string;
  width: number;
  dash?: string;
  /**
   * Drawn after the others: the truth, which a line that matches it would otherwise cover. Give it the
   * narrower stroke, so the line beneath shows on either side of it.
   */
  onTop?: boolean;
}

export interface MetricChartProps<Row extends { x: number }> {
  rows: Row[];
  lines: MetricLine<Row>[];
  /** Seconds relative to now, as in the lab's charts. */
  domain: [number, number];
  palette: Palette;
  /** Rows with a value in the first line: a test can wait for data to arrive. */
  points: number;
  testId: string;
}

/**
 * A few lines over time, on the lab's clock: the presenter's small live examples. Gaps stay gaps; the
 * axis text is sized by the stylesheet so it grows with the screen.
 */
export function MetricChart<Row extends { x: number }>({
  rows,
  lines,
  domain,
  palette,
  points,
  testId,
}: MetricChartProps<Row>) {
  const tick = { fill: palette.axis };
  return (
    <div className="metric-chart" data-testid={testId} data-points={points}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={palette.grid} />
          <XAxis
            type="number"
            dataKey="x"
            domain={domain}
            allowDataOverflow
            tickFormatter={formatSecondsAgo}
            tick={tick}
            stroke={palette.axis}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            tickFormatter={formatCompact}
            tick={tick}
            stroke={palette.axis}
            width={64}
          />
          {[...lines.filter((l) => !l.onTop), ...lines.filter((l) => l.onTop)].map((line) => (
            <Line
              key={line.key}
              name={line.label}
              dataKey={line.key}
              stroke={line.color}
              strokeWidth={line.width}
              strokeDasharray={line.dash}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The legend for a MetricChart: the same stroke, width and dash as the line. */
export function MetricLegend<Row>({ lines }: { lines: MetricLine<Row>[] }) {
  return (
    <ul className="metric-legend">
      {lines.map((line) => (
        <li key={line.key}>
          <svg width={34} height={16} viewBox="0 0 34 16" aria-hidden="true">
            <line
              x1={1}
              y1={8}
              x2={33}
              y2={8}
              stroke={line.color}
              strokeWidth={Math.max(3, line.width)}
              strokeDasharray={line.dash}
            />
          </svg>
          {line.label}
        </li>
      ))}
    </ul>
  );
}
