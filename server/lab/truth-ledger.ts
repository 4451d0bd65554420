import { quantile } from './quantile';
import { RingBuffer } from './ring-buffer';
import type { TruthView } from './types';

/** How many recent latencies the ledger keeps for its quantiles. */
const LATENCY_WINDOW = 2000;

/**
 * The truth for one route: what the load generator really sent and what really came back, counted on the
 * client side, independent of any metric the app exports.
 */
export class TruthLedger {
  private sent = 0;
  private answered = 0;
  private failed = 0;
  private skipped = 0;
  private inFlight = 0;
  private latencyDelayed = 0;
  private readonly byStatus = new Map<string, number>();
  private readonly byWorker = new Map<string, number>();
  private readonly latencies = new RingBuffer<number>(LATENCY_WINDOW);

  recordSent(): void {
    this.sent += 1;
    this.inFlight += 1;
  }

  /**
   * An answer. `delayed`: its latency was timed across a stall of the lab's own loop, so it timed the lab,
   * not the app: the answer counts, its latency is counted apart and kept out of the quantiles.
   */
  recordAnswered(status: number, workerId: string | null, latencySeconds: number, delayed = false): void {
    this.inFlight -= 1;
    this.answered += 1;
    increment(this.byStatus, String(status));
    increment(this.byWorker, workerId ?? 'unknown');
    if (delayed) this.latencyDelayed += 1;
    else this.latencies.push(latencySeconds);
  }

  recordFailed(): void {
    this.inFlight -= 1;
    this.failed += 1;
  }

  recordSkipped(): void {
    this.skipped += 1;
  }

  /** Requests answered so far: what a correct counter of this route would read. */
  get answeredCount(): number {
    return this.answered;
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  get latencyDelayedCount(): number {
    return this.latencyDelayed;
  }

  view(): TruthView {
    const latencies = this.latencies.toArray();
    return {
      sent: this.sent,
      answered: this.answered,
      failed: this.failed,
      skipped: this.skipped,
      inFlight: this.inFlight,
      byStatus: Object.fromEntries(this.byStatus),
      byWorker: Object.fromEntries(this.byWorker),
      latencyP50Seconds: quantile(latencies, 0.5),
      latencyP90Seconds: quantile(latencies, 0.9),
      latencyDelayed: this.latencyDelayed,
    };
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
