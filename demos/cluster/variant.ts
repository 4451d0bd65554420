/**
 * both: prom-client and hot-shots in every worker, the lab's one Node app behind every Node route. direct,
 * statsd and none (no metrics) run one instrumentation each, for bench/instrumentation-overhead.ts.
 */
export const VARIANTS = ['both', 'direct', 'statsd', 'none'] as const;
export type Variant = (typeof VARIANTS)[number];

export const USAGE = 'usage: tsx demos/cluster/main.ts --variant both|direct|statsd|none';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads `--variant both|direct|statsd|none` (or `--variant=…`) from the command-line arguments. */
export function parseVariant(args: readonly string[]): Variant {
  const index = args.findIndex((a) => a === '--variant' || a.startsWith('--variant='));
  if (index === -1) throw new UsageError('--variant is required');
  const arg = args[index] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (value === undefined || value === '')
    throw new UsageError('--variant needs a value: both, direct, statsd or none');
  const variant = VARIANTS.find((v) => v === value);
  if (variant === undefined)
    throw new UsageError(`--variant: unknown value "${value}", expected both, direct, statsd or none`);
  return variant;
}

/** The variants with a prom-client registry: their workers serve it on a port each and to the primary's merge. */
export function hasRegistry(variant: Variant): boolean {
  return variant === 'both' || variant === 'direct';
}

/** The variants that send StatsD to the bridge. */
export function sendsStatsd(variant: Variant): boolean {
  return variant === 'both' || variant === 'statsd';
}
