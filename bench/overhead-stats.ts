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
