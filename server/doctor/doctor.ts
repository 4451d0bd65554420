import http from 'node:http';
import https from 'node:https';
import type { Exposition } from '../lab/exposition-parser';
import { diagnose, type Diagnosis, type DoctorScrape } from './diagnose';
import { fetchMetrics, type DoctorProblem, type ExpositionFormat, type MetricsFetch } from './fetch-metrics';
import type { Connection } from './false-resets';
import { LoadDriver, type LoadCounts } from './load-driver';

/**
 * One run of the scrape doctor: a first scrape to check the target is a metrics endpoint at all, then, every
 * interval, one scrape on a new connection and one over a kept-alive connection (as Prometheus keeps one
 * per target), half an interval apart, never two of a kind at once; meanwhile optional open-loop load. Then
 * the diagnosis of everything it read.
 */

export interface DoctorOptions {
  url: string;
  /** Where to send load while scraping; null for none. */
  load: string | null;
  /** Load requests per second. */
  rate: number;
  durationSeconds: number;
  intervalSeconds: number;
  /** Per scrape; the interval (at least 2 s, at most 10 s) when unset. */
  timeoutSeconds?: number;
  /** Body cap per scrape; 10 MiB when unset. */
  maxBytes?: number;
  /** Load requests out at once at most; 256 when unset. */
  maxInFlight?: number;
  rateWindowSeconds?: number;
}

export interface DoctorError {
  connection: Connection;
  problem: DoctorProblem;
  count: number;
  /** The first message of its kind. */
  message: string;
}

export interface DoctorReport {
  target: string;
  /** The format and Content-Type of the first answer; null when it failed. */
  format: ExpositionFormat | null;
  contentType: string | null;
  startedAt: number;
  /** How long it scraped, in seconds. */
  durationSeconds: number;
  intervalSeconds: number;
  load: LoadCounts | null;
  diagnosis: Diagnosis;
  /** Failed scrapes, by connection and problem. */
  errors: DoctorError[];
  /** The first scrape failed: the target is unreachable or no metrics endpoint, and nothing was diagnosed. */
  fatal: { problem: DoctorProblem; message: string } | null;
  /** Why the run ended before its duration, if it did. */
  stoppedEarly: string | null;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Samples kept over a run (histogram buckets are dropped first): a few hundred MB at most, whatever the
 * target returns. A run that reaches it stops early and says so.
 */
const MAX_KEPT_SAMPLES = 1_000_000;

export async function runDoctor(options: DoctorOptions, signal?: AbortSignal): Promise<DoctorReport> {
  const timeoutMs = 1000 * (options.timeoutSeconds ?? Math.min(10, Math.max(1, options.intervalSeconds)));
  const fetchOptions = { timeoutMs, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES };
  const startedAt = Date.now();
  const scrapes: DoctorScrape[] = [];
  let kept = 0;
  let stoppedEarly: string | null = null;
  const record = (connection: Connection, fetch: MetricsFetch) => {
    const slim = fetch.ok ? { ...fetch, exposition: slimmed(fetch.exposition) } : fetch;
    if (slim.ok) kept += slim.exposition.samples.length;
    scrapes.push({ connection, fetch: slim });
    if (kept > MAX_KEPT_SAMPLES && stoppedEarly === null) {
      stoppedEarly = `stopped early: the answers reached ${MAX_KEPT_SAMPLES.toLocaleString('en')} samples kept`;
    }
  };

  const first = await fetchMetrics(options.url, fetchOptions);
  record('fresh', first);
  const report = (load: LoadCounts | null, fatal: DoctorReport['fatal']): DoctorReport => ({
    target: options.url,
    format: first.ok ? first.format : null,
    contentType: first.ok ? first.contentType : null,
    startedAt,
    durationSeconds: (Date.now() - startedAt) / 1000,
    intervalSeconds: options.intervalSeconds,
    load,
    diagnosis: diagnose(scrapes, { rateWindowSeconds: options.rateWindowSeconds }),
    errors: groupErrors(scrapes),
    fatal,
    stoppedEarly,
  });
  if (!first.ok) return report(null, { problem: first.problem, message: first.message });

  const load = options.load
    ? new LoadDriver(new URL(options.load), {
        ratePerSecond: options.rate,
        maxInFlight: options.maxInFlight ?? 256,
        timeoutMs,
      })
    : null;
  load?.start();
  const url = new URL(first.url);
  const agent =
    url.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: 1 })
      : new http.Agent({ keepAlive: true, maxSockets: 1 });
  const endAt = performance.now() + options.durationSeconds * 1000;
  const running = () => !signal?.aborted && stoppedEarly === null && performance.now() < endAt;
  const intervalMs = options.intervalSeconds * 1000;
  // The first slot of each kind: kept-alive now, fresh half an interval on, so they never coincide.
  const loop = async (connection: Connection, offsetMs: number) => {
    const origin = performance.now() + offsetMs;
    let slot = 0;
    for (;;) {
      const due = origin + slot * intervalMs;
      // A slot past the end is not waited for.
      if (due >= endAt) return;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, signal);
      if (!running()) return;
      record(
        connection,
        await fetchMetrics(url.href, connection === 'kept-alive' ? { ...fetchOptions, agent } : fetchOptions),
      );
      // A slow scrape skips the slots it overran, as Prometheus does.
      slot = Math.max(slot + 1, Math.ceil((performance.now() - origin) / intervalMs));
    }
  };
  try {
    await Promise.all([loop('kept-alive', 0), loop('fresh', intervalMs / 2)]);
  } finally {
    agent.destroy();
  }
  if (signal?.aborted) stoppedEarly = 'stopped early by the user';
  const counts = load ? await load.stop(timeoutMs) : null;
  return report(counts, null);
}

/** What the diagnosis reads, without histogram buckets and summary quantiles: most of a big answer. */
function slimmed(exposition: Exposition): Exposition {
  return {
    samples: exposition.samples.filter((s) => !s.name.endsWith('_bucket') && !('quantile' in s.labels)),
    types: exposition.types,
    help: new Map(),
  };
}

function groupErrors(scrapes: readonly DoctorScrape[]): DoctorError[] {
  const groups = new Map<string, DoctorError>();
  for (const { connection, fetch } of scrapes) {
    if (fetch.ok) continue;
    const key = `${connection} ${fetch.problem}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { connection, problem: fetch.problem, count: 1, message: fetch.message });
  }
  return [...groups.values()];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
