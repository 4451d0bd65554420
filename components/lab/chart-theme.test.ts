import { describe, expect, it } from 'vitest';
import { markerArea } from './chart-theme';

describe('markerArea', () => {
  it.each([
    { points: 0, want: 110 },
    { points: 40, want: 110 },
    { points: 41, want: 64 },
    { points: 80, want: 64 },
    { points: 120, want: 36 },
    { points: 161, want: 20 },
    { points: 2000, want: 20 },
  ])('$points points → $want px²', ({ points, want }) => {
    expect(markerArea(points)).toBe(want);
  });
});
