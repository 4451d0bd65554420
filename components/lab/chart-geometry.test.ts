import { describe, expect, it } from 'vitest';
import { chartScales, linearScale, plotArea, timeTicks } from './chart-geometry';

describe('plotArea', () => {
  it.each([
    { width: 600, height: 300, want: { left: 56, top: 8, right: 584, bottom: 270 } },
    { width: 40, height: 20, want: { left: 56, top: 8, right: 56, bottom: 8 } },
  ])('$width × $height', ({ width, height, want }) => {
    expect(plotArea(width, height)).toEqual(want);
  });
});

describe('linearScale', () => {
  it.each([
    { domain: [0, 10], range: [0, 100], value: 5, want: 50 },
    { domain: [-120, 0], range: [56, 584], value: 0, want: 584 },
    { domain: [-120, 0], range: [56, 584], value: -120, want: 56 },
    // A value axis runs upwards: its range is from the bottom to the top.
    { domain: [0, 6000], range: [270, 8], value: 1500, want: 204.5 },
    { domain: [5, 5], range: [0, 100], value: 5, want: 50 },
  ] as const)('$domain → $range: $value', ({ domain, range, value, want }) => {
    expect(linearScale(domain, range)(value)).toBeCloseTo(want);
  });
});

describe('chartScales', () => {
  it('time runs across the plot, values up it', () => {
    const { sx, sy } = chartScales(600, 300, [-120, 0], [0, 6000]);
    expect([sx(-120), sx(0)]).toEqual([56, 584]);
    expect([sy(0), sy(6000)]).toEqual([270, 8]);
  });
});

describe('timeTicks', () => {
  it.each([
    { domain: [-120, 0], want: [-120, -90, -60, -30, 0] },
    { domain: [-30, 0], want: [-30, -20, -10, 0] },
    { domain: [-47, 0], want: [-45, -30, -15, 0] },
    { domain: [-3, 0], want: [-3, -2, -1, 0] },
    { domain: [0, 0], want: [0] },
  ] as const)('$domain', ({ domain, want }) => {
    expect(timeTicks(domain)).toEqual(want);
  });
});
