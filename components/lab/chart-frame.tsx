/**
 * A live chart's frame: the grid, the time axis and the value axis, drawn as recharts draws the scenes'
 * charts (its tick sizes and room for labels). It is memoised on its size and its axes, so a snapshot
 * that moves neither leaves it alone; the series are drawn beside it on every snapshot.
 */
import { memo } from 'react';
import { chartScales, plotArea, TICK_SIZE } from './chart-geometry';
import { CHART_THEME } from './chart-theme';
import { formatCompact, formatSecondsAgo } from './format';

export interface ChartFrameProps {
  width: number;
  height: number;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  xTicks: readonly number[];
  yTicks: readonly number[];
}

/** recharts' axis grey. */
const AXIS_LINE = '#666';
const LABEL_GAP = 2;

export const ChartFrame = memo(function ChartFrame({
  width,
  height,
  xDomain,
  yDomain,
  xTicks,
  yTicks,
}: ChartFrameProps) {
  const { left, top, right, bottom } = plotArea(width, height);
  const { sx, sy } = chartScales(width, height, xDomain, yDomain);
  const label = { fontSize: CHART_THEME.axisFontSize, fill: CHART_THEME.axis };
  return (
    <g className="chart-frame">
      <g className="chart-grid" stroke={CHART_THEME.grid}>
        {yTicks.map((t) => (
          <line key={`y${t}`} x1={left} x2={right} y1={sy(t)} y2={sy(t)} />
        ))}
        {xTicks.map((t) => (
          <line key={`x${t}`} x1={sx(t)} x2={sx(t)} y1={top} y2={bottom} />
        ))}
      </g>
      <g className="chart-axis chart-axis-x">
        <line className="chart-axis-line" x1={left} x2={right} y1={bottom} y2={bottom} stroke={AXIS_LINE} />
        {xTicks.map((t) => (
          <g key={t}>
            <line
              className="chart-tick-line"
              x1={sx(t)}
              x2={sx(t)}
              y1={bottom}
              y2={bottom + TICK_SIZE}
              stroke={AXIS_LINE}
            />
            <text
              className="chart-tick-label"
              x={sx(t)}
              y={bottom + TICK_SIZE + LABEL_GAP}
              dy="0.71em"
              textAnchor="middle"
              {...label}
            >
              {formatSecondsAgo(t)}
            </text>
          </g>
        ))}
      </g>
      <g className="chart-axis chart-axis-y">
        <line className="chart-axis-line" x1={left} x2={left} y1={top} y2={bottom} stroke={AXIS_LINE} />
        {yTicks.map((t) => (
          <g key={t}>
            <line
              className="chart-tick-line"
              x1={left - TICK_SIZE}
              x2={left}
              y1={sy(t)}
              y2={sy(t)}
              stroke={AXIS_LINE}
            />
            <text
              className="chart-tick-label"
              x={left - TICK_SIZE - LABEL_GAP}
              y={sy(t)}
              dy="0.355em"
              textAnchor="end"
              {...label}
            >
              {formatCompact(t)}
            </text>
          </g>
        ))}
      </g>
    </g>
  );
});
