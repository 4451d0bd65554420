import { rate, type Sample } from '../lab/rate-math';
import { dropsBelow } from './responders';
import type { CounterRole, ScrapeFeatures } from './scrape-features';

/**
 * Counters that go down between one connection's scrapes. Prometheus reads each drop as a process restart
 * and adds the value before it back, so rate() over a braided series reports traffic that never happened.
 * What it invents is measured against the truth the responders tell: the sum of each one's own growth.
 */

export type Connection = 'fresh' | 'kept-alive';

export interface FalseReset {
  family: string;
  series: string;
  connection: Connection;
  /** Drops between consecutive scrapes on this connection. */
  count: number;
  /** Increase rate() over the window would invent, on average over the run: its rate × the window. */
  invented: number;
  inventedRatePerSecond: number;
  /** True when every drop is within float rounding of a merged sum; Prometheus still reads each as a reset. */
  rounding: boolean;
}

export interface FalseResetInput {
  at: number;
  connection: Connection;
  /** Index of the responder that gave this answer. */
  responder: number;
  features: ScrapeFeatures;
}

/** Buckets go down with their family's _count; reporting them too would only repeat it. */
const REPORTED: ReadonlySet<CounterRole> = new Set(['counter', 'count', 'sum']);

export function findFalseResets(
  inputs: readonly FalseResetInput[],
  { rateWindowSeconds: windowSeconds }: { rateWindowSeconds: number },
): FalseReset[] {
  const found: FalseReset[] = [];
  const spans = new Map<number, { first: number; last: number }>();
  for (const { responder, at } of inputs) {
    const span = spans.get(responder);
    spans.set(responder, { first: Math.min(at, span?.first ?? at), last: Math.max(at, span?.last ?? at) });
  }
  for (const connection of ['kept-alive', 'fresh'] as const) {
    const sequence = inputs.filter((x) => x.connection === connection).sort((a, b) => a.at - b.at);
    if (sequence.length < 2) continue;
    const drops = new Map<string, { family: string; count: number; rounding: boolean }>();
    const last = new Map<string, { value: number; responder: number }>();
    for (const input of sequence) {
      for (const [key, series] of input.features.counters) {
        if (!REPORTED.has(series.role)) continue;
        const before = last.get(key);
        last.set(key, { value: series.value, responder: input.responder });
        if (before === undefined || series.value >= before.value) continue;
        const rounding = !dropsBelow(before.value, series.value);
        if (!rounding && isRestart(spans, before.responder, input.responder, input.at)) continue;
        const entry = drops.get(key) ?? { family: series.family, count: 0, rounding: true };
        entry.count += 1;
        entry.rounding &&= rounding;
        drops.set(key, entry);
      }
    }
    for (const [key, { family, count, rounding }] of drops) {
      const samples = sequence.flatMap((x) => {
        const series = x.features.counters.get(key);
        return series ? [{ t: x.at, v: series.value }] : [];
      });
      const excess = averageRate(samples, windowSeconds) - trueRate(inputs, key);
      const inventedRatePerSecond = Math.max(0, excess);
      found.push({
        family,
        series: key,
        connection,
        count,
        invented: inventedRatePerSecond * windowSeconds,
        inventedRatePerSecond,
        rounding,
      });
    }
  }
  return found.sort((a, b) => b.inventedRatePerSecond - a.inventedRatePerSecond || b.count - a.count);
}

/**
 * A process that stopped and one that took over: the old one never answers again and the new one had not
 * answered before. Prometheus reads that drop rightly as a reset.
 */
function isRestart(
  spans: Map<number, { first: number; last: number }>,
  before: number,
  after: number,
  at: number,
) {
  return (spans.get(before)?.last ?? Infinity) < at && (spans.get(after)?.first ?? -Infinity) >= at;
}

/**
 * rate() over every full window of the run, averaged. A run shorter than the window is read with a window
 * as long as the run: a window reaching past the first sample would dilute the rate as a young series does.
 */
function averageRate(samples: readonly Sample[], windowSeconds: number): number {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.t <= first.t) return 0;
  const rangeSeconds = Math.min(windowSeconds, (last.t - first.t) / 1000);
  const ends = samples.filter((s) => s.t - rangeSeconds * 1000 >= first.t).map((s) => s.t);
  const rates = ends
    .map((end) => rate(samples, { end, rangeSeconds }))
    .filter((r): r is number => r !== null);
  return rates.length === 0 ? 0 : rates.reduce((a, b) => a + b, 0) / rates.length;
}

/** The series' real rate: each responder's own growth over its own span, summed over the responders. */
function trueRate(inputs: readonly FalseResetInput[], key: string): number {
  const spans = new Map<number, { first: Sample; last: Sample }>();
  for (const input of [...inputs].sort((a, b) => a.at - b.at)) {
    const series = input.features.counters.get(key);
    if (!series) continue;
    const sample = { t: input.at, v: series.value };
    const span = spans.get(input.responder);
    if (span) span.last = sample;
    else spans.set(input.responder, { first: sample, last: sample });
  }
  let total = 0;
  for (const { first, last } of spans.values()) {
    if (last.t > first.t) total += Math.max(0, last.v - first.v) / ((last.t - first.t) / 1000);
  }
  return total;
}
