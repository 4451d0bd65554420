import type { Config } from '../../server/config/env';

/** none: the same app with no metrics, the baseline of bench/instrumentation-overhead.ts; no route runs it. */
export const VARIANTS = ['direct', 'statsd', 'none'] as const;
export type Variant = (typeof VARIANTS)[number];

export const USAGE = 'usage: tsx demos/cluster/main.ts --variant direct|statsd|none';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads `--variant direct|statsd|none` (or `--variant=…`) from the command-line arguments. */
export function parseVariant(args: readonly string[]): Variant {
  const index = args.findIndex((a) => a === '--variant' || a.startsWith('--variant='));
  if (index === -1) throw new UsageError('--variant is required');
  const arg = args[index] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (value === undefined || value === '')
    throw new UsageError('--variant needs a value: direct, statsd or none');
  const variant = VARIANTS.find((v) => v === value);
  if (variant === undefined)
    throw new UsageError(`--variant: unknown value "${value}", expected direct, statsd or none`);
  return variant;
}

type PortVariable = 'DIRECT_PORT' | 'DIRECT_ADMIN_PORT' | 'STATSD_APP_PORT' | 'STATSD_APP_ADMIN_PORT';

export interface VariantPorts {
  appPort: number;
  adminPort: number;
  /** The variables that set the ports, for "cannot listen" messages. */
  appPortVariable: PortVariable;
  adminPortVariable: PortVariable;
}

/**
 * The two instrumented variants run side by side, so each has its own app and admin ports. `none` takes the
 * prom-client app's: it is that app with its metrics taken out, and never runs beside it in a stack.
 */
export function portsFor(variant: Variant, config: Config): VariantPorts {
  return variant !== 'statsd'
    ? {
        appPort: config.DIRECT_PORT,
        adminPort: config.DIRECT_ADMIN_PORT,
        appPortVariable: 'DIRECT_PORT',
        adminPortVariable: 'DIRECT_ADMIN_PORT',
      }
    : {
        appPort: config.STATSD_APP_PORT,
        adminPort: config.STATSD_APP_ADMIN_PORT,
        appPortVariable: 'STATSD_APP_PORT',
        adminPortVariable: 'STATSD_APP_ADMIN_PORT',
      };
}
