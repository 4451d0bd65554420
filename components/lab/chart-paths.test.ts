import { describe, expect, it } from 'vitest';
import { crossPath, markerVertices } from '../diagram/marker-shapes';
import { crossesPath, linePath, markersPath } from './chart-paths';
import { WORKER_SHAPES } from './worker-styles';

const identity = (v: number) => v;
const double = (v: number) => v * 2;

describe('linePath', () => {
  it.each([
    { name: 'no points', points: [], want: '' },
    { name: 'one point: a move, nothing drawn', points: [{ x: 1, y: 2 }], want: 'M2,4' },
    {
      name: 'points in order',
      points: [
        { x: 0, y: 0 },
        { x: 1, y: 2 },
        { x: 2, y: 1 },
      ],
      want: 'M0,0L2,4L4,2',
    },
    {
      name: 'a null breaks the line, never a zero',
      points: [
        { x: 0, y: 1 },
        { x: 1, y: null },
        { x: 2, y: 3 },
        { x: 3, y: 4 },
      ],
      want: 'M0,2M4,6L6,8',
    },
    { name: 'rounded to a tenth of a pixel', points: [{ x: 0.123, y: 1.26 }], want: 'M0.2,2.5' },
  ])('$name', ({ points, want }) => {
    expect(linePath(points, double, double)).toBe(want);
  });
});

/** The corners of each closed polygon of a path of one absolute move then relative lines per marker. */
function polygons(d: string): [number, number][][] {
  return d
    .split('M')
    .filter(Boolean)
    .map((marker) => {
      const [startText = '', ...steps] = marker.replace(/z$/, '').split('l');
      let [x, y] = startText.split(',').map(Number) as [number, number];
      const corners: [number, number][] = [[x, y]];
      for (const step of steps) {
        const [dx, dy] = step.split(',').map(Number) as [number, number];
        [x, y] = [x + dx, y + dy];
        corners.push([x, y]);
      }
      return corners;
    });
}

describe('markersPath', () => {
  const points = [
    { x: 10, y: 10 },
    { x: 30, y: 5 },
  ];

  it.each(WORKER_SHAPES.filter((s) => s !== 'circle'))(
    '%s: the diagram’s corners about each scaled point, one move per marker',
    (shape) => {
      const drawn = polygons(markersPath(points, shape, 110, double, double));
      const centres = [
        [20, 20],
        [60, 10],
      ];
      expect(drawn).toHaveLength(2);
      drawn.forEach((corners, i) => {
        const [cx, cy] = centres[i] as [number, number];
        const want = markerVertices(shape, 110);
        expect(corners).toHaveLength(want.length);
        // Relative steps of a tenth of a pixel each: the corners drift by a few tenths at most.
        corners.forEach(([x, y], k) => {
          const [wx, wy] = want[k] as readonly [number, number];
          expect(Math.abs(x - (cx + wx))).toBeLessThan(0.5);
          expect(Math.abs(y - (cy + wy))).toBeLessThan(0.5);
        });
      });
    },
  );

  it('a square, exactly', () => {
    expect(markersPath([{ x: 10, y: 10 }], 'square', 16, double, double)).toBe('M18,18l4,0l0,4l-4,0z');
  });

  it('a circle: two arcs of the radius that covers the area, from its rightmost point', () => {
    const r = Math.round(Math.sqrt(110 / Math.PI) * 10) / 10;
    expect(markersPath([{ x: 10, y: 20 }], 'circle', 110, identity, identity)).toBe(
      `M${10 + r},20a${r},${r} 0 1 1 ${-2 * r},0a${r},${r} 0 1 1 ${2 * r},0z`,
    );
  });

  it.each(WORKER_SHAPES)('%s: nothing for no points', (shape) => {
    expect(markersPath([], shape, 110, identity, identity)).toBe('');
  });
});

describe('crossesPath', () => {
  it.each([
    { points: [], want: '' },
    { points: [{ x: 10, y: 20 }], want: crossPath(20, 40, 5) },
    {
      points: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
      want: crossPath(0, 0, 5) + crossPath(2, 2, 5),
    },
  ])('$points.length point(s): a ✕ about each scaled point', ({ points, want }) => {
    expect(crossesPath(points, 5, double, double)).toBe(want);
  });
});
