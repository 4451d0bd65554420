import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect';

describe('reconnectDelayMs', () => {
  const backoff = { initialMs: 500, maxMs: 8000 };
  it.each([
    { attempt: 0, want: 500 },
    { attempt: 1, want: 1000 },
    { attempt: 2, want: 2000 },
    { attempt: 4, want: 8000 },
    { attempt: 5, want: 8000 },
    { attempt: 5000, want: 8000 },
    { attempt: -1, want: 500 },
    { attempt: Number.NaN, want: 500 },
  ])('attempt $attempt → $want ms', ({ attempt, want }) => {
    expect(reconnectDelayMs(attempt, backoff)).toBe(want);
  });

  it('never waits longer than the ceiling, even when it is below the first wait', () => {
    expect(reconnectDelayMs(0, { initialMs: 2000, maxMs: 1000 })).toBe(1000);
  });
});
