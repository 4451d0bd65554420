import cluster from 'node:cluster';
import { ConfigError, loadConfig } from '../../server/config/env';
import { USAGE, UsageError, parseVariant, type Variant } from './variant';

/**
 * `tsx demos/cluster/main.ts --variant both|direct|statsd|none`: the primary, and (re-run by cluster.fork)
 * each worker. Each side loads only its own code: the primary's admin API validates with zod, which would
 * cost every worker about 12 MB it never uses.
 */
async function run(variant: Variant): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary) (await import('./primary')).runPrimary({ variant, config });
  else (await import('./worker')).runWorker({ variant, config });
}

function main(): void {
  try {
    run(parseVariant(process.argv.slice(2))).catch(fail);
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

main();
