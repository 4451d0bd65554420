import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../server/config/env';
import { findPrometheus, findStatsdExporter } from '../../server/supervisor/plan';

/**
 * The real binaries the integration tests run beside the built-in stand-ins. CI must have them (.ci/run
 * builds them), so there a missing one fails the test; elsewhere it is skipped with how to build it.
 */

export const REAL_PARTS_REQUIRED = loadConfig().CI;

const HOW_TO_GET = 'npm run tools builds it into tools/bin (needs Go)';

export function statsdExporterBinary(): string | null {
  return findStatsdExporter(loadConfig({ BRIDGE: 'auto', PATH: '' }), '');
}

/** Every Prometheus the cross-check runs against: the tools folder's 3.x and the system's (Debian: 2.42). */
export function prometheusBinaries(systemPath = '/usr/bin:/bin:/usr/local/bin'): string[] {
  const tools = findPrometheus(loadConfig({ PROMETHEUS_MODE: 'auto', PATH: '' }));
  const system = findPrometheus(
    loadConfig({ PROMETHEUS_MODE: 'auto', PATH: systemPath, TOOLS_BIN_DIR: '/nonexistent' }),
  );
  return [...new Set([tools, system].filter((b): b is string => b !== null))];
}

/** Throws in CI when a real part is missing; returns whether the caller should run. */
export function requireRealPart(name: string, binary: string | null): boolean {
  if (binary) return true;
  if (REAL_PARTS_REQUIRED) throw new Error(`CI needs the real ${name}: ${HOW_TO_GET}`);
  console.warn(`skipping the ${name} runs: no ${name} found; ${HOW_TO_GET}`);
  return false;
}

/** The version a Prometheus or statsd_exporter binary prints for `--version`, e.g. "3.16.0"; null if none. */
export function binaryVersion(binary: string): string | null {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return /version (\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null;
}
