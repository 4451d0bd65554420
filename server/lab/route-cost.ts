import { quantile } from './quantile';
import type { CrashEffect, RatePoint, RouteCost, ScrapePoint } from './types';

/** How long after a crash its effect on a route's scrapes is looked for. */
export const CRASH_WINDOW_MS = 10_000;

export interface CostInput {
  scrapes: readonly ScrapePoint[];
  /** The app's primary and workers, or null when the app is not reached. */
  workers: number | null;
  /** A pushed route also needs its aggregator process. */
  pushed: boolean;
}

/** Scrape duration quantiles and size over the kept scrapes, and what the route takes to run. Pure. */
export function routeCost({ scrapes, workers, pushed }: CostInput): RouteCost {
  const ok = scrapes.filter((p) => p.ok);
  const durations = ok.map((p) => p.durationMs);
  const latest = scrapes.at(-1);
  return {
    scrapeP50Ms: quantile(durations, 0.5),
    scrapeP95Ms: quantile(durations, 0.95),
    metricsBytes: ok.at(-1)?.bytes ?? null,
    processes: workers === null ? 0 : workers + 1 + (pushed ? 1 : 0),
    targets: latest?.targets ?? 0,
  };
}

export interface CrashInput {
  crash: { at: number; workerId: number };
  scrapes: readonly ScrapePoint[];
  rates: readonly RatePoint[];
}

/**
 * What a worker crash did to a route, read from its own scrapes: how far the scraped counter fell below
 * its last value before the crash, how many scrapes went down (false resets to Prometheus) and the highest
 * computed rate against the true one, over the window after the crash. Pure.
 */
export function crashEffect({ crash, scrapes, rates }: CrashInput): CrashEffect {
  const end = crash.at + CRASH_WINDOW_MS;
  const counted = scrapes.filter((p) => p.ok && p.counter !== null);
  const before = counted.filter((p) => p.t < crash.at).at(-1)?.counter ?? null;
  const after = counted.filter((p) => p.t >= crash.at && p.t <= end);
  let falseResets = 0;
  let previous = before;
  let lowest = before;
  for (const p of after) {
    const v = p.counter as number;
    if (previous !== null && v < previous) falseResets += 1;
    previous = v;
    lowest = lowest === null ? v : Math.min(lowest, v);
  }
  let rateSpike: number | null = null;
  for (const r of rates) {
    if (r.t < crash.at || r.t > end || r.computed === null || !r.truth) continue;
    rateSpike = Math.max(rateSpike ?? 0, r.computed / r.truth);
  }
  return {
    at: crash.at,
    workerId: crash.workerId,
    counterDrop: before === null || lowest === null ? 0 : Math.max(0, before - lowest),
    falseResets,
    rateSpike,
  };
}
