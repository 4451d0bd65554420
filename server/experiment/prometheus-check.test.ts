import { describe, expect, it } from 'vitest';
import { valueAt } from './prometheus-check';

const samples = [
  { t: 1000, v: 0 },
  { t: 2000, v: 100 },
  { t: 4000, v: 300 },
  { t: 4000, v: 300 },
];

describe('valueAt', () => {
  it.each([
    { t: 1000, want: 0 },
    { t: 1500, want: 50 },
    { t: 2000, want: 100 },
    { t: 3000, want: 200 },
    { t: 4000, want: 300 },
    { t: 999, want: null },
    { t: 4001, want: null },
  ])('at $t → $want', ({ t, want }) => {
    expect(valueAt(samples, t)).toBe(want);
  });

  it('is null with fewer than two samples', () => {
    expect(valueAt([{ t: 1, v: 1 }], 1)).toBeNull();
  });
});
