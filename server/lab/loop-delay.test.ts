import { describe, expect, it } from 'vitest';
import { DELAY_THRESHOLD_MS, LoopDelay } from './loop-delay';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LoopDelay', () => {
  it("flags what was out while this thread's loop was held beyond the threshold, and counts the stall", async () => {
    const loop = new LoopDelay();
    loop.start();
    try {
      await sleep(50);
      const before = performance.now();
      // Hold the loop well past the threshold, as a flood of snapshot requests did.
      const until = performance.now() + DELAY_THRESHOLD_MS * 3;
      while (performance.now() < until);
      // Read as the loop comes back, before the heartbeat has beaten: the stall is going on for it.
      expect(loop.delayedSince(before)).toBe(true);
      await sleep(50);
      // And once it has beaten: the stall is on record.
      expect(loop.delayedSince(before)).toBe(true);
      expect(loop.view()).toMatchObject({ thresholdMs: DELAY_THRESHOLD_MS, windowSeconds: 5 });
      expect(loop.view().stalls).toBeGreaterThanOrEqual(1);
      expect(loop.view().delay.maxMs).toBeGreaterThan(DELAY_THRESHOLD_MS);
    } finally {
      loop.stop();
    }
  });
});
