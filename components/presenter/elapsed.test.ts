import { describe, expect, it } from 'vitest';
import { formatClock, formatElapsed } from './elapsed';

describe('formatElapsed', () => {
  it.each([
    { ms: 0, want: '0:00' },
    { ms: 999, want: '0:00' },
    { ms: 1000, want: '0:01' },
    { ms: 65_000, want: '1:05' },
    { ms: 599_999, want: '9:59' },
    { ms: 3_600_000, want: '1:00:00' },
    { ms: 3_725_000, want: '1:02:05' },
    { ms: -5000, want: '0:00' },
    { ms: Number.NaN, want: '0:00' },
    { ms: Number.POSITIVE_INFINITY, want: '0:00' },
  ])('$ms ms → $want', ({ ms, want }) => {
    expect(formatElapsed(ms)).toBe(want);
  });
});

describe('formatClock', () => {
  it.each([
    { h: 0, m: 0, want: '00:00' },
    { h: 9, m: 5, want: '09:05' },
    { h: 23, m: 59, want: '23:59' },
  ])('$h:$m → $want', ({ h, m, want }) => {
    expect(formatClock(new Date(2026, 0, 1, h, m, 30))).toBe(want);
  });
});
