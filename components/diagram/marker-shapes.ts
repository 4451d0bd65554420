/**
 * SVG paths for the worker markers, with the same geometry as the charts' recharts (d3) symbols, so a
 * worker's triangle in the diagram is the triangle in the chart. Drawn here because recharts cannot be
 * imported into a server-rendered SVG. `area` is in square user units, like recharts' `size`.
 */
import type { WorkerShape } from '../lab/worker-styles';

type Vertex = readonly [number, number];

const SQRT3 = Math.sqrt(3);
const TAN30 = Math.sqrt(1 / 3);
const STAR_KA = 0.8908130915292852;
const STAR_KR = Math.sin(Math.PI / 10) / Math.sin((7 * Math.PI) / 10);
const WYE_K = 1 / Math.sqrt(12);
const WYE_A = (WYE_K / 2 + 1) * 3;

/** Polygon corners around (0, 0) for every shape but the circle. */
export function markerVertices(shape: Exclude<WorkerShape, 'circle'>, area: number): Vertex[] {
  switch (shape) {
    case 'square': {
      const h = Math.sqrt(area) / 2;
      return [
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
      ];
    }
    case 'triangle': {
      const y = -Math.sqrt(area / (SQRT3 * 3));
      return [
        [0, y * 2],
        [-SQRT3 * y, -y],
        [SQRT3 * y, -y],
      ];
    }
    case 'diamond': {
      const y = Math.sqrt(area / (TAN30 * 2));
      const x = y * TAN30;
      return [
        [0, -y],
        [x, 0],
        [0, y],
        [-x, 0],
      ];
    }
    case 'star': {
      const r = Math.sqrt(area * STAR_KA);
      const x = Math.sin((2 * Math.PI) / 10) * STAR_KR * r;
      const y = -Math.cos((2 * Math.PI) / 10) * STAR_KR * r;
      const points: Vertex[] = [
        [0, -r],
        [x, y],
      ];
      for (let i = 1; i < 5; i += 1) {
        const a = (2 * Math.PI * i) / 5;
        const c = Math.cos(a);
        const s = Math.sin(a);
        points.push([s * r, -c * r], [c * x - s * y, s * x + c * y]);
      }
      return points;
    }
    case 'wye': {
      const r = Math.sqrt(area / WYE_A);
      const c = -0.5;
      const s = SQRT3 / 2;
      const arm: Vertex[] = [
        [r / 2, r * WYE_K],
        [r / 2, r * WYE_K + r],
        [-r / 2, r * WYE_K + r],
      ];
      const turn = ([x, y]: Vertex, sign: 1 | -1): Vertex => [c * x - sign * s * y, sign * s * x + c * y];
      return [...arm, ...arm.map((p) => turn(p, 1)), ...arm.map((p) => turn(p, -1))];
    }
  }
}

const fixed = (n: number): string => String(Math.round(n * 100) / 100);

/** The marker's outline as an SVG path centred on (cx, cy). */
export function markerPath(shape: WorkerShape, cx: number, cy: number, area: number): string {
  if (shape === 'circle') {
    const r = Math.sqrt(area / Math.PI);
    return `M${fixed(cx + r)},${fixed(cy)}A${fixed(r)},${fixed(r)} 0 1 1 ${fixed(cx - r)},${fixed(cy)}A${fixed(r)},${fixed(r)} 0 1 1 ${fixed(cx + r)},${fixed(cy)}Z`;
  }
  const [first, ...rest] = markerVertices(shape, area).map(([x, y]) => `${fixed(cx + x)},${fixed(cy + y)}`);
  return `M${first}${rest.map((p) => `L${p}`).join('')}Z`;
}

/** A bold ✕ centred on (cx, cy), `size` from the centre to each arm's end: the mark of a failed scrape. */
export function crossPath(cx: number, cy: number, size: number): string {
  const a = fixed(cx - size);
  const b = fixed(cx + size);
  const top = fixed(cy - size);
  const bottom = fixed(cy + size);
  return `M${a},${top}L${b},${bottom}M${b},${top}L${a},${bottom}`;
}
