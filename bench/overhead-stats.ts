import { quantile } from '../server/lab/quantile';

/** The median and range of a variant's runs; null for no runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread | null {
  const median = quantile(values, 0.5);
  if (median === null) return null;
  return { median, min: Math.min(...values), max: Math.max(...values) };
}

/** How much lower `rate` is than `baseline`, in percent: 5 means 5 % fewer requests per second. */
export function overheadPercent(rate: number, baseline: number): number {
  if (!(baseline > 0)) throw new RangeError(`baseline: must be above 0, got ${baseline}`);
  return (1 - rate / baseline) * 100;
}

/**
 * The overhead of each round against the baseline of the same round: runs that sat next to each other in
 * time share the machine's drift, so their ratio is steadier than one of medians. Rounds either side lacks
 * are skipped.
 */
export function pairedOverheads(
  rates: readonly (number | undefined)[],
  baselines: readonly (number | undefined)[],
): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(rates.length, baselines.length); i += 1) {
    const rate = rates[i];
    const baseline = baselines[i];
    if (rate !== undefined && baseline !== undefined) out.push(overheadPercent(rate, baseline));
  }
  return out;
}

/**
 * The order of the variants in round `round`: the list rotated by one each round, so every variant runs
 * early and late in a round as often as the others, and no variant always follows the same one.
 */
export function roundOrder<T>(variants: readonly T[], round: number): T[] {
  const n = variants.length;
  if (n === 0) return [];
  const shift = ((round % n) + n) % n;
  return [...variants.slice(shift), ...variants.slice(0, shift)];
}

/** A distribution-free confidence interval for a median, and the confidence it actually has. */
export interface MedianInterval {
  low: number;
  high: number;
  /** At least the confidence asked for: order statistics give only discrete levels. */
  confidence: number;
}

/**
 * The interval between the k-th smallest and k-th largest of `values` that holds the true median with at
 * least `confidence` (the sign test's order statistics: no assumption on the noise's shape, which on a shared
 * machine is anything but normal). null when there are too few values for any such interval.
 */
export function medianInterval(values: readonly number[], confidence = 0.95): MedianInterval | null {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence: must be in (0, 1), got ${confidence}`);
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  // P(X ≤ j) for X ~ Binomial(n, ½), accumulated while it stays within the tail allowed on each side.
  const tail = (1 - confidence) / 2;
  let pmf = 0.5 ** n;
  let below = pmf;
  let k = 0;
  // P(X < k): the chance the true median lies outside the interval on one side.
  let outside = 0;
  for (let j = 0; j < n && below <= tail; j += 1) {
    k = j + 1;
    outside = below;
    pmf = (pmf * (n - j)) / (j + 1);
    below += pmf;
  }
  if (k === 0) return null;
  const covered = 1 - 2 * outside;
  const low = sorted[k - 1];
  const high = sorted[n - k];
  if (low === undefined || high === undefined) return null;
  return { low, high, confidence: covered };
}
