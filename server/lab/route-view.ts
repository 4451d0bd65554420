import { countResets, exactRate, rate, type PromqlDialect, type Sample } from './rate-math';
import type { Headline, RatePoint, ScrapePoint } from './types';

/** Scraped counter samples: successful scrapes that carried the counter. */
export function counterSamples(points: readonly ScrapePoint[]): Sample[] {
  const out: Sample[] = [];
  for (const p of points) if (p.ok && p.counter !== null) out.push({ t: p.t, v: p.counter });
  return out;
}

/** The truth as samples at the scrape times, failed scrapes included: the truth is always known. */
export function truthSamples(points: readonly ScrapePoint[]): Sample[] {
  return points.map((p) => ({ t: p.t, v: p.truth }));
}

/**
 * At each scrape, rate() of the scraped counter, as the Prometheus in use would evaluate it (its dialect),
 * and the true rate, over the same trailing window.
 */
export function ratePoints(
  points: readonly ScrapePoint[],
  rangeSeconds: number,
  dialect: PromqlDialect = 'v3',
): RatePoint[] {
  const scraped = counterSamples(points);
  const truth = truthSamples(points);
  return points.map((p) => ({
    t: p.t,
    computed: rate(scraped, { end: p.t, rangeSeconds, dialect }),
    truth: exactRate(truth, { end: p.t, rangeSeconds }),
  }));
}

/**
 * How long a pushed increment may take to reach the bridge: hot-shots flushes its buffer every second and
 * sends the gauges on a 100 ms tick, datadog's client flushes sooner; a little more for the scrape itself.
 */
export const PUSH_FLUSH_SECONDS = 1.5;

export interface HeadlineOptions {
  /**
   * For a route whose increments are pushed: how long one may still be on its way. The truth gained in that
   * window, up to the whole gap, is in transit rather than lost, until the bridge has had time to flush.
   */
  inTransitSeconds?: number;
}

export function headline(points: readonly ScrapePoint[], options: HeadlineOptions = {}): Headline {
  let latest: ScrapePoint | undefined;
  const answerers = new Set<string>();
  for (const p of points) {
    if (!p.ok) continue;
    if (p.counter !== null) latest = p;
    if (p.answeredBy !== null) answerers.add(p.answeredBy);
  }
  const counter = latest?.counter ?? null;
  const truth = latest?.truth ?? 0;
  const gap = counter === null ? null : truth - counter;
  const inTransit =
    gap === null || options.inTransitSeconds === undefined || latest === undefined
      ? null
      : Math.max(0, Math.min(gap, truth - truthBefore(points, latest.t - options.inTransitSeconds * 1000)));
  return {
    errorNowPercent: counter === null || truth === 0 ? null : ((counter - truth) / truth) * 100,
    lost: gap === null ? null : gap - (inTransit ?? 0),
    inTransit,
    distinctAnswerers: answerers.size,
    resets: countResets(counterSamples(points)),
  };
}

/** The truth at the last scrape at or before `t` (every scrape records it, failed ones too); 0 before any. */
function truthBefore(points: readonly ScrapePoint[], t: number): number {
  let truth = 0;
  for (const p of points) {
    if (p.t > t) break;
    truth = p.truth;
  }
  return truth;
}
