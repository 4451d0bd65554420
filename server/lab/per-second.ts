/**
 * Per-second rates of running totals over the last window, from samples of the totals. Pure: every time is
 * given (milliseconds on one monotonic clock).
 */

interface Sample<K extends string> {
  t: number;
  totals: Record<K, number>;
}

export class PerSecond<K extends string> {
  /** Kept at least minGapMs apart, so a few dozen cover the window however often totals are recorded. */
  private samples: Sample<K>[] = [];
  private latest: Sample<K> | null = null;

  constructor(
    private readonly keys: readonly K[],
    private readonly windowMs = 1000,
    private readonly minGapMs = 50,
  ) {}

  /** The totals at `t`; each only ever grows. */
  record(t: number, totals: Record<K, number>): void {
    this.latest = { t, totals };
    const kept = this.samples.at(-1);
    if (kept && t - kept.t < this.minGapMs) return;
    this.samples.push(this.latest);
    // One sample at or before the window's start is all the window needs from the past.
    const start = t - this.windowMs;
    while (this.samples.length > 1 && (this.samples[1] as Sample<K>).t <= start) this.samples.shift();
  }

  /**
   * What each total grew by per second over (now − window, now]: from the latest sample at or before the
   * window's start (the first one while the window is still filling) to the latest totals, over the time to
   * now, so totals that stopped growing decay to 0.
   */
  rates(now: number): Record<K, number> {
    const from = this.samples.findLast((s) => s.t <= now - this.windowMs) ?? this.samples[0];
    const to = this.latest;
    const seconds = from ? (now - from.t) / 1000 : 0;
    return Object.fromEntries(
      this.keys.map((k) => [k, from && to && seconds > 0 ? (to.totals[k] - from.totals[k]) / seconds : 0]),
    ) as Record<K, number>;
  }
}
