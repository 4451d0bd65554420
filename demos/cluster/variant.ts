import type { Config } from '../../server/config/env';

export const VARIANTS = ['direct', 'statsd'] as const;
export type Variant = (typeof VARIANTS)[number];

export const USAGE = 'usage: tsx demos/cluster/main.ts --variant direct|statsd';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads `--variant direct|statsd` (or `--variant=…`) from the command-line arguments. */
export function parseVariant(args: readonly string[]): Variant {
  const index = args.findIndex((a) => a === '--variant' || a.startsWith('--variant='));
  if (index === -1) throw new UsageError('--variant is required');
  const arg = args[index] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (value === undefined || value === '') throw new UsageError('--variant needs a value: direct or statsd');
  const variant = VARIANTS.find((v) => v === value);
  if (variant === undefined)
    throw new UsageError(`--variant: unknown value "${value}", expected direct or statsd`);
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

/** The two variants run side by side, so each has its own app and admin ports. */
export function portsFor(variant: Variant, config: Config): VariantPorts {
  return variant === 'direct'
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
