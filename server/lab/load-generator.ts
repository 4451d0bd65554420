import http from 'node:http';
import { LoadSchedule } from './load-schedule';
import { PerSecond } from './per-second';
import { quantile } from './quantile';
import { RingBuffer } from './ring-buffer';
import type { TruthLedger } from './truth-ledger';
import type { DelayFigures, LoadView } from './types';

/** Where a target's outcomes go: a truth ledger, or in the load worker one whose details go to the lab. */
export type LedgerSink = Pick<
  TruthLedger,
  'recordSent' | 'recordAnswered' | 'recordFailed' | 'recordSkipped'
>;

export interface LoadTarget {
  id: string;
  url: string;
  ledger: LedgerSink;
}

/** What one request came back with; null when it never did (connection error, timeout). */
export type LoadOutcome = { status: number; worker: string | null } | null;

/** Sends one request and answers its outcome; never rejects. */
export type LoadSend = (url: string, timeoutMs: number) => Promise<LoadOutcome>;

export interface LoadGeneratorOptions {
  /** Requests per second sent to each target. */
  ratePerSecond: number;
  /** Most requests in flight per target; beyond it a due request is skipped (open loop, no queue). */
  concurrency: number;
  timeoutMs?: number;
  /** Stop after sending this many requests to each target (for exact-count experiments). */
  limit?: number;
  /** Milliseconds on a monotonic clock; performance.now unless a test drives time. */
  clock?: () => number;
  /** How one request is made; a fresh HTTP connection unless a test swaps it. */
  send?: LoadSend;
  /** Whether this thread's loop stalled since a request went out (clock time): its latency is then delayed. */
  delayedSince?: (startedMs: number) => boolean;
}

const TICK_MS = 5;
/** Per target per tick: 20,000 req/s when ticks are on time, and a late tick holds the loop briefly. */
const MAX_PER_TICK = 100;
const MAX_BEHIND_SECONDS = 1;
/** Tick lags kept for the figures: the latest 5 s of ticks when they are on time. */
const LAGS_KEPT = 1000;

interface TargetCounts {
  sent: number;
  skipped: number;
  missed: number;
  inFlight: number;
}

const PACE_KEYS = ['requested', 'sent', 'skipped'] as const;

/**
 * An open-loop load generator: requests go out on schedule whether or not earlier ones have come back, each
 * on a new connection so the cluster's round-robin spreads them across workers. Every outcome lands in the
 * target's truth ledger; what it could not send on schedule is counted, never silently dropped.
 */
export class LoadGenerator {
  private rate: number;
  private concurrency: number;
  private readonly timeoutMs: number;
  private readonly limit: number | undefined;
  private readonly clock: () => number;
  private readonly send: LoadSend;
  private readonly delayedSince: (startedMs: number) => boolean;
  private timer: NodeJS.Timeout | null = null;
  private schedule: LoadSchedule;
  private readonly counts = new Map<string, TargetCounts>();
  private readonly pace = new PerSecond(PACE_KEYS);
  private lastTick: number | null = null;
  private readonly tickLags = new RingBuffer<number>(LAGS_KEPT);
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly targets: LoadTarget[],
    options: LoadGeneratorOptions,
  ) {
    this.rate = options.ratePerSecond;
    this.concurrency = options.concurrency;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.limit = options.limit;
    this.clock = options.clock ?? (() => performance.now());
    this.send = options.send ?? httpSend;
    this.delayedSince = options.delayedSince ?? (() => false);
    this.schedule = this.newSchedule();
    for (const t of targets) this.counts.set(t.id, { sent: 0, skipped: 0, missed: 0, inFlight: 0 });
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.schedule = this.newSchedule();
    this.lastTick = null;
    this.tickLags.clear();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (!this.timer) return;
    this.retire();
    clearInterval(this.timer);
    this.timer = null;
  }

  setRate(ratePerSecond: number): void {
    this.retire();
    this.rate = ratePerSecond;
    this.schedule = this.newSchedule();
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
    while (this.targets.some((t) => this.countsOf(t).sent < (this.limit as number))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await this.idle();
  }

  /** The scheduled load's pace, summed over the targets. */
  view(): LoadView {
    const now = this.clock();
    const totals = this.totals(now);
    const rates = this.pace.rates(now);
    const behind = this.running ? this.schedule.behind(now) * this.targets.length : 0;
    return {
      ratePerSecond: this.running ? this.rate : 0,
      apps: this.targets.length,
      requestedPerSecond: rates.requested,
      sentPerSecond: rates.sent,
      skippedPerSecond: rates.skipped,
      behind,
      behindSeconds: this.running ? this.schedule.behindSeconds(now) : 0,
      requested: totals.requested,
      sent: totals.sent,
      skipped: totals.skipped,
      missed: totals.missed,
      tickLag: this.running ? this.tickLagFigures() : null,
    };
  }

  /** How late ticks fired after the one before (0 when on time), over the latest ones; null before two. */
  private tickLagFigures(): DelayFigures | null {
    const lags = this.tickLags.toArray();
    if (lags.length === 0) return null;
    return {
      p50Ms: quantile(lags, 0.5) as number,
      p99Ms: quantile(lags, 0.99) as number,
      maxMs: Math.max(...lags),
    };
  }

  private newSchedule(): LoadSchedule {
    return new LoadSchedule(
      { ratePerSecond: this.rate, maxPerStep: MAX_PER_TICK, maxBehindSeconds: MAX_BEHIND_SECONDS },
      this.clock(),
    );
  }

  /** What was due and not sent when the load stops or changes rate is missed, not forgotten. */
  private retire(): void {
    if (!this.running) return;
    const now = this.clock();
    this.miss(this.schedule.retire(now));
    this.pace.record(now, this.totals(now));
  }

  private miss(count: number): void {
    if (count > 0) for (const t of this.targets) this.countsOf(t).missed += count;
  }

  private tick(): void {
    const now = this.clock();
    if (this.lastTick !== null) this.tickLags.push(Math.max(0, now - this.lastTick - TICK_MS));
    this.lastTick = now;
    const { send, missed } = this.schedule.step(now);
    this.miss(missed);
    for (let i = 0; i < send; i += 1) {
      for (const target of this.targets) this.fire(target);
    }
    this.pace.record(now, this.totals(now));
  }

  private totals(now: number): Record<(typeof PACE_KEYS)[number] | 'missed', number> {
    let sent = 0;
    let skipped = 0;
    let missed = 0;
    for (const c of this.counts.values()) {
      sent += c.sent;
      skipped += c.skipped;
      missed += c.missed;
    }
    const behind = this.running ? this.schedule.behind(now) * this.targets.length : 0;
    return { requested: sent + skipped + missed + behind, sent, skipped, missed };
  }

  private countsOf(target: LoadTarget): TargetCounts {
    return this.counts.get(target.id) as TargetCounts;
  }

  private fire(target: LoadTarget): void {
    const counts = this.countsOf(target);
    if (this.limit !== undefined && counts.sent >= this.limit) return;
    if (counts.inFlight >= this.concurrency) {
      counts.skipped += 1;
      target.ledger.recordSkipped();
      return;
    }
    counts.sent += 1;
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

  /** One request; its outcome lands in the target's ledger. Never rejects. */
  private async request(target: LoadTarget): Promise<void> {
    const counts = this.countsOf(target);
    counts.inFlight += 1;
    target.ledger.recordSent();
    const started = this.clock();
    const outcome = await this.send(target.url, this.timeoutMs);
    if (outcome) {
      const seconds = (this.clock() - started) / 1000;
      target.ledger.recordAnswered(outcome.status, outcome.worker, seconds, this.delayedSince(started));
    } else target.ledger.recordFailed();
    counts.inFlight -= 1;
    if (this.totalInFlight() === 0) this.notifyIdle();
  }

  private totalInFlight(): number {
    let total = 0;
    for (const c of this.counts.values()) total += c.inFlight;
    return total;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** One GET on a fresh connection, closed after the answer, as a browser-less client would. */
function httpSend(url: string, timeoutMs: number): Promise<LoadOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: LoadOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
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
