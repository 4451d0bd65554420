import { describe, expect, it } from 'vitest';
import { markerArea } from './chart-theme';

describe('markerArea', () => {
  it.each([
    { points: 0, plotWidth: 700, want: 110 },
    // Few markers: the legend's size.
    { points: 40, plotWidth: 700, want: 110 },
    // 120 s of 1 s scrapes at 1280×720 and at 1920×1080: each marker narrower than its room.
    { points: 120, plotWidth: 700, want: 28 },
    { points: 120, plotWidth: 1100, want: 68 },
    { points: 80, plotWidth: 700, want: 62 },
    // Crowded: the smallest shape that still reads as one.
    { points: 2000, plotWidth: 700, want: 25 },
    { points: 10, plotWidth: 0, want: 25 },
  ])('$points points over $plotWidth px → $want px²', ({ points, plotWidth, want }) => {
    expect(markerArea(points, plotWidth)).toBe(want);
  });

  it('never lets a marker be wider than its room, down to the smallest size', () => {
    for (const points of [50, 100, 150, 200]) {
      const area = markerArea(points, 800);
      if (area > 25) expect(Math.sqrt(area)).toBeLessThanOrEqual(800 / points);
    }
  });
});
