import { increase, type Sample } from '../lab/rate-math';
import { dropsBelow } from './responders';
import type { CounterRole, ScrapeFeatures } from './scrape-features';

/**
 * Counters that go down between one connection's scrapes. Prometheus reads each drop as a process restart
 * and adds the value before it back, so rate() over a braided series reports traffic that never happened:
 * what it invents is that value added back at each false drop, scaled as rate() extrapolates the window.
 * (A braid also loses counts between workers, so the net error can be smaller, or even negative, while
 * counters are young; the invented part only grows with them.)
 */

export type Connection = 'fresh' | 'kept-alive';

export interface FalseReset {
  family: string;
  series: string;
  connection: Connection;
  /** Drops between consecutive scrapes on this connection. */
  count: number;
  /** Increase rate() over the window would invent from the false drops, on average over the run. */
  invented: number;
  /** The same as a rate: what rate() over the window would add to the true rate. */
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
  const found: (FalseReset & { role: CounterRole })[] = [];
  const spans = new Map<number, { first: number; last: number }>();
  for (const { responder, at } of inputs) {
    const span = spans.get(responder);
    spans.set(responder, { first: Math.min(at, span?.first ?? at), last: Math.max(at, span?.last ?? at) });
  }
  for (const connection of ['kept-alive', 'fresh'] as const) {
    const sequence = inputs.filter((x) => x.connection === connection).sort((a, b) => a.at - b.at);
    if (sequence.length < 2) continue;
    const drops = new Map<string, { family: string; role: CounterRole; count: number; rounding: boolean }>();
    /** Per series, the times of the samples that were false drops. */
    const falseAt = new Map<string, Set<number>>();
    const last = new Map<string, { value: number; responder: number }>();
    for (const input of sequence) {
      for (const [key, series] of input.features.counters) {
        if (!REPORTED.has(series.role)) continue;
        const before = last.get(key);
        last.set(key, { value: series.value, responder: input.responder });
        if (before === undefined || series.value >= before.value) continue;
        const rounding = !dropsBelow(before.value, series.value);
        if (!rounding && isRestart(spans, before.responder, input.responder, input.at)) continue;
        const entry = drops.get(key) ?? {
          family: series.family,
          role: series.role,
          count: 0,
          rounding: true,
        };
        entry.count += 1;
        entry.rounding &&= rounding;
        drops.set(key, entry);
        falseAt.set(key, (falseAt.get(key) ?? new Set()).add(input.at));
      }
    }
    for (const [key, { family, role, count, rounding }] of drops) {
      const samples = sequence.flatMap((x) => {
        const series = x.features.counters.get(key);
        return series ? [{ t: x.at, v: series.value }] : [];
      });
      const inventedRatePerSecond = inventedRate(samples, falseAt.get(key) ?? new Set(), windowSeconds);
      found.push({
        family,
        role,
        series: key,
        connection,
        count,
        invented: inventedRatePerSecond * windowSeconds,
        inventedRatePerSecond,
        rounding,
      });
    }
  }
  // Counts of events first, then sums (seconds, bytes …): their invented rates are in other units.
  const sums = (r: { role: CounterRole }) => (r.role === 'sum' ? 1 : 0);
  return found
    .sort(
      (a, b) => sums(a) - sums(b) || b.inventedRatePerSecond - a.inventedRatePerSecond || b.count - a.count,
    )
    .map(({ role: _role, ...reset }) => reset);
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
 * What rate() adds from the false drops, averaged over every full window of the run. increase() is the
 * window's growth plus every drop's value added back, times its extrapolation; the false drops' share of
 * that is what it invented. A run shorter than the window is read with a window as long as the run.
 */
function inventedRate(
  samples: readonly Sample[],
  falseAt: ReadonlySet<number>,
  windowSeconds: number,
): number {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.t <= first.t) return 0;
  const rangeSeconds = Math.min(windowSeconds, (last.t - first.t) / 1000);
  const ends = samples.filter((s) => s.t - rangeSeconds * 1000 >= first.t).map((s) => s.t);
  const rates = ends.flatMap((end) => {
    const total = increase(samples, { end, rangeSeconds });
    // Prometheus 3's window: start < t ≤ end, as increase() just read it.
    const inWindow = samples.filter((s) => s.t > end - rangeSeconds * 1000 && s.t <= end);
    let added = 0;
    let invented = 0;
    inWindow.forEach((s, i) => {
      const before = inWindow[i - 1];
      if (before === undefined || s.v >= before.v) return;
      added += before.v;
      if (falseAt.has(s.t)) invented += before.v;
    });
    const grown = (inWindow.at(-1)?.v ?? 0) - (inWindow[0]?.v ?? 0) + added;
    return total === null || grown <= 0 ? [] : [(total * (invented / grown)) / rangeSeconds];
  });
  return rates.length === 0 ? 0 : rates.reduce((a, b) => a + b, 0) / rates.length;
}
