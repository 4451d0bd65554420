import cluster from 'node:cluster';
import { ConfigError, loadConfig } from '../../server/config/env';
import { runPrimary } from './primary';
import { USAGE, UsageError, parseVariant } from './variant';
import { runWorker } from './worker';

/** `tsx demos/cluster/main.ts --variant direct|statsd|none`: the primary, and (re-run by cluster.fork) each worker. */
function main(): void {
  try {
    const variant = parseVariant(process.argv.slice(2));
    const config = loadConfig();
    if (cluster.isPrimary) runPrimary({ variant, config });
    else runWorker({ variant, config });
  } catch (error) {
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
}

main();
