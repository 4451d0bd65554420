import http from 'node:http';
import https from 'node:https';

/**
 * Open-loop load for the doctor: requests go out on schedule whether or not earlier ones came back, each on
 * a new connection so the server's accept spreads them over its workers. A request due while `maxInFlight`
 * are out is skipped, not queued, so a stalled app costs bounded memory. Unlike the lab's load generator it
 * takes https:// too, since it points at apps the lab did not start.
 */

export interface LoadCounts {
  url: string;
  ratePerSecond: number;
  sent: number;
  answered: number;
  failed: number;
  /** Due while maxInFlight requests were out. */
  skipped: number;
  /** Answered requests by HTTP status. */
  byStatus: Record<string, number>;
}

export interface LoadDriverOptions {
  ratePerSecond: number;
  maxInFlight: number;
  timeoutMs: number;
}

const TICK_MS = 5;

export class LoadDriver {
  private readonly counts: LoadCounts;
  private timer: NodeJS.Timeout | null = null;
  private started = 0;
  private due = 0;
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(
    private readonly url: URL,
    private readonly options: LoadDriverOptions,
  ) {
    this.counts = {
      url: url.href,
      ratePerSecond: options.ratePerSecond,
      sent: 0,
      answered: 0,
      failed: 0,
      skipped: 0,
      byStatus: {},
    };
  }

  start(): void {
    if (this.timer) return;
    this.started = performance.now();
    this.due = 0;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops sending, gives the requests out up to `graceMs` to come back, then drops the rest as failed. */
  async stop(graceMs: number): Promise<LoadCounts> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = performance.now() + graceMs;
    while (this.inFlight.size > 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const req of this.inFlight) req.destroy(new Error('load stopped'));
    return { ...this.counts, byStatus: { ...this.counts.byStatus } };
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.started) / 1000) * this.options.ratePerSecond);
    for (; this.due < due; this.due += 1) {
      if (this.inFlight.size >= this.options.maxInFlight) this.counts.skipped += 1;
      else this.send();
    }
  }

  private send(): void {
    this.counts.sent += 1;
    let settled = false;
    const settle = (status: number | null) => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(req);
      if (status === null) this.counts.failed += 1;
      else {
        this.counts.answered += 1;
        this.counts.byStatus[status] = (this.counts.byStatus[status] ?? 0) + 1;
      }
    };
    const client = this.url.protocol === 'https:' ? https : http;
    // agent: false opens a new connection and closes it after the answer.
    const req = client.get(this.url, { agent: false, timeout: this.options.timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => settle(res.statusCode ?? 0));
      res.on('error', () => settle(null));
    });
    this.inFlight.add(req);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => settle(null));
  }
}
