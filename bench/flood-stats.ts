import { quantile } from '../server/lab/quantile';
import { spread, type Spread } from './overhead-stats';

/** Pure figures for bench/lab-snapshot-flood.ts and its flood client. */

/** How many requests a paced sender should have started `elapsedMs` into a run at `ratePerSecond`. */
export function dueRequests(elapsedMs: number, ratePerSecond: number): number {
  if (!(elapsedMs > 0) || !(ratePerSecond > 0)) return 0;
  return Math.floor((elapsedMs * ratePerSecond) / 1000);
}

/** When request `index` (0-based) falls due, in ms into the run: the moment dueRequests first counts it. */
export function dueAtMs(index: number, ratePerSecond: number): number {
  return ((index + 1) * 1000) / ratePerSecond;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The quantiles of a set of request latencies; null for none. */
export function latencySummary(latenciesMs: readonly number[]): LatencySummary | null {
  if (latenciesMs.length === 0) return null;
  const q = (p: number): number => quantile(latenciesMs, p) as number;
  return {
    count: latenciesMs.length,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: latenciesMs.reduce((max, v) => Math.max(max, v), -Infinity),
  };
}

export interface Reading {
  /** Seconds since the phase began. */
  t: number;
  value: number | null;
}

/**
 * The median and range of a phase's readings taken once the ledger's latency window holds only that
 * phase's answers (`fromSeconds` on); readings without a value are left out.
 */
export function settledSpread(readings: readonly Reading[], fromSeconds: number): Spread | null {
  return spread(readings.flatMap((r) => (r.t >= fromSeconds && r.value !== null ? [r.value] : [])));
}

export interface Phase {
  kind: 'quiet' | 'flood';
  value: number | null;
}

/**
 * Each flood phase's value over the quiet phase just before it and the one just after it: the phases that
 * sat next to it in time share the machine's drift, so every pairing counts, not one of medians.
 */
export function pairedRatios(phases: readonly Phase[]): number[] {
  const ratios: number[] = [];
  phases.forEach((phase, i) => {
    if (phase.kind !== 'flood' || phase.value === null) return;
    for (const neighbour of [phases[i - 1], phases[i + 1]]) {
      if (neighbour?.kind === 'quiet' && neighbour.value !== null && neighbour.value > 0) {
        ratios.push(phase.value / neighbour.value);
      }
    }
  });
  return ratios;
}

export type Verdict = 'within' | 'over' | 'unresolved' | 'unmeasured';

/**
 * Within or over `limit` only when every pairing agrees: otherwise the quiet phases differ among themselves
 * by as much as the flood moves the figure, and the run says so instead of picking a side.
 */
export function judgeRatios(ratios: readonly number[], limit: number): Verdict {
  if (ratios.length === 0) return 'unmeasured';
  if (ratios.every((r) => r <= limit)) return 'within';
  if (ratios.every((r) => r > limit)) return 'over';
  return 'unresolved';
}
