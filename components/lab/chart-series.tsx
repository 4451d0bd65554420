/**
 * The moving part of a live chart: its series as pieces of absolute time (chart-chunks) in an SVG of their
 * own over the frame (chart-frame), which slides left as time passes inside a box cut to the plot. From one
 * snapshot to the next only the slide and each series' newest piece change. The slide is a CSS transform of
 * a layer of its own (will-change), which the compositor moves without repainting what it holds; a piece
 * whose path is as before keeps its string (chart-path-cache) and its memoised element, so React neither
 * rebuilds nor revisits it.
 */
import { memo, useEffect, useState, type ReactNode } from 'react';
import { chunkSeries, ORIGIN_SECONDS, slide } from './chart-chunks';
import { linearScale, plotArea, type Scale } from './chart-geometry';
import { PathCache } from './chart-path-cache';

/** What a chart draws its series with inside the sliding group. */
export interface SeriesLayout {
  /** A point's x (its time, Unix ms) to its place in the sliding SVG, which stays put as now moves. */
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

/** Room right of the plot for a marker at "now" to show whole, as the frame's SVG leaves it. */
const RIGHT_ROOM = 16;

export function SlidingSeries({ width, height, xDomain, yDomain, now, children }: SlidingSeriesProps) {
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
      chunkSeries(points, joined).map((c, i) => (
        <ChunkPath key={c.key} d={cache.path(series, c, `${scales} ${style}`, draw, i === 0)} />
      )),
  };
  // The SVG holds every place a point of the window can have while the origin holds: from a span before it
  // (the lead) to ORIGIN_SECONDS after it.
  const lead = Math.ceil(span * k);
  const seriesWidth = lead + Math.ceil(ORIGIN_SECONDS * k) + RIGHT_ROOM;
  return (
    <div className="chart-plot" style={{ left, width: Math.max(0, right - left + RIGHT_ROOM), height }}>
      <svg
        className="chart-series"
        width={seriesWidth}
        height={height}
        style={{ transform: `translateX(${px(offsetPx - left - lead)}px)` }}
      >
        <g transform={`translate(${lead},0)`}>{children(layout)}</g>
      </svg>
    </div>
  );
}
