import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextRestart } from './restart-backoff';

describe('nextRestart', () => {
  it.each([
    { lifetimeMs: 60_000, before: 0, delayMs: 0, after: 0 },
    { lifetimeMs: 1_000, before: 5, delayMs: 0, after: 0 },
    { lifetimeMs: 999, before: 0, delayMs: 0, after: 1 },
    { lifetimeMs: 200, before: 1, delayMs: 250, after: 2 },
    { lifetimeMs: 200, before: 2, delayMs: 500, after: 3 },
    { lifetimeMs: 200, before: 3, delayMs: 1_000, after: 4 },
    { lifetimeMs: 200, before: 7, delayMs: 10_000, after: 8 },
    { lifetimeMs: 200, before: 40, delayMs: 10_000, after: 41 },
  ])(
    'a worker dead after $lifetimeMs ms with $before fast deaths before waits $delayMs ms',
    ({ lifetimeMs, before, delayMs, after }) => {
      expect(nextRestart(lifetimeMs, before, DEFAULT_BACKOFF)).toEqual({ delayMs, fastDeathsInRow: after });
    },
  );
});
