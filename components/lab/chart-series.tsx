/**
 * The moving part of a live chart: its series as pieces of absolute time (chart-chunks) in one group that
 * slides left as time passes, clipped to the plot. From one snapshot to the next only the group's offset and
 * each series' newest piece change; the frame (chart-frame) stands still.
 */
import { useId, type ReactNode } from 'react';
import { absoluteMs, chunkSeries, slide, type Chunk } from './chart-chunks';
import { linearScale, plotArea, type Scale } from './chart-geometry';

/** What a chart draws its series with inside the sliding group. */
export interface SeriesLayout {
  /** A point's x (seconds relative to now) to its place in the group, which stays put as now moves. */
  sx: Scale;
  sy: Scale;
  /** A series cut into its pieces, each drawn as a path of its own (chart-chunks' chunkSeries). */
  chunks: <P extends { x: number }>(points: readonly P[], joined: boolean) => Chunk<P>[];
}

export interface SlidingSeriesProps {
  width: number;
  height: number;
  /** Seconds relative to now, as the charts' data has them. */
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  /** The snapshot's clock, Unix ms. */
  now: number;
  children: (layout: SeriesLayout) => ReactNode;
}

const px = (v: number): string => String(Math.round(v * 10) / 10);

export function SlidingSeries({ width, height, xDomain, yDomain, now, children }: SlidingSeriesProps) {
  const clip = useId();
  const { left, top, right, bottom } = plotArea(width, height);
  const span = xDomain[1] - xDomain[0];
  const k = span > 0 ? (right - left) / span : 0;
  const { originMs, offsetPx } = slide(absoluteMs(now, xDomain[1]), span, left, k);
  const layout: SeriesLayout = {
    // A point's x is relative to now; laid out against the fixed origin it keeps its place as now moves.
    sx: (x) => ((absoluteMs(now, x) - originMs) / 1000) * k,
    sy: linearScale(yDomain, [bottom, top]),
    chunks: (points, joined) => chunkSeries(points, now, joined),
  };
  return (
    <g className="chart-series" clipPath={`url(#${clip})`}>
      <clipPath id={clip}>
        {/* Markers on the plot's edges stay whole: the clip only cuts what slid out of the window. */}
        <rect x={left} y={0} width={Math.max(0, right - left + 16)} height={height} />
      </clipPath>
      <g transform={`translate(${px(offsetPx)},0)`}>{children(layout)}</g>
    </g>
  );
}
