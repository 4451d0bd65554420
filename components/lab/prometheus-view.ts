/**
 * Reads Prometheus' answers for the page: how far a ratio to the truth is from 1, in words and symbols as
 * well as colour, and why there is no ratio when there is none.
 */
import type {
  ComponentStatus,
  PrometheusFigure,
  PrometheusFigures,
  PrometheusStatus,
  RouteView,
} from '../../server/lab/types';
import { formatRatio } from './format';
import type { Severity } from './series';

/** A ratio inside this band (inclusive) agrees with the truth; anything outside is wrong enough to show. */
export const RATIO_BAND = { low: 0.95, high: 1.05 } as const;

export interface RatioReading {
  /** `×2.87`, or an em dash without a ratio. */
  text: string;
  severity: Severity;
  /** The verdict in a symbol and words, so it never rests on colour alone. */
  verdict: string;
}

/** `2.87` → `×2.87`, bad, `▲ too high`; `1.01` → good, `✓ matches`; null → `whyNone`. */
export function readRatio(ratio: number | null, whyNone: string): RatioReading {
  if (ratio === null || !Number.isFinite(ratio))
    return { text: '\u2014', severity: 'unknown', verdict: whyNone };
  const text = formatRatio(ratio);
  if (ratio > RATIO_BAND.high) return { text, severity: 'bad', verdict: '\u25b2 too high' };
  if (ratio < RATIO_BAND.low) return { text, severity: 'bad', verdict: '\u25bc too low' };
  return { text, severity: 'good', verdict: '\u2713 matches' };
}

/** Prometheus' rate() against the true rate over the same window, or why there is no ratio. */
export function rateRatioReading(
  f: Pick<PrometheusFigures, 'rate' | 'trueRate' | 'rateRatio'>,
): RatioReading {
  const whyNone =
    f.rate.value === null
      ? 'no rate() from Prometheus'
      : f.trueRate === null
        ? 'no true rate yet'
        : 'no true traffic in the window';
  return readRatio(f.rateRatio, whyNone);
}

/** Prometheus' total against the requests answered so far, or why there is no ratio. */
export function totalRatioReading(f: Pick<PrometheusFigures, 'total' | 'totalRatio'>): RatioReading {
  return readRatio(
    f.totalRatio,
    f.total.value === null ? 'no total from Prometheus' : 'no true requests yet',
  );
}

/** The error every figure shares (Prometheus down, say), shown once instead of four times; else null. */
export function sharedError(figures: readonly PrometheusFigure[]): string | null {
  const first = figures[0]?.error ?? null;
  if (first === null) return null;
  return figures.every((f) => f.error === first) ? first : null;
}

export interface LabFigures {
  /** The lab's latest rate() computed from its own scrapes. */
  rate: number | null;
  /** The counter at the lab's latest successful scrape with a value. */
  total: number | null;
}

/** What the lab's own scraping says at its latest points, to set beside Prometheus' answers. */
export function latestLabFigures(route: Pick<RouteView, 'rates' | 'scrapes'>): LabFigures {
  const latest = <T extends { t: number }>(points: readonly T[], has: (p: T) => boolean): T | undefined =>
    points.reduce<T | undefined>(
      (best, p) => (has(p) && (best === undefined || p.t > best.t) ? p : best),
      undefined,
    );
  return {
    rate: latest(route.rates, (r) => r.computed !== null)?.computed ?? null,
    total: latest(route.scrapes, (s) => s.ok && s.counter !== null)?.counter ?? null,
  };
}

/** The lab's name for Prometheus among its components. */
export const PROMETHEUS_COMPONENT = 'prometheus';

/** The lab asks Prometheus every second; answers older than this are no longer what a dashboard shows. */
export const STALE_FIGURES_MS = 5000;

export type PrometheusBlockState =
  | { kind: 'off' }
  | { kind: 'not-scraped' }
  | { kind: 'waiting' }
  | { kind: 'error'; message: string }
  | { kind: 'values'; figures: PrometheusFigures };

export interface PrometheusBlockInput {
  mode: PrometheusStatus['mode'];
  /** Whether Prometheus scrapes the route at all. */
  scraped: boolean;
  figures: PrometheusFigures | null;
  /** The lab's status for Prometheus, when it reports one. */
  component: ComponentStatus | undefined;
  /** The snapshot's clock, Unix ms. */
  now: number;
}

/**
 * What a route's Prometheus block shows. An unreachable Prometheus or answers gone stale are errors in
 * their own words, never old numbers passed off as current ones.
 */
export function prometheusBlockState({
  mode,
  scraped,
  figures,
  component,
  now,
}: PrometheusBlockInput): PrometheusBlockState {
  if (mode === 'off') return { kind: 'off' };
  if (!scraped) return { kind: 'not-scraped' };
  const down = component?.state === 'down' ? component.detail || 'not answering' : null;
  if (figures === null)
    return down === null ? { kind: 'waiting' } : { kind: 'error', message: `Prometheus is down: ${down}` };
  const ageMs = now - figures.t;
  if (ageMs > STALE_FIGURES_MS) {
    const since = `no answer from Prometheus for ${Math.round(ageMs / 1000)} s`;
    return { kind: 'error', message: down === null ? since : `${since}: ${down}` };
  }
  const shared = sharedError([figures.rate, figures.increase, figures.total, figures.p90Seconds]);
  return shared === null ? { kind: 'values', figures } : { kind: 'error', message: shared };
}
