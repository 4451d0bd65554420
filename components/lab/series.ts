/**
 * Shapes a RouteView into chart rows. A point's x is its own time (Unix ms), so a point is the same from one
 * snapshot to the next and only the newest are new (the page's view patch sends those alone); the charts
 * place it against the snapshot's `now`, and their time axis (timeDomain) reads "seconds ago". Failed
 * scrapes never become zeros: they break the scraped line and get their own marker.
 */
import type { RouteView } from '../../server/lab/types';
import { answererLabel, type AnswererLabel } from './answerer-label';
import { answerersOf, assignWorkerSlots, workerStyle, type WorkerStyle } from './worker-styles';

export interface XY {
  /** The point's time, Unix ms. */
  x: number;
  y: number;
}

export interface GappedXY {
  x: number;
  /** null breaks the line. */
  y: number | null;
}

export interface WorkerSeries {
  /** The lab's name for the process, e.g. `worker 3` or `started 18:30:43Z`: the series' key. */
  answerer: string;
  /** What the room reads for it: `w1` (pid second) or `bridge (up 2 min)`. */
  name: AnswererLabel;
  style: WorkerStyle;
  points: XY[];
}

export interface CounterSeries {
  truth: XY[];
  scraped: GappedXY[];
  workers: WorkerSeries[];
  /** Successful scrapes whose answering process could not be identified. */
  unidentified: XY[];
  /** Failed scrapes, drawn at the last scraped value so the marker sits in the line's gap. */
  failures: XY[];
  counts: { scrapes: number; ok: number; failed: number; noValue: number };
}

export interface RateRow {
  x: number;
  computed: number | null;
  truth: number | null;
}

/** Replaces every `{workers}` in a route title with the configured worker count. */
export function routeTitle(template: string, workers: number): string {
  return template.replaceAll('{workers}', String(workers));
}

/** Seconds between `t` and `now` (both Unix ms), to the millisecond. */
export function offsetSeconds(t: number, now: number): number {
  return Math.round(t - now) / 1000;
}

export function counterSeries(
  route: Pick<RouteView, 'scrapes' | 'workers'>,
  now: number,
  slots: Readonly<Record<string, number>>,
): CounterSeries {
  const scrapes = [...route.scrapes].sort((a, b) => a.t - b.t);
  const allSlots = assignWorkerSlots(slots, answerersOf(scrapes));
  const byAnswerer = new Map<string, XY[]>();
  const truth: XY[] = [];
  const scraped: GappedXY[] = [];
  const unidentified: XY[] = [];
  const failures: XY[] = [];
  const counts = { scrapes: scrapes.length, ok: 0, failed: 0, noValue: 0 };
  let lastValue: number | null = null;

  for (const s of scrapes) {
    const x = s.t;
    truth.push({ x, y: s.truth });
    if (!s.ok) {
      counts.failed += 1;
      scraped.push({ x, y: null });
      failures.push({ x, y: lastValue ?? s.truth });
      continue;
    }
    counts.ok += 1;
    if (s.counter === null) {
      counts.noValue += 1;
      scraped.push({ x, y: null });
      continue;
    }
    lastValue = s.counter;
    scraped.push({ x, y: s.counter });
    const point = { x, y: s.counter };
    if (s.answeredBy === null) {
      unidentified.push(point);
      continue;
    }
    const points = byAnswerer.get(s.answeredBy) ?? [];
    points.push(point);
    byAnswerer.set(s.answeredBy, points);
  }

  const workers = [...byAnswerer.entries()]
    .map(([answerer, points]) => ({
      answerer,
      name: answererLabel(answerer, route.workers, now),
      style: workerStyle(allSlots[answerer] ?? 0),
      points,
      slot: allSlots[answerer] ?? 0,
    }))
    .sort((a, b) => a.slot - b.slot)
    .map(({ slot: _slot, ...series }) => series);

  return { truth, scraped, workers, unidentified, failures, counts };
}

export function rateRows(route: Pick<RouteView, 'rates'>): RateRow[] {
  return [...route.rates]
    .sort((a, b) => a.t - b.t)
    .map((r) => ({ x: r.t, computed: r.computed, truth: r.truth }));
}

export interface PrometheusRateRow {
  x: number;
  /** null when Prometheus had no answer at that moment: a gap, never a zero. */
  prometheus: number | null;
}

/** Prometheus' own rate() over time, on the same clock as the lab's rate rows. */
export function prometheusRateRows(route: Pick<RouteView, 'prometheusRates'>): PrometheusRateRow[] {
  return [...route.prometheusRates].sort((a, b) => a.t - b.t).map((p) => ({ x: p.t, prometheus: p.rate }));
}

/** Time axis spans are whole multiples of this: a window that slides by a second keeps its span and ticks. */
const SPAN_STEP_SECONDS = 10;

/**
 * The shared time axis of a route's charts, seconds relative to `now`: from its oldest point (rounded out
 * to SPAN_STEP_SECONDS) to now, at least `minSeconds` wide.
 */
export function timeDomain(
  route: Pick<RouteView, 'scrapes' | 'rates'>,
  now: number,
  minSeconds: number,
): [number, number] {
  let oldest = now;
  for (const s of route.scrapes) oldest = Math.min(oldest, s.t);
  for (const r of route.rates) oldest = Math.min(oldest, r.t);
  const age = (now - oldest) / 1000;
  const span = Math.max(minSeconds, Math.ceil(age / SPAN_STEP_SECONDS) * SPAN_STEP_SECONDS);
  return [-span, 0];
}

export type Severity = 'good' | 'warn' | 'bad' | 'unknown';

/** How alarming an error is: under 1 % is good, under 10 % a warning, more is bad. */
export function errorSeverity(percent: number | null): Severity {
  if (percent === null || !Number.isFinite(percent)) return 'unknown';
  const abs = Math.abs(percent);
  if (abs < 1) return 'good';
  if (abs < 10) return 'warn';
  return 'bad';
}
