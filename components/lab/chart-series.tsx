/**
 * The moving part of a live chart: its series as pieces of absolute time (chart-chunks) in one group that
 * slides left as time passes, clipped to the plot. From one snapshot to the next only the group's offset and
 * each series' newest piece change; the frame (chart-frame) stands still. A piece whose path is as before
 * keeps its string (chart-path-cache) and its memoised element, so React neither rebuilds nor revisits it.
 */
import { memo, useEffect, useId, useState, type ReactNode } from 'react';
import { chunkSeries, slide } from './chart-chunks';
import { linearScale, plotArea, type Scale } from './chart-geometry';
import { PathCache } from './chart-path-cache';

/** What a chart draws its series with inside the sliding group. */
export interface SeriesLayout {
  /** A point's x (its time, Unix ms) to its place in the group, which stays put as now moves. */
  sx: Scale;
  sy: Scale;
  /**
   * A series cut into its pieces (chart-chunks' chunkSeries), each a path of its own drawn by `draw` with
   * sx and sy. `series` names it within the chart; `style` is whatever else `draw` depends on (a marker's
   * shape and size), so a piece is redrawn when that changes.
   */
  paths: <P extends { x: number; y: number | null }>(
    series: string,
    points: readonly P[],
    joined: boolean,
    style: string,
    draw: (points: P[]) => string,
  ) => ReactNode[];
}

export interface SlidingSeriesProps {
  width: number;
  height: number;
  /** Seconds relative to now, as the time axis reads. */
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  /** The snapshot's clock, Unix ms. */
  now: number;
  children: (layout: SeriesLayout) => ReactNode;
}

const px = (v: number): string => String(Math.round(v * 10) / 10);

/** One piece of a series; its group sets the stroke or fill. */
const ChunkPath = memo(function ChunkPath({ d }: { d: string }) {
  return <path d={d} />;
});

export function SlidingSeries({ width, height, xDomain, yDomain, now, children }: SlidingSeriesProps) {
  const clip = useId();
  const [cache] = useState(() => new PathCache());
  // The pieces drawn in this render are kept; those that slid out of the window are let go.
  useEffect(() => cache.sweep());
  const { left, top, right, bottom } = plotArea(width, height);
  const span = xDomain[1] - xDomain[0];
  const k = span > 0 ? (right - left) / span : 0;
  const { originMs, offsetPx } = slide(now + Math.round(xDomain[1] * 1000), span, left, k);
  const scales = `${originMs} ${k} ${yDomain[0]} ${yDomain[1]} ${top} ${bottom}`;
  const layout: SeriesLayout = {
    // Laid out against the fixed origin, a point keeps its place as now moves.
    sx: (x) => ((x - originMs) / 1000) * k,
    sy: linearScale(yDomain, [bottom, top]),
    paths: (series, points, joined, style, draw) =>
      chunkSeries(points, joined).map((c) => (
        <ChunkPath key={c.key} d={cache.path(series, c, `${scales} ${style}`, draw)} />
      )),
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
