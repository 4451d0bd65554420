import http from 'node:http';
import { MetricsTextError, readMetricsText } from './metrics-text';
import type { RouteSpec, ScrapePoint, TargetState } from './types';

export interface ScrapeTarget {
  spec: RouteSpec;
  /** What to read now: one URL, or one per worker for a per-worker route (they come and go). */
  urls: () => string[];
  /** The truth ledger's answered count, read at the moment the scrape starts. */
  truthNow: () => number;
  /** The truth ledger's in-flight count, read at the same moment. */
  truthInFlightNow: () => number;
  record: (point: ScrapePoint, targets: TargetState[]) => void;
}

interface Reading {
  url: string;
  ok: boolean;
  durationMs: number;
  bytes: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  error: string | null;
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
      const { point, targets } = await this.scrape(target);
      target.record(point, targets);
      return point;
    } finally {
      this.busy.delete(target.spec.id);
    }
  }

  /** One keep-alive connection per target URL, as Prometheus keeps one per target. */
  private agentFor(id: string): http.Agent {
    let agent = this.agents.get(id);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.agents.set(id, agent);
    }
    return agent;
  }

  private async scrape({
    spec,
    urls,
    truthNow,
    truthInFlightNow,
  }: ScrapeTarget): Promise<{ point: ScrapePoint; targets: TargetState[] }> {
    const t = Date.now();
    const truth = truthNow();
    const truthInFlight = truthInFlightNow();
    const started = performance.now();
    const timeoutMs = Math.min(10_000, this.intervalSeconds * 1000);
    const readings = await Promise.all(urls().map((url) => this.read(url, timeoutMs)));
    const targets = readings.map(({ url, ok, durationMs, error }) => ({ url, ok, durationMs, error }));
    const base = {
      t,
      truth,
      truthInFlight,
      durationMs: performance.now() - started,
      targets: readings.length,
      targetsUp: readings.filter((r) => r.ok).length,
      bytes: readings.some((r) => r.ok) ? readings.reduce((sum, r) => sum + r.bytes, 0) : null,
      answeredBy: null,
      counter: null,
      inFlight: null,
      lastWriterGauge: null,
      histogramCount: null,
      histogramSum: null,
    };
    const failed = readings.filter((r) => !r.ok);
    if (readings.length === 0) {
      return { point: { ...base, ok: false, error: 'no scrape target: the app lists no workers' }, targets };
    }
    // A sum that misses a target would read as a drop: a scrape with a target down counts as failed.
    if (failed.length > 0) {
      const why = failed.map((r) => r.error).join('; ');
      const error =
        readings.length === 1 ? why : `${failed.length} of ${readings.length} targets down: ${why}`;
      return { point: { ...base, ok: false, error }, targets };
    }
    try {
      const identityMetric = spec.answeredBy.kind === 'metric' ? spec.answeredBy.metric : undefined;
      const parsed = readings.map((r) => ({
        r,
        reading: readMetricsText(r.body, { ...spec, identityMetric }),
      }));
      const sum = (pick: (x: ReturnType<typeof readMetricsText>) => number | null): number | null =>
        parsed.reduce<number | null>((total, { reading }) => {
          const v = pick(reading);
          return v === null ? total : (total ?? 0) + v;
        }, null);
      const only = parsed.length === 1 ? parsed[0] : undefined;
      return {
        point: {
          ...base,
          ok: true,
          // One process answers a single-target scrape; a per-worker scrape reads every worker.
          answeredBy: only ? identify(spec, only.r.headers, only.reading.identity) : null,
          counter: sum((x) => x.counter),
          inFlight: sum((x) => x.inFlight),
          lastWriterGauge: only ? only.reading.lastWriterGauge : null,
          histogramCount: sum((x) => x.histogramCount),
          histogramSum: sum((x) => x.histogramSum),
          ...(only?.reading.multiproc ? { multiproc: only.reading.multiproc } : {}),
          error: null,
        },
        targets,
      };
    } catch (err) {
      const message = err instanceof MetricsTextError ? err.message : describeRequestError(err);
      return { point: { ...base, ok: false, error: message }, targets };
    }
  }

  private async read(url: string, timeoutMs: number): Promise<Reading> {
    const started = performance.now();
    try {
      const { status, headers, body } = await get(url, this.agentFor(url), timeoutMs);
      const durationMs = performance.now() - started;
      const bytes = Buffer.byteLength(body);
      if (status !== 200) {
        const error = `HTTP ${status}: ${body.slice(0, 120).trim()}`;
        return { url, ok: false, durationMs, bytes, headers, body: '', error };
      }
      return { url, ok: true, durationMs, bytes, headers, body, error: null };
    } catch (err) {
      const durationMs = performance.now() - started;
      return {
        url,
        ok: false,
        durationMs,
        bytes: 0,
        headers: {},
        body: '',
        error: describeRequestError(err),
      };
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
    if (typeof value !== 'string') return null;
    // A worker id is a number; an aggregating primary names itself ("primary 1234").
    return /^\d+$/.test(value) ? `worker ${value}` : value;
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
