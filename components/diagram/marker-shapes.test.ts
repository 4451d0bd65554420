import { describe, expect, it } from 'vitest';
import { crossPath, markerPath, markerVertices } from './marker-shapes';

/** Shoelace formula: the enclosed area of a simple polygon. */
function polygonArea(points: readonly (readonly [number, number])[]): number {
  let twice = 0;
  points.forEach(([x1, y1], i) => {
    const [x2, y2] = points[(i + 1) % points.length] ?? [0, 0];
    twice += x1 * y2 - x2 * y1;
  });
  return Math.abs(twice) / 2;
}

describe('markerVertices', () => {
  it.each([
    { shape: 'square', area: 110, corners: 4 },
    { shape: 'triangle', area: 110, corners: 3 },
    { shape: 'diamond', area: 400, corners: 4 },
    { shape: 'star', area: 400, corners: 10 },
    { shape: 'wye', area: 400, corners: 9 },
  ] as const)('$shape encloses the requested area $area', ({ shape, area, corners }) => {
    const points = markerVertices(shape, area);
    expect(points).toHaveLength(corners);
    // d3's constants make every symbol about the same area, so no shape looks bigger than another.
    expect(polygonArea(points) / area).toBeGreaterThan(0.97);
    expect(polygonArea(points) / area).toBeLessThan(1.03);
  });

  it.each([{ shape: 'triangle' }, { shape: 'diamond' }, { shape: 'star' }] as const)(
    '$shape has its tip at the top',
    ({ shape }) => {
      const top = Math.min(...markerVertices(shape, 200).map(([, y]) => y));
      expect(markerVertices(shape, 200)[0]).toEqual([0, top]);
    },
  );
});

describe('markerPath', () => {
  it.each([
    { shape: 'square', cx: 10, cy: 20, area: 100, want: 'M5,15L15,15L15,25L5,25Z' },
    { shape: 'circle', cx: 0, cy: 0, area: Math.PI * 4, want: 'M2,0A2,2 0 1 1 -2,0A2,2 0 1 1 2,0Z' },
  ] as const)('$shape at ($cx, $cy)', ({ shape, cx, cy, area, want }) => {
    expect(markerPath(shape, cx, cy, area)).toBe(want);
  });
});

describe('crossPath', () => {
  it.each([
    { cx: 10, cy: 10, size: 5, want: 'M5,5L15,15M15,5L5,15' },
    { cx: 0, cy: 0, size: 1.5, want: 'M-1.5,-1.5L1.5,1.5M1.5,-1.5L-1.5,1.5' },
  ])('✕ at ($cx, $cy) size $size', ({ cx, cy, size, want }) => {
    expect(crossPath(cx, cy, size)).toBe(want);
  });
});
