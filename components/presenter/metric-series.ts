/**
 * Chart rows for the presenter's small metric charts, from a route's scrapes. Time is seconds before the
 * snapshot, as in the lab's charts; a failed scrape or a missing value is a gap (null), never a zero.
 */
import type { ScrapePoint } from '../../server/lab/types';
import { offsetSeconds } from '../lab/series';

export interface ValueRow {
  x: number;
  value: number | null;
}

export interface GaugeRow {
  x: number;
  /** The load generator's own count of requests in flight. */
  truth: number;
  /** The gauge every worker sends as deltas (its net change each tick), as the bridge holds it. */
  deltas: number | null;
  /** The gauge every worker sets to its own count; the bridge keeps the last one written. */
  lastWriter: number | null;
}

const byTime = (scrapes: readonly ScrapePoint[]) => [...scrapes].sort((a, b) => a.t - b.t);

/** One row per scrape with the value `pick` reads from it; failed scrapes are gaps. */
export function valueRows(
  scrapes: readonly ScrapePoint[],
  now: number,
  pick: (s: ScrapePoint) => number | null,
): ValueRow[] {
  return byTime(scrapes).map((s) => ({ x: offsetSeconds(s.t, now), value: s.ok ? pick(s) : null }));
}

/**
 * Mean request duration in milliseconds between consecutive successful scrapes: Δsum / Δcount of the
 * histogram. No row value when nothing was observed in between or the histogram went backwards (a restart).
 */
export function meanLatencyRows(scrapes: readonly ScrapePoint[], now: number): ValueRow[] {
  const rows: ValueRow[] = [];
  let previous: ScrapePoint | null = null;
  for (const s of byTime(scrapes)) {
    const usable = s.ok && s.histogramCount !== null && s.histogramSum !== null;
    let value: number | null = null;
    if (usable && previous !== null) {
      const count = (s.histogramCount ?? 0) - (previous.histogramCount ?? 0);
      const sum = (s.histogramSum ?? 0) - (previous.histogramSum ?? 0);
      if (count > 0 && sum >= 0) value = (sum / count) * 1000;
    }
    if (usable) previous = s;
    rows.push({ x: offsetSeconds(s.t, now), value });
  }
  return rows;
}

/** A histogram's mean observation over a stretch of scrapes, and how many observations it is taken over. */
export interface RecentMean {
  seconds: number;
  observations: number;
}

/**
 * The histogram's mean observation over its latest `span` intervals between successful scrapes (Δsum /
 * Δcount), counted from after its last restart (where it went backwards); null without an observation.
 */
export function recentMean(scrapes: readonly ScrapePoint[], span: number): RecentMean | null {
  const usable = byTime(scrapes).flatMap((s) =>
    s.ok && s.histogramCount !== null && s.histogramSum !== null
      ? [{ count: s.histogramCount, sum: s.histogramSum }]
      : [],
  );
  let from = Math.max(0, usable.length - 1 - span);
  usable.forEach((s, i) => {
    const previous = usable[i - 1];
    if (previous !== undefined && (s.count < previous.count || s.sum < previous.sum))
      from = Math.max(from, i);
  });
  const first = usable[from];
  const last = usable.at(-1);
  if (first === undefined || last === undefined) return null;
  const observations = last.count - first.count;
  if (observations <= 0) return null;
  return { seconds: (last.sum - first.sum) / observations, observations };
}

export function gaugeRows(scrapes: readonly ScrapePoint[], now: number): GaugeRow[] {
  return byTime(scrapes).map((s) => ({
    x: offsetSeconds(s.t, now),
    truth: s.truthInFlight,
    deltas: s.ok ? s.inFlight : null,
    lastWriter: s.ok ? s.lastWriterGauge : null,
  }));
}

export interface GaugeMeans {
  truth: number | null;
  deltas: number | null;
  lastWriter: number | null;
  /** Rows the means are taken over: those where all three are known, so they compare like with like. */
  rows: number;
}

/** Means over the window: single readings of a gauge jump, its mean over a minute does not. */
export function gaugeMeans(rows: readonly GaugeRow[]): GaugeMeans {
  const complete = rows.filter((r) => r.deltas !== null && r.lastWriter !== null);
  if (complete.length === 0) return { truth: null, deltas: null, lastWriter: null, rows: 0 };
  const mean = (pick: (r: GaugeRow) => number) =>
    complete.reduce((sum, r) => sum + pick(r), 0) / complete.length;
  return {
    truth: mean((r) => r.truth),
    deltas: mean((r) => r.deltas ?? 0),
    lastWriter: mean((r) => r.lastWriter ?? 0),
    rows: complete.length,
  };
}

/** The value `pick` reads from the latest successful scrape that has one, or null. */
export function latestValue(
  scrapes: readonly ScrapePoint[],
  pick: (s: ScrapePoint) => number | null,
): number | null {
  let best: { t: number; value: number } | null = null;
  for (const s of scrapes) {
    const value = s.ok ? pick(s) : null;
    if (value !== null && (best === null || s.t > best.t)) best = { t: s.t, value };
  }
  return best?.value ?? null;
}

/** Rows with a value: what a chart's `data-points` reports, so a test can see data arrive. */
export function countValues<T>(rows: readonly T[], pick: (row: T) => number | null): number {
  return rows.filter((r) => pick(r) !== null).length;
}
