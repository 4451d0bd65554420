import { LedgerCounts } from './ledger-counts';
import { quantile } from './quantile';
import { RingBuffer } from './ring-buffer';
import type { TruthView } from './types';

/** How many recent latencies the ledger keeps for its quantiles. */
const LATENCY_WINDOW = 2000;

/** One answer's details, apart from the counts: what the load worker sends the lab in batches. */
export interface AnswerDetail {
  status: number;
  worker: string | null;
  seconds: number;
  delayed: boolean;
}

/**
 * The truth for one route: what the load generator really sent and what really came back, counted on the
 * client side, independent of any metric the app exports. The counts may live in shared memory (the load
 * worker's), the answers' details then arrive in batches (absorb).
 */
export class TruthLedger {
  private readonly byStatus = new Map<string, number>();
  private readonly byWorker = new Map<string, number>();
  private readonly latencies = new RingBuffer<number>(LATENCY_WINDOW);

  constructor(readonly counts: LedgerCounts = new LedgerCounts()) {}

  recordSent(): void {
    this.counts.sent();
  }

  /**
   * An answer. `delayed`: its latency was timed across a stall of the lab's own loop, so it timed the lab,
   * not the app: the answer counts, its latency is counted apart and kept out of the quantiles.
   */
  recordAnswered(status: number, workerId: string | null, latencySeconds: number, delayed = false): void {
    this.counts.answered(delayed);
    this.absorb([{ status, worker: workerId, seconds: latencySeconds, delayed }]);
  }

  recordFailed(): void {
    this.counts.failed();
  }

  recordSkipped(): void {
    this.counts.skipped();
  }

  /** Answers already counted (by the load worker, in the shared counts): their statuses, workers, latencies. */
  absorb(answers: readonly AnswerDetail[]): void {
    for (const a of answers) {
      increment(this.byStatus, String(a.status));
      increment(this.byWorker, a.worker ?? 'unknown');
      if (!a.delayed) this.latencies.push(a.seconds);
    }
  }

  /** Requests answered so far: what a correct counter of this route would read. */
  get answeredCount(): number {
    return this.counts.get('answered');
  }

  get inFlightCount(): number {
    return this.counts.get('inFlight');
  }

  get latencyDelayedCount(): number {
    return this.counts.get('latencyDelayed');
  }

  view(): TruthView {
    const latencies = this.latencies.toArray();
    return {
      sent: this.counts.get('sent'),
      answered: this.counts.get('answered'),
      failed: this.counts.get('failed'),
      skipped: this.counts.get('skipped'),
      inFlight: this.counts.get('inFlight'),
      byStatus: Object.fromEntries(this.byStatus),
      byWorker: Object.fromEntries(this.byWorker),
      latencyP50Seconds: quantile(latencies, 0.5),
      latencyP90Seconds: quantile(latencies, 0.9),
      latencyDelayed: this.counts.get('latencyDelayed'),
    };
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
