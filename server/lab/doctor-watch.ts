import http from 'node:http';
import { diagnose, type Diagnosis, type DoctorScrape } from '../doctor/diagnose';
import { fetchMetrics, type MetricsFetch } from '../doctor/fetch-metrics';
import { LoadGenerator } from './load-generator';
import { RingBuffer } from './ring-buffer';
import { TruthLedger } from './truth-ledger';
import type { YourAppSpec, YourAppView } from './types';

/** Scrapes kept of each kind: enough to see a braid, few enough that a large /metrics stays cheap to hold. */
const KEPT_PER_KIND = 30;
/** A body over this fails the scrape as too large, as Prometheus' body_size_limit would. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface DoctorWatchOptions {
  intervalSeconds: number;
  /** How one scrape is made; the doctor's own fetch unless a test swaps it. */
  fetch?: typeof fetchMetrics;
}

/**
 * The scrape doctor, live, on your own app: every interval one scrape on a new connection and one on a
 * kept-alive connection (as Prometheus makes them), optional load at your app, and the doctor's diagnosis of
 * what was kept. Nothing here reads a URL from a visitor: the spec comes from the server's configuration.
 */
export class DoctorWatch {
  private intervalSeconds: number;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly fetch: typeof fetchMetrics;
  private fresh = new RingBuffer<DoctorScrape>(KEPT_PER_KIND);
  private keptAlive = new RingBuffer<DoctorScrape>(KEPT_PER_KIND);
  private lastError: string | null = null;
  /** The diagnosis of what is kept, worked out once per new scrape rather than once per snapshot. */
  private cached: Diagnosis | null = null;
  private ledger = new TruthLedger();
  private loadGenerator: LoadGenerator | null;

  constructor(
    readonly spec: YourAppSpec,
    options: DoctorWatchOptions,
  ) {
    this.intervalSeconds = options.intervalSeconds;
    this.fetch = options.fetch ?? fetchMetrics;
    this.loadGenerator = this.newLoadGenerator();
  }

  start({ load }: { load: boolean }): void {
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
      void this.tick();
    }
    if (load) this.loadGenerator?.start();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.loadGenerator?.stop();
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  setLoad(on: boolean): void {
    if (on) this.loadGenerator?.start();
    else this.loadGenerator?.stop();
  }

  setIntervalSeconds(seconds: number): void {
    this.intervalSeconds = seconds;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = setInterval(() => void this.tick(), seconds * 1000);
    }
  }

  /** Forgets every scrape and the load's counts: a lab reset starts the diagnosis from nothing too. */
  reset(): void {
    const loading = this.loadGenerator?.running ?? false;
    this.loadGenerator?.stop();
    this.fresh = new RingBuffer<DoctorScrape>(KEPT_PER_KIND);
    this.keptAlive = new RingBuffer<DoctorScrape>(KEPT_PER_KIND);
    this.cached = null;
    this.lastError = null;
    this.ledger = new TruthLedger();
    this.loadGenerator = this.newLoadGenerator();
    if (loading) this.loadGenerator?.start();
  }

  /** One scrape of each kind now (the lab's "scrape now" action reaches your app too). */
  async scrapeNow(): Promise<void> {
    await this.tick();
  }

  view(): YourAppView {
    const fresh = this.fresh.toArray();
    const keptAlive = this.keptAlive.toArray();
    this.cached ??= diagnose([...fresh, ...keptAlive].sort((a, b) => a.fetch.at - b.fetch.at));
    const times = [...fresh, ...keptAlive].map((s) => s.fetch.at);
    const seconds = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
    const truth = this.ledger.view();
    return {
      spec: this.spec,
      diagnosis: this.cached,
      window: { fresh: fresh.length, keptAlive: keptAlive.length, seconds },
      load: this.loadGenerator
        ? { sent: truth.sent, answered: truth.answered, failed: truth.failed, skipped: truth.skipped }
        : null,
      lastError: this.lastError,
    };
  }

  private async tick(): Promise<void> {
    // A slow target is never scraped twice at once: the next tick waits, as Prometheus skips an overlap.
    if (this.busy) return;
    this.busy = true;
    try {
      const timeoutMs = Math.max(250, this.intervalSeconds * 1000);
      const [fresh, keptAlive] = await Promise.all([
        this.fetch(this.spec.metricsUrl, { timeoutMs, maxBytes: MAX_BODY_BYTES }),
        this.fetch(this.spec.metricsUrl, { timeoutMs, maxBytes: MAX_BODY_BYTES, agent: this.agent }),
      ]);
      this.fresh.push({ connection: 'fresh', fetch: fresh });
      this.keptAlive.push({ connection: 'kept-alive', fetch: keptAlive });
      this.lastError = failure(keptAlive) ?? failure(fresh);
      this.cached = null;
    } catch (err) {
      // fetchMetrics answers every failure; anything else is a bug, shown rather than crashing the lab.
      this.lastError = `the doctor failed: ${(err as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  private newLoadGenerator(): LoadGenerator | null {
    if (this.spec.loadUrl === null) return null;
    return new LoadGenerator([{ id: this.spec.id, url: this.spec.loadUrl, ledger: this.ledger }], {
      ratePerSecond: this.spec.loadRatePerSecond,
      // Your app is not ours to flood: a slow one gets skipped requests (counted), not a growing queue.
      concurrency: 32,
    });
  }
}

function failure(fetch: MetricsFetch): string | null {
  return fetch.ok ? null : fetch.message;
}
