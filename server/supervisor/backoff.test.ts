import { describe, expect, it } from 'vitest';
import { restartDelay } from './backoff';

describe('restartDelay', () => {
  it.each([
    { previousMs: null, ranMs: 50, want: 300 },
    { previousMs: null, ranMs: 60_000, want: 300 },
    { previousMs: 300, ranMs: 50, want: 600 },
    { previousMs: 600, ranMs: 9_999, want: 1_200 },
    { previousMs: 19_200, ranMs: 50, want: 30_000 },
    { previousMs: 30_000, ranMs: 50, want: 30_000 },
    { previousMs: 30_000, ranMs: 10_000, want: 300 },
  ])('after $previousMs ms, having run $ranMs ms: $want ms', ({ previousMs, ranMs, want }) => {
    expect(restartDelay({ previousMs, ranMs })).toBe(want);
  });
});
