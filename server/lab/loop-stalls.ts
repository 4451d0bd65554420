/**
 * When the event loop stalled: a heartbeat that should beat every interval and beats late was held up by
 * whatever held the loop. Pure: every time is given (milliseconds on one monotonic clock).
 */
export class LoopStalls {
  private lastBeat: number | null = null;
  /** When the latest stall beyond the threshold was seen to end (its late beat). */
  private lastStallEnd = Number.NEGATIVE_INFINITY;
  private stallCount = 0;

  constructor(
    private readonly intervalMs: number,
    readonly thresholdMs: number,
  ) {}

  /** Stalls beyond the threshold seen so far. */
  get count(): number {
    return this.stallCount;
  }

  beat(now: number): void {
    if (this.lastBeat !== null && now - this.lastBeat - this.intervalMs > this.thresholdMs) {
      this.lastStallEnd = now;
      this.stallCount += 1;
    }
    this.lastBeat = now;
  }

  /**
   * Whether the loop stalled beyond the threshold at any time from `since` to `now`: a stall seen ending
   * since then, or one going on now (the heartbeat is late, it has not beaten since the loop came back).
   * A measurement across such a stall timed the lab, not what it measured.
   */
  stalledSince(since: number, now: number): boolean {
    if (this.lastStallEnd >= since) return true;
    return this.lastBeat !== null && now - this.lastBeat - this.intervalMs > this.thresholdMs;
  }
}
