import { formatGoFloat } from './go-float';
import type { Objective } from './mapper';
import type { Labels } from './parser';
import { addRepeated } from './repeated-addition';
import { QuantileWindow } from './summary-quantiles';

/**
 * The bridge's own metric storage, keyed as statsd_exporter's registry keys it (pkg/registry): a name has
 * one type; under it each set of label names is its own vector (with its own help, buckets or quantiles,
 * fixed when the vector is made) and each set of label values its own series. So `jobs` with and without a
 * `region` tag are two series of one family, and the text exposition stays valid Prometheus text because
 * the checks the exporter's /metrics would fail on (a help that differs between vectors, `x` histogram
 * beside `x_count`, reserved label names) are made when a vector is created.
 *
 * Values follow client_golang: counters add whole increments in a uint64 and fractions in a float64,
 * histogram and summary counts are exact integers, sums add one observation at a time (done in bounded
 * work by addRepeated for weighted observations).
 */

export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface SummarySpec {
  objectives: readonly Objective[];
  maxAgeMs: number;
  ageBuckets: number;
  bufCap: number;
}

export interface VectorSpec {
  help: string;
  /** Histograms: upper bounds (a trailing +Inf is dropped, as client_golang drops it). */
  buckets?: readonly number[];
  summary?: SummarySpec;
}

/** Why no series was given. */
export type Refusal =
  /** Another type, or a name the exposition could not hold beside an existing one. */
  | 'conflict'
  /** `le` on a histogram, `quantile` on a summary, or a label starting with `__`. */
  | 'reserved_label_name';

/** A whole number that stays exact past 2^53 (client_golang keeps counts in a uint64). */
type Count = number | bigint;

function addCount(count: Count, n: number): Count {
  if (typeof count === 'number') {
    const sum = count + n;
    if (sum <= Number.MAX_SAFE_INTEGER) return sum;
    return BigInt(count) + BigInt(n);
  }
  return count + BigInt(n);
}

const UINT64 = 2n ** 64n;
const TWO_64 = 2 ** 64;

export interface CounterSeries {
  kind: 'counter';
  /** Whole increments, wrapping at 2^64 as client_golang's uint64 does. */
  whole: Count;
  fraction: number;
}
export interface GaugeSeries {
  kind: 'gauge';
  value: number;
}
export interface HistogramSeries {
  kind: 'histogram';
  bounds: readonly number[];
  /** Per bucket, not cumulative; the +Inf bucket is `count`. */
  buckets: Count[];
  count: Count;
  sum: number;
}
export interface SummarySeries {
  kind: 'summary';
  count: Count;
  sum: number;
  window: QuantileWindow;
}

export type SeriesValue = CounterSeries | GaugeSeries | HistogramSeries | SummarySeries;

export interface Series {
  /** Label pairs sorted by name. */
  labels: Array<[string, string]>;
  value: SeriesValue;
  /** 0: never expires. */
  ttlMs: number;
  lastUsedMs: number;
  /** False once expired: holders of a reference must look the series up again. */
  live: boolean;
}

interface Vector {
  spec: VectorSpec;
  series: Map<string, Series>;
}

interface Family {
  name: string;
  kind: MetricKind;
  vectors: Map<string, Vector>;
  /** Bridge-owned families (its own telemetry) take no StatsD series. */
  internal: boolean;
}

const SEPARATOR = '\ud800';

export class MetricStore {
  private readonly families = new Map<string, Family>();
  /** Called when a vector is created (statsd_exporter_metrics_total counts vectors, by type). */
  onVectorCreated: (kind: MetricKind) => void = () => undefined;

  constructor(private readonly now: () => number) {}

  /** Reserves names the store must never give to StatsD series (the bridge's own metric families). */
  reserve(name: string, kind: MetricKind): void {
    this.families.set(name, { name, kind, vectors: new Map(), internal: true });
  }

  /** The series for name and labels, created on first sight, or why there is none. */
  resolve(kind: MetricKind, name: string, labels: Labels, spec: VectorSpec, ttlMs: number): Series | Refusal {
    const names = Object.keys(labels).sort();
    const namesKey = names.join(SEPARATOR);
    let valuesKey = namesKey;
    for (const label of names) valuesKey += SEPARATOR + (labels[label] as string);
    const now = this.now();
    const family = this.families.get(name);
    let vector: Vector | undefined;
    if (family !== undefined && family.kind === kind && !family.internal) {
      vector = family.vectors.get(namesKey);
      const existing = vector?.series.get(valuesKey);
      if (existing !== undefined) {
        if (!isExpired(existing, now)) {
          existing.lastUsedMs = now;
          return existing;
        }
        existing.live = false;
        vector?.series.delete(valuesKey);
      }
    }
    // statsd_exporter's registry checks run for every new series, even one of an existing vector.
    if (this.registryConflict(kind, name)) return 'conflict';
    if (vector === undefined) {
      const refusal = this.exposableRefusal(family, kind, name, names, spec);
      if (refusal !== null) return refusal;
      let target = family;
      if (target === undefined) {
        target = { name, kind, vectors: new Map(), internal: false };
        this.families.set(name, target);
      }
      vector = { spec, series: new Map() };
      target.vectors.set(namesKey, vector);
      this.onVectorCreated(kind);
    }
    return this.newSeries(vector, kind, names, labels, valuesKey, ttlMs, now);
  }

  /** A StatsD family of this name and type, not the bridge's own. */
  private user(name: string): Family | undefined {
    const family = this.families.get(name);
    return family?.internal ? undefined : family;
  }

  /** statsd_exporter's registry rules: one type per name, and its histogram-suffix rules. */
  private registryConflict(kind: MetricKind, name: string): boolean {
    const family = this.user(name);
    if (family !== undefined && family.kind !== kind) return true;
    if (kind === 'counter' || kind === 'gauge') {
      for (const suffix of ['_bucket', '_count', '_sum']) {
        if (!name.endsWith(suffix)) continue;
        const base = this.user(name.slice(0, -suffix.length));
        if (base !== undefined && base.kind !== 'counter') return true;
      }
      return false;
    }
    const suffixes = kind === 'histogram' ? ['_sum', '_count', '_bucket'] : ['_sum', '_count'];
    return suffixes.some((suffix) => {
      const other = this.user(name + suffix);
      return other !== undefined && other.kind !== kind;
    });
  }

  /**
   * What statsd_exporter lets through and then crashes on (`le` on a histogram, `quantile` on a summary)
   * or fails every scrape with (a `__` label, a help that differs from the family's, client_golang's
   * suffix collisions, a name the exporter uses for itself): refused when a vector would be created.
   */
  private exposableRefusal(
    family: Family | undefined,
    kind: MetricKind,
    name: string,
    names: string[],
    spec: VectorSpec,
  ): Refusal | null {
    if (family?.internal) return 'conflict';
    if (names.some((label) => label.startsWith('__'))) return 'reserved_label_name';
    if (kind === 'histogram' && names.includes('le')) return 'reserved_label_name';
    if (kind === 'summary' && names.includes('quantile')) return 'reserved_label_name';
    if (family !== undefined) {
      const help = family.vectors.values().next().value?.spec.help;
      return help !== undefined && help !== spec.help ? 'conflict' : null;
    }
    if (kind === 'histogram' || kind === 'summary') {
      const clashes = kind === 'histogram' ? ['_count', '_sum', '_bucket'] : ['_count', '_sum'];
      if (clashes.some((suffix) => this.families.has(name + suffix))) return 'conflict';
    }
    for (const suffix of ['_count', '_sum', '_bucket']) {
      if (!name.endsWith(suffix)) continue;
      const base = this.families.get(name.slice(0, -suffix.length));
      if (base?.kind === 'histogram' || (base?.kind === 'summary' && suffix !== '_bucket')) return 'conflict';
    }
    return null;
  }

  private newSeries(
    vector: Vector,
    kind: MetricKind,
    names: string[],
    labels: Labels,
    valuesKey: string,
    ttlMs: number,
    now: number,
  ): Series {
    const series: Series = {
      labels: names.map((label): [string, string] => [label, labels[label] as string]),
      value: newValue(kind, vector.spec, now),
      ttlMs,
      lastUsedMs: now,
      live: true,
    };
    vector.series.set(valuesKey, series);
    return series;
  }

  /** The Prometheus text exposition of every StatsD family, in client_golang's order and number format. */
  exposition(): string {
    const now = this.now();
    const out: string[] = [];
    for (const family of [...this.families.values()].sort((a, b) => compare(a.name, b.name))) {
      if (family.internal) continue;
      const series: Series[] = [];
      let help: string | null = null;
      for (const vector of family.vectors.values()) {
        help ??= vector.spec.help;
        for (const [key, s] of vector.series) {
          if (isExpired(s, now)) {
            s.live = false;
            vector.series.delete(key);
          } else {
            series.push(s);
          }
        }
      }
      if (series.length === 0) continue;
      series.sort(bySortedLabels);
      writeFamily(out, family.name, family.kind, help ?? '', series, now);
    }
    return out.join('');
  }
}

function isExpired(series: Series, now: number): boolean {
  return series.ttlMs !== 0 && series.lastUsedMs + series.ttlMs < now;
}

function newValue(kind: MetricKind, spec: VectorSpec, now: number): SeriesValue {
  switch (kind) {
    case 'counter':
      return { kind, whole: 0, fraction: 0 };
    case 'gauge':
      return { kind, value: 0 };
    case 'histogram': {
      const all = spec.buckets ?? [];
      const bounds = all[all.length - 1] === Number.POSITIVE_INFINITY ? all.slice(0, -1) : all;
      return { kind, bounds, buckets: bounds.map(() => 0), count: 0, sum: 0 };
    }
    case 'summary': {
      const summary = spec.summary ?? { objectives: [], maxAgeMs: 600_000, ageBuckets: 5, bufCap: 500 };
      return {
        kind,
        count: 0,
        sum: 0,
        window: new QuantileWindow({ ...summary, nowMs: now }),
      };
    }
  }
}

/** client_golang's Counter.Add: whole numbers below 2^64 into the uint64 part, anything else the float. */
export function addToCounter(counter: CounterSeries, value: number): void {
  if (value >= 0 && value < TWO_64 && Number.isInteger(value)) {
    const sum = typeof counter.whole === 'number' ? counter.whole + value : Number.NaN;
    counter.whole = sum <= Number.MAX_SAFE_INTEGER ? sum : (BigInt(counter.whole) + BigInt(value)) % UINT64;
  } else {
    counter.fraction += value;
  }
}

export function counterValue(counter: CounterSeries): number {
  return counter.fraction + Number(counter.whole);
}

/** `count` observations of value (count ≥ 1, a whole number). */
export function observe(
  series: HistogramSeries | SummarySeries,
  value: number,
  count: number,
  now: number,
): void {
  series.count = addCount(series.count, count);
  series.sum = addRepeated(series.sum, value, count);
  if (series.kind === 'summary') {
    series.window.observe(value, count, now);
    return;
  }
  // The first bucket whose bound is at least value; NaN and values above every bound only reach +Inf.
  const { bounds, buckets } = series;
  for (let i = 0; i < bounds.length; i++) {
    if (value <= (bounds[i] as number)) {
      buckets[i] = addCount(buckets[i] as Count, count);
      return;
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** client_golang's metric order in a family: fewer labels first, then label values in label-name order. */
function bySortedLabels(a: Series, b: Series): number {
  if (a.labels.length !== b.labels.length) return a.labels.length - b.labels.length;
  for (let i = 0; i < a.labels.length; i++) {
    const c = compare((a.labels[i] as [string, string])[1], (b.labels[i] as [string, string])[1]);
    if (c !== 0) return c;
  }
  return 0;
}

function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

function escapeLabelValue(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

function labelText(labels: Array<[string, string]>, extraName?: string, extraValue?: number): string {
  const pairs = labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  if (extraName !== undefined && extraValue !== undefined)
    pairs.push(`${extraName}="${formatGoFloat(extraValue)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function countValue(count: Count): number {
  return Number(count);
}

export function writeFamily(
  out: string[],
  name: string,
  kind: MetricKind,
  help: string,
  series: Series[],
  now: number,
): void {
  out.push(`# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${kind}\n`);
  for (const s of series) {
    const v = s.value;
    switch (v.kind) {
      case 'counter':
        out.push(`${name}${labelText(s.labels)} ${formatGoFloat(counterValue(v))}\n`);
        break;
      case 'gauge':
        out.push(`${name}${labelText(s.labels)} ${formatGoFloat(v.value)}\n`);
        break;
      case 'histogram': {
        let cumulative: Count = 0;
        v.bounds.forEach((bound, i) => {
          cumulative =
            typeof cumulative === 'number' && typeof v.buckets[i] === 'number'
              ? addCount(cumulative, v.buckets[i] as number)
              : BigInt(cumulative) + BigInt(v.buckets[i] as Count);
          out.push(
            `${name}_bucket${labelText(s.labels, 'le', bound)} ${formatGoFloat(countValue(cumulative))}\n`,
          );
        });
        out.push(
          `${name}_bucket${labelText(s.labels, 'le', Number.POSITIVE_INFINITY)} ${formatGoFloat(countValue(v.count))}\n`,
        );
        out.push(`${name}_sum${labelText(s.labels)} ${formatGoFloat(v.sum)}\n`);
        out.push(`${name}_count${labelText(s.labels)} ${formatGoFloat(countValue(v.count))}\n`);
        break;
      }
      case 'summary':
        for (const [quantile, estimate] of v.window.estimates(now)) {
          out.push(`${name}${labelText(s.labels, 'quantile', quantile)} ${formatGoFloat(estimate)}\n`);
        }
        out.push(`${name}_sum${labelText(s.labels)} ${formatGoFloat(v.sum)}\n`);
        out.push(`${name}_count${labelText(s.labels)} ${formatGoFloat(countValue(v.count))}\n`);
        break;
    }
  }
}
