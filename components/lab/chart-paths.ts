/**
 * SVG paths for a chart's series, one path per series however many points it has: a line (broken at nulls,
 * never drawn through a gap), a worker's marker at every point (the diagram's marker shapes, d3's symbols
 * of the same area), and a ✕ at every failed scrape. A chart redrawn every second then changes a few
 * attributes instead of re-creating an element per point. Coordinates are pixels, from the chart's scales.
 * Pure.
 */
import { crossPath, markerVertices } from '../diagram/marker-shapes';
import type { Scale } from './chart-geometry';
import type { WorkerShape } from './worker-styles';

/** A tenth of a pixel is finer than a screen shows, and keeps the paths short. */
const px = (v: number): string => String(Math.round(v * 10) / 10);

/** Polylines through the points in order; a null y ends one and the next number starts another. */
export function linePath(points: readonly { x: number; y: number | null }[], sx: Scale, sy: Scale): string {
  let d = '';
  let open = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      open = false;
      continue;
    }
    d += `${open ? 'L' : 'M'}${px(sx(p.x))},${px(sy(p.y))}`;
    open = true;
  }
  return d;
}

/**
 * A shape's outline from its first corner on, in relative commands: the same string for every marker of a
 * series, so a marker costs one absolute move. Corners are the diagram's (d3's symbols of `area` px²).
 */
function outline(shape: WorkerShape, area: number): { start: [number, number]; rest: string } {
  if (shape === 'circle') {
    const r = Math.sqrt(area / Math.PI);
    const arc = `a${px(r)},${px(r)} 0 1 1 `;
    return { start: [r, 0], rest: `${arc}${px(-2 * r)},0${arc}${px(2 * r)},0z` };
  }
  const [first, ...corners] = markerVertices(shape, area) as [[number, number], ...[number, number][]];
  let [x, y] = first;
  let rest = '';
  for (const [cx, cy] of corners) {
    rest += `l${px(cx - x)},${px(cy - y)}`;
    [x, y] = [cx, cy];
  }
  return { start: first, rest: `${rest}z` };
}

/** One `shape` of `area` px² centred on each point, all in one path. */
export function markersPath(
  points: readonly { x: number; y: number }[],
  shape: WorkerShape,
  area: number,
  sx: Scale,
  sy: Scale,
): string {
  const { start, rest } = outline(shape, area);
  return points.map((p) => `M${px(sx(p.x) + start[0])},${px(sy(p.y) + start[1])}${rest}`).join('');
}

/** A ✕ reaching `size` px from its centre on each point, for a stroked path (the failed scrapes). */
export function crossesPath(
  points: readonly { x: number; y: number }[],
  size: number,
  sx: Scale,
  sy: Scale,
): string {
  return points.map((p) => crossPath(sx(p.x), sy(p.y), size)).join('');
}
