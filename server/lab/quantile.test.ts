import { describe, expect, it } from 'vitest';
import { quantile } from './quantile';

describe('quantile', () => {
  it.each([
    { values: [], q: 0.5, want: null },
    { values: [7], q: 0.9, want: 7 },
    { values: [1, 2, 3, 4, 5], q: 0.5, want: 3 },
    { values: [5, 4, 3, 2, 1], q: 0.5, want: 3 },
    { values: [1, 2, 3, 4], q: 0.5, want: 2.5 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], q: 0.9, want: 9.1 },
    { values: [1, 2], q: 0, want: 1 },
    { values: [1, 2], q: 1, want: 2 },
  ])('q=$q of $values is $want', ({ values, q, want }) => {
    const got = quantile(values, q);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 9);
  });

  it.each([-0.1, 1.1, Number.NaN])('rejects q=%s', (q) => {
    expect(() => quantile([1], q)).toThrow(/q: must be between 0 and 1/);
  });
});
