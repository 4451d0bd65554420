import { describe, expect, it } from 'vitest';
import { medianInterval, overheadPercent, pairedOverheads, roundOrder, spread } from './overhead-stats';

describe('spread', () => {
  it.each([
    { values: [3], want: { median: 3, min: 3, max: 3 } },
    { values: [5, 1, 3], want: { median: 3, min: 1, max: 5 } },
    { values: [4, 1, 2, 3], want: { median: 2.5, min: 1, max: 4 } },
    { values: [], want: null },
  ])('of $values is $want', ({ values, want }) => {
    expect(spread(values)).toEqual(want);
  });
});

describe('overheadPercent', () => {
  it.each([
    { rate: 95, baseline: 100, want: 5 },
    { rate: 100, baseline: 100, want: 0 },
    { rate: 55, baseline: 100, want: 45 },
    { rate: 110, baseline: 100, want: -10 },
  ])('$rate against $baseline is $want %', ({ rate, baseline, want }) => {
    expect(overheadPercent(rate, baseline)).toBeCloseTo(want, 9);
  });

  it.each([0, -1, Number.NaN])('refuses a baseline of %s', (baseline) => {
    expect(() => overheadPercent(1, baseline)).toThrow(RangeError);
  });
});

describe('pairedOverheads', () => {
  it.each([
    { rates: [90, 95], baselines: [100, 100], want: [10, 5] },
    { rates: [90, undefined, 80], baselines: [100, 100, 100], want: [10, 20] },
    { rates: [90, 95, 99], baselines: [100], want: [10] },
    { rates: [], baselines: [100], want: [] },
  ])('of $rates against $baselines is $want', ({ rates, baselines, want }) => {
    const got = pairedOverheads(rates, baselines);
    expect(got).toHaveLength(want.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? Number.NaN, 9));
  });
});

describe('roundOrder', () => {
  it.each([
    { round: 0, want: ['a', 'b', 'c'] },
    { round: 1, want: ['b', 'c', 'a'] },
    { round: 2, want: ['c', 'a', 'b'] },
    { round: 3, want: ['a', 'b', 'c'] },
  ])('round $round runs $want', ({ round, want }) => {
    expect(roundOrder(['a', 'b', 'c'], round)).toEqual(want);
  });

  it('of no variants is empty', () => {
    expect(roundOrder([], 4)).toEqual([]);
  });
});

describe('medianInterval', () => {
  const ordered = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  it.each([
    // n, then the k-th from each end the sign test allows at 95 %, and the confidence that pair has.
    { n: 5, want: null },
    { n: 6, want: { low: 1, high: 6, confidence: 1 - 2 / 64 } },
    { n: 8, want: { low: 1, high: 8, confidence: 1 - 2 / 256 } },
    { n: 9, want: { low: 2, high: 8, confidence: 1 - 20 / 512 } },
    { n: 12, want: { low: 3, high: 10, confidence: 1 - (2 * 79) / 4096 } },
    { n: 15, want: { low: 4, high: 12, confidence: 1 - (2 * 576) / 32768 } },
  ])('of 1…$n at 95 % is $want', ({ n, want }) => {
    const got = medianInterval(ordered(n));
    if (want === null) return expect(got).toBeNull();
    expect(got?.low).toBe(want.low);
    expect(got?.high).toBe(want.high);
    expect(got?.confidence).toBeCloseTo(want.confidence, 12);
  });

  it('reads the values in order, whatever order they come in', () => {
    expect(medianInterval([9, -3, 7, 1, 5, 3, 11, -1, 13])).toMatchObject({ low: -1, high: 11 });
  });

  it('narrows as the confidence asked for falls', () => {
    expect(medianInterval(ordered(12), 0.5)).toMatchObject({ low: 5, high: 8 });
  });

  it.each([0, 1, 1.5, Number.NaN])('refuses a confidence of %s', (confidence) => {
    expect(() => medianInterval([1, 2, 3], confidence)).toThrow(RangeError);
  });
});
