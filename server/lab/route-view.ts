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

export function headline(points: readonly ScrapePoint[]): Headline {
  let latest: ScrapePoint | undefined;
  const answerers = new Set<string>();
  for (const p of points) {
    if (!p.ok) continue;
    if (p.counter !== null) latest = p;
    if (p.answeredBy !== null) answerers.add(p.answeredBy);
  }
  const counter = latest?.counter ?? null;
  const truth = latest?.truth ?? 0;
  return {
    errorNowPercent: counter === null || truth === 0 ? null : ((counter - truth) / truth) * 100,
    lost: counter === null ? null : truth - counter,
    distinctAnswerers: answerers.size,
    resets: countResets(counterSamples(points)),
  };
}
