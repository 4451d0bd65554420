import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../server/config/env';

/** The runner's command line, over defaults from the shared configuration. Pure. */

export const MODES = ['direct', 'multiprocess', 'statsd'] as const;
export type Mode = (typeof MODES)[number];

export const USAGE =
  'usage: node --import tsx demos/django/runner.ts --mode direct|multiprocess|statsd\n' +
  '         [--port <app port>] [--admin-port <port>] [--workers <1-16>] [--python <venv python>]\n' +
  '         [--max-requests <n>] [--multiproc-dir <folder>] [--bridge-host <host>] [--bridge-port <port>]\n' +
  '  defaults: app/admin ports 8084/8094 (direct), 8085/8095 (multiprocess), 8086/8096 (statsd); WORKERS;\n' +
  '  --max-requests 0 (never recycle); --multiproc-dir <tmp>/scrape-lab-django-<port> (multiprocess only);\n' +
  '  BRIDGE_HOST, BRIDGE_UDP_PORT (statsd only); --python: the project venv, built on first use';

/** Each mode runs beside the others and the Node apps, so each has ports of its own. */
export const DEFAULT_PORTS: Record<Mode, { app: number; admin: number }> = {
  direct: { app: 8084, admin: 8094 },
  multiprocess: { app: 8085, admin: 8095 },
  statsd: { app: 8086, admin: 8096 },
};

export interface RunnerOptions {
  mode: Mode;
  port: number;
  adminPort: number;
  workers: number;
  /** The venv's interpreter; null: build or reuse the project venv. */
  python: string | null;
  /** 0: workers are never recycled. */
  maxRequests: number;
  /** multiprocess mode only. */
  multiprocDir: string | null;
  /** statsd mode only. */
  bridge: { host: string; port: number } | null;
}

export type RunnerCli = { kind: 'run'; options: RunnerOptions } | { kind: 'help' };

export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  mode: { type: 'string' },
  port: { type: 'string' },
  'admin-port': { type: 'string' },
  workers: { type: 'string' },
  python: { type: 'string' },
  'max-requests': { type: 'string' },
  'multiproc-dir': { type: 'string' },
  'bridge-host': { type: 'string' },
  'bridge-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags that only one mode reads: given to another, they would be silently ignored. */
const MODE_FLAGS: ReadonlyArray<[keyof typeof OPTIONS, Mode]> = [
  ['multiproc-dir', 'multiprocess'],
  ['bridge-host', 'statsd'],
  ['bridge-port', 'statsd'],
];

export function parseRunnerArgs(
  argv: readonly string[],
  config: Pick<Config, 'WORKERS' | 'BRIDGE_HOST' | 'BRIDGE_UDP_PORT'>,
  tmpDir: string,
): RunnerCli {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.mode === undefined) throw new UsageError('--mode is required: direct, multiprocess or statsd');
  const mode = MODES.find((m) => m === values.mode);
  if (mode === undefined) {
    throw new UsageError(`--mode: unknown mode "${values.mode}", expected direct, multiprocess or statsd`);
  }
  for (const [flag, only] of MODE_FLAGS) {
    if (values[flag] !== undefined && mode !== only) {
      throw new UsageError(`--${flag}: only for --mode ${only}`);
    }
  }
  const port = integer('--port', values.port, 1, 65535) ?? DEFAULT_PORTS[mode].app;
  const adminPort = integer('--admin-port', values['admin-port'], 1, 65535) ?? DEFAULT_PORTS[mode].admin;
  if (port === adminPort) throw new UsageError(`--admin-port: ${adminPort} is the app's --port too`);
  if (values.python === '') throw new UsageError('--python: must not be empty');
  if (values['multiproc-dir'] === '') throw new UsageError('--multiproc-dir: must not be empty');
  if (values['bridge-host'] === '') throw new UsageError('--bridge-host: must not be empty');
  return {
    kind: 'run',
    options: {
      mode,
      port,
      adminPort,
      workers: integer('--workers', values.workers, 1, 16) ?? config.WORKERS,
      python: values.python ?? null,
      maxRequests: integer('--max-requests', values['max-requests'], 0, 1_000_000) ?? 0,
      multiprocDir:
        mode === 'multiprocess'
          ? path.resolve(values['multiproc-dir'] ?? path.join(tmpDir, `scrape-lab-django-${port}`))
          : null,
      bridge:
        mode === 'statsd'
          ? {
              host: values['bridge-host'] ?? config.BRIDGE_HOST,
              port: integer('--bridge-port', values['bridge-port'], 1, 65535) ?? config.BRIDGE_UDP_PORT,
            }
          : null,
    },
  };
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag}: must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
