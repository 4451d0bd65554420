import http from 'node:http';
import { MetricsTextError, readMetricsText } from './metrics-text';
import type { RouteSpec, ScrapePoint } from './types';

export interface ScrapeTarget {
  spec: RouteSpec;
  /** The truth ledger's answered count, read at the moment the scrape starts. */
  truthNow: () => number;
  /** The truth ledger's in-flight count, read at the same moment. */
  truthInFlightNow: () => number;
  record: (point: ScrapePoint) => void;
}

export interface ScraperOptions {
  intervalSeconds: number;
}

/**
 * Scrapes each route's `/metrics` on an interval, as Prometheus would: one keep-alive connection per target
 * (so an app that keeps the connection open pins the scrapes to one worker), no overlapping scrapes, and a
 * timeout no longer than the interval. Every failure is recorded as a failure, never as a zero.
 */
export class Scraper {
  private intervalSeconds: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly busy = new Set<string>();
  private readonly agents = new Map<string, http.Agent>();

  constructor(
    private readonly targets: ScrapeTarget[],
    options: ScraperOptions,
  ) {
    this.intervalSeconds = options.intervalSeconds;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  setIntervalSeconds(seconds: number): void {
    this.intervalSeconds = seconds;
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  /** Scrapes every target now, records the points, and returns them. */
  async scrapeAll(): Promise<ScrapePoint[]> {
    return Promise.all(this.targets.map((t) => this.scrapeAndRecord(t)));
  }

  private async tick(): Promise<void> {
    await Promise.all(
      this.targets.filter((t) => !this.busy.has(t.spec.id)).map((t) => this.scrapeAndRecord(t)),
    );
  }

  private async scrapeAndRecord(target: ScrapeTarget): Promise<ScrapePoint> {
    this.busy.add(target.spec.id);
    try {
      const point = await this.scrape(target);
      target.record(point);
      return point;
    } finally {
      this.busy.delete(target.spec.id);
    }
  }

  private agentFor(id: string): http.Agent {
    let agent = this.agents.get(id);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.agents.set(id, agent);
    }
    return agent;
  }

  private async scrape({ spec, truthNow, truthInFlightNow }: ScrapeTarget): Promise<ScrapePoint> {
    const t = Date.now();
    const truth = truthNow();
    const truthInFlight = truthInFlightNow();
    const started = performance.now();
    const base = {
      t,
      truth,
      truthInFlight,
      answeredBy: null,
      counter: null,
      inFlight: null,
      lastWriterGauge: null,
      histogramCount: null,
      histogramSum: null,
    };
    const timeoutMs = Math.min(10_000, this.intervalSeconds * 1000);
    try {
      const { status, headers, body } = await get(spec.metricsUrl, this.agentFor(spec.id), timeoutMs);
      const durationMs = performance.now() - started;
      if (status !== 200) {
        return { ...base, ok: false, durationMs, error: `HTTP ${status}: ${body.slice(0, 120).trim()}` };
      }
      const identityMetric = spec.answeredBy.kind === 'metric' ? spec.answeredBy.metric : undefined;
      const reading = readMetricsText(body, { ...spec, identityMetric });
      return {
        ...base,
        ok: true,
        durationMs,
        answeredBy: identify(spec, headers, reading.identity),
        counter: reading.counter,
        inFlight: reading.inFlight,
        lastWriterGauge: reading.lastWriterGauge,
        histogramCount: reading.histogramCount,
        histogramSum: reading.histogramSum,
        error: null,
      };
    } catch (err) {
      const message = err instanceof MetricsTextError ? err.message : describeRequestError(err);
      return { ...base, ok: false, durationMs: performance.now() - started, error: message };
    }
  }
}

function identify(
  spec: RouteSpec,
  headers: http.IncomingHttpHeaders,
  identity: string | null,
): string | null {
  if (spec.answeredBy.kind === 'header') {
    const value = headers[spec.answeredBy.header.toLowerCase()];
    return typeof value === 'string' ? `worker ${value}` : null;
  }
  if (identity === null) return null;
  const seconds = Number(identity);
  // A process start time tells processes apart and shows when one restarted.
  return Number.isFinite(seconds)
    ? `started ${new Date(seconds * 1000).toISOString().slice(11, 19)}Z`
    : identity;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, agent: http.Agent, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

function describeRequestError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: string }).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
