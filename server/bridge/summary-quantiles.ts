import type { Objective } from './mapper';

/**
 * Quantile estimates for one summary series, shaped like client_golang's summary: each objective φ with
 * error ε is tracked by a targeted CKMS stream (the algorithm beorn7/perks implements), observations go
 * into every one of `ageBuckets` streams, and the oldest stream is reset every maxAge/ageBuckets so the
 * estimate covers roughly the last maxAge. Observations carry a weight, so a timer sent at rate 1e-5 counts
 * as 100,000 observations in one insert. Estimates are approximate by design (as the exporter's are);
 * counts and sums live with the series and are exact.
 */

interface Sample {
  value: number;
  width: number;
  delta: number;
}

/** One targeted stream: a sorted, compressed list of samples plus an unsorted insert buffer. */
class TargetedStream {
  private samples: Sample[] = [];
  private buffer: Array<{ value: number; width: number }> = [];
  private n = 0;

  constructor(
    private readonly targets: readonly Objective[],
    private readonly bufferSize: number,
  ) {}

  get count(): number {
    let pending = 0;
    for (const sample of this.buffer) pending += sample.width;
    return this.n + pending;
  }

  insert(value: number, width: number): void {
    this.buffer.push({ value, width });
    if (this.buffer.length >= this.bufferSize) this.flush();
  }

  reset(): void {
    this.samples = [];
    this.buffer = [];
    this.n = 0;
  }

  query(q: number): number {
    if (this.samples.length === 0) {
      // Few observations yet: answer from the raw buffer, rank by weight.
      if (this.buffer.length === 0) return 0;
      this.buffer.sort(byValue);
      let total = 0;
      for (const sample of this.buffer) total += sample.width;
      const rank = Math.max(Math.ceil(total * q) - 1, 0);
      let seen = 0;
      for (const sample of this.buffer) {
        seen += sample.width;
        if (seen > rank) return sample.value;
      }
      return this.buffer[this.buffer.length - 1]?.value ?? 0;
    }
    this.flush();
    let t = Math.ceil(q * this.n);
    t += Math.ceil(this.allowed(t) / 2);
    let previous = this.samples[0] as Sample;
    let rank = 0;
    for (let i = 1; i < this.samples.length; i++) {
      const current = this.samples[i] as Sample;
      rank += previous.width;
      if (rank + current.width + current.delta > t) return previous.value;
      previous = current;
    }
    return previous.value;
  }

  /** The error allowed at rank r: the tightest of the targets' bounds. */
  private allowed(r: number): number {
    let bound = Number.MAX_VALUE;
    for (const { quantile, error } of this.targets) {
      const f =
        quantile * this.n <= r ? (2 * error * r) / quantile : (2 * error * (this.n - r)) / (1 - quantile);
      if (f < bound) bound = f;
    }
    return bound;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.buffer.sort(byValue);
    let r = 0;
    let i = 0;
    for (const { value, width } of this.buffer) {
      while (i < this.samples.length && (this.samples[i] as Sample).value <= value) {
        r += (this.samples[i] as Sample).width;
        i++;
      }
      const delta = i === this.samples.length ? 0 : Math.max(0, Math.floor(this.allowed(r)) - 1);
      this.samples.splice(i, 0, { value, width, delta });
      i++;
      this.n += width;
      r += width;
    }
    this.buffer = [];
    this.compress();
  }

  private compress(): void {
    if (this.samples.length < 2) return;
    let x = this.samples[this.samples.length - 1] as Sample;
    let r = this.n - 1 - x.width;
    for (let i = this.samples.length - 2; i >= 0; i--) {
      const c = this.samples[i] as Sample;
      if (c.width + x.width + x.delta <= this.allowed(r)) {
        x.width += c.width;
        this.samples.splice(i, 1);
      } else {
        x = c;
      }
      r -= c.width;
    }
  }
}

function byValue(a: { value: number }, b: { value: number }): number {
  return a.value - b.value;
}

export interface QuantileWindowOptions {
  objectives: readonly Objective[];
  maxAgeMs: number;
  ageBuckets: number;
  bufCap: number;
  nowMs: number;
}

/** client_golang's rolling window: ageBuckets streams, the head one answering, the head reset on expiry. */
export class QuantileWindow {
  private readonly streams: TargetedStream[];
  private head = 0;
  private headExpiresMs: number;
  private readonly streamMs: number;
  readonly quantiles: number[];

  constructor(options: QuantileWindowOptions) {
    this.quantiles = [...new Set(options.objectives.map((o) => o.quantile))].sort((a, b) => a - b);
    // One entry per quantile, the last error given for it winning, as a Go map would keep it.
    const targets = new Map<number, number>();
    for (const { quantile, error } of options.objectives) targets.set(quantile, error);
    const objectives = [...targets].map(([quantile, error]) => ({ quantile, error }));
    this.streams = Array.from(
      { length: options.ageBuckets },
      () => new TargetedStream(objectives, Math.max(1, options.bufCap)),
    );
    this.streamMs = Math.max(options.maxAgeMs / options.ageBuckets, 1e-6);
    this.headExpiresMs = options.nowMs + this.streamMs;
  }

  observe(value: number, weight: number, nowMs: number): void {
    this.rotate(nowMs);
    for (const stream of this.streams) stream.insert(value, weight);
  }

  /** [quantile, estimate] pairs, sorted; NaN estimates while the window holds nothing. */
  estimates(nowMs: number): Array<[number, number]> {
    this.rotate(nowMs);
    const head = this.streams[this.head] as TargetedStream;
    const empty = head.count === 0;
    return this.quantiles.map((q) => [q, empty ? Number.NaN : head.query(q)]);
  }

  private rotate(nowMs: number): void {
    if (nowMs <= this.headExpiresMs) return;
    // However long the series sat idle, at most every stream is reset once.
    const steps = Math.floor((nowMs - this.headExpiresMs) / this.streamMs) + 1;
    for (let i = 0; i < Math.min(steps, this.streams.length); i++) {
      (this.streams[this.head] as TargetedStream).reset();
      this.head = (this.head + 1) % this.streams.length;
    }
    if (steps > this.streams.length)
      this.head = (this.head + (steps - this.streams.length)) % this.streams.length;
    this.headExpiresMs += steps * this.streamMs;
  }
}
