export const FIRST_DELAY_MS = 300;
export const MAX_DELAY_MS = 30_000;
/** A child that ran this long was healthy: its next exit is bad luck, not a crash loop. */
export const HEALTHY_RUN_MS = 10_000;

/**
 * How long to wait before starting a child again after it exited unasked: 300 ms at first, doubling while it
 * keeps dying within 10 s of its start, at most 30 s, so a crash loop neither spins nor stops the stack.
 */
export function restartDelay({ previousMs, ranMs }: { previousMs: number | null; ranMs: number }): number {
  if (previousMs === null || ranMs >= HEALTHY_RUN_MS) return FIRST_DELAY_MS;
  return Math.min(MAX_DELAY_MS, previousMs * 2);
}
