import http from 'node:http';
import type { TruthLedger } from './truth-ledger';

export interface LoadTarget {
  id: string;
  url: string;
  ledger: TruthLedger;
}

export interface LoadGeneratorOptions {
  /** Requests per second sent to each target. */
  ratePerSecond: number;
  /** Most requests in flight per target; beyond it a due request is skipped (open loop, no queue). */
  concurrency: number;
  timeoutMs?: number;
  /** Stop after sending this many requests to each target (for exact-count experiments). */
  limit?: number;
}

const TICK_MS = 5;

/**
 * An open-loop load generator: requests go out on schedule whether or not earlier ones have come back, each
 * on a new connection so the cluster's round-robin spreads them across workers. Every outcome lands in the
 * target's truth ledger.
 */
export class LoadGenerator {
  private rate: number;
  private concurrency: number;
  private readonly timeoutMs: number;
  private readonly limit: number | undefined;
  private timer: NodeJS.Timeout | null = null;
  private scheduleStart = 0;
  private dueSent = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly sentTotal = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly targets: LoadTarget[],
    options: LoadGeneratorOptions,
  ) {
    this.rate = options.ratePerSecond;
    this.concurrency = options.concurrency;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.limit = options.limit;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.resetSchedule();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  setRate(ratePerSecond: number): void {
    this.rate = ratePerSecond;
    this.resetSchedule();
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = concurrency;
  }

  /** Resolves once no request is in flight. */
  idle(): Promise<void> {
    if (this.totalInFlight() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once every target has been sent `limit` requests and all have come back. */
  async finished(): Promise<void> {
    if (this.limit === undefined) throw new Error('finished() needs the limit option');
    while (this.targets.some((t) => (this.sentTotal.get(t.id) ?? 0) < (this.limit as number))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await this.idle();
  }

  private resetSchedule(): void {
    this.scheduleStart = performance.now();
    this.dueSent = 0;
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.scheduleStart) / 1000) * this.rate);
    const count = due - this.dueSent;
    this.dueSent = due;
    for (let i = 0; i < count; i += 1) {
      for (const target of this.targets) this.fire(target);
    }
  }

  private fire(target: LoadTarget): void {
    const sent = this.sentTotal.get(target.id) ?? 0;
    if (this.limit !== undefined && sent >= this.limit) return;
    if ((this.inFlight.get(target.id) ?? 0) >= this.concurrency) {
      target.ledger.recordSkipped();
      return;
    }
    this.sentTotal.set(target.id, sent + 1);
    void this.request(target);
  }

  /**
   * A burst: `count` more requests to the target `targetId` as fast as `concurrency` connections allow
   * (closed loop, so nothing is skipped). Resolves when all have come back.
   */
  async burst(targetId: string, count: number): Promise<void> {
    const target = this.targets.find((t) => t.id === targetId);
    if (!target) throw new Error(`burst: no load target "${targetId}"`);
    let left = count;
    const lane = async () => {
      while (left > 0) {
        left -= 1;
        await this.request(target);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, count) }, lane));
  }

  /** One request on a fresh connection; its outcome lands in the target's ledger. Never rejects. */
  private request(target: LoadTarget): Promise<void> {
    this.inFlight.set(target.id, (this.inFlight.get(target.id) ?? 0) + 1);
    target.ledger.recordSent();
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: { status: number; worker: string | null } | null) => {
        if (settled) return;
        settled = true;
        if (outcome) {
          target.ledger.recordAnswered(outcome.status, outcome.worker, (performance.now() - started) / 1000);
        } else target.ledger.recordFailed();
        this.inFlight.set(target.id, (this.inFlight.get(target.id) ?? 1) - 1);
        if (this.totalInFlight() === 0) this.notifyIdle();
        resolve();
      };
      // agent: false opens a fresh connection and closes it after the answer, as a browser-less client would.
      const req = http.get(target.url, { agent: false, timeout: this.timeoutMs }, (res) => {
        const worker = res.headers['x-worker-id'];
        res.resume();
        res.on('end', () =>
          settle({ status: res.statusCode ?? 0, worker: typeof worker === 'string' ? worker : null }),
        );
        res.on('error', () => settle(null));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => settle(null));
    });
  }

  private totalInFlight(): number {
    let total = 0;
    for (const n of this.inFlight.values()) total += n;
    return total;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
