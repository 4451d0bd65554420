import { memo } from 'react';
import { Symbols } from 'recharts';
import { crossPath } from '../diagram/marker-shapes';
import { CHART_THEME } from './chart-theme';
import type { WorkerShape } from './worker-styles';

/** A failed scrape: a bold ✕ about (cx, cy), as the counter chart draws each one. */
function FailureMark({ cx, cy, size }: { cx: number; cy: number; size: number }) {
  return (
    <path
      d={crossPath(cx, cy, size)}
      stroke={CHART_THEME.failure}
      strokeWidth={3}
      strokeLinecap="round"
      fill="none"
    />
  );
}

/** Legend swatch with the same symbol the chart draws; memoised, as a legend's counts change every second. */
export const LegendSymbol = memo(function LegendSymbol({
  shape,
  color,
}: {
  shape: WorkerShape | 'failure';
  color: string;
}) {
  return (
    <svg width={18} height={18} viewBox="0 0 18 18" aria-hidden="true" className="legend-symbol">
      {shape === 'failure' ? (
        <FailureMark cx={9} cy={9} size={6} />
      ) : (
        <Symbols cx={9} cy={9} type={shape} size={CHART_THEME.markerSize} fill={color} />
      )}
    </svg>
  );
});

/** Legend swatch for a line: solid, or dashed with the chart's own dash pattern. */
export const LegendLine = memo(function LegendLine({ color, dash }: { color: string; dash?: string }) {
  return (
    <svg width={26} height={18} viewBox="0 0 26 18" aria-hidden="true" className="legend-symbol">
      <line x1={1} y1={9} x2={25} y2={9} stroke={color} strokeWidth={3} strokeDasharray={dash} />
    </svg>
  );
});
