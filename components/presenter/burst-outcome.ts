/**
 * What a burst did to the bridge's counter: requests answered since it started, against increments the
 * bridge counted over the same time. Both come from the same scrapes, so the steady load cancels out.
 */
import type { ScrapePoint } from '../../server/lab/types';

export interface CounterMark {
  /** Requests answered so far, per the load generator, when the scrape started. */
  truth: number;
  /** The bridge's counter in the same scrape. */
  counter: number;
}

export interface BurstOutcome {
  answered: number;
  counted: number;
  /** answered − counted; never below zero (the bridge can be ahead by a flush, not by a request). */
  lost: number;
  /** lost / answered in percent; null before anything was answered. */
  lostPercent: number | null;
}

/** The latest successful scrape with a counter, as a mark; null when there is none. */
export function latestMark(scrapes: readonly ScrapePoint[]): CounterMark | null {
  let best: ScrapePoint | null = null;
  for (const s of scrapes) {
    if (s.ok && s.counter !== null && (best === null || s.t > best.t)) best = s;
  }
  return best === null || best.counter === null ? null : { truth: best.truth, counter: best.counter };
}

/**
 * Null when either mark is missing, or when the counter went down in between: the bridge restarted, so the
 * difference says nothing about the burst.
 */
export function burstOutcome(before: CounterMark | null, after: CounterMark | null): BurstOutcome | null {
  if (before === null || after === null || after.counter < before.counter) return null;
  const answered = Math.max(0, after.truth - before.truth);
  const counted = after.counter - before.counter;
  const lost = Math.max(0, answered - counted);
  return { answered, counted, lost, lostPercent: answered > 0 ? (lost / answered) * 100 : null };
}
