import os from 'node:os';
import { ConfigError, loadConfig, type Config } from '../../server/config/env';
import { controlToken } from '../../server/http/control-token';
import { serverPolicy } from '../../server/http/policy';
import { ensureVenv, VenvError } from '../../server/python/venv';
import { exitWhenSupervisorLost } from '../../server/supervisor/link';
import { parentDeathLauncher } from '../../server/supervisor/parent-death';
import { createAdminServer } from '../cluster/admin-server';
import { GunicornPool } from './gunicorn-pool';
import { parseRunnerArgs, USAGE, UsageError, type RunnerOptions } from './runner-flags';

/**
 * `node --import tsx demos/django/runner.ts --mode direct|multiprocess|statsd`: the Django demo under
 * gunicorn, with the Node demo's admin API beside it. Stops gunicorn when it stops or its supervisor dies.
 */

const log = (line: string): void => console.log(`runner: ${line}`);

function main(): void {
  let config: Config;
  let options: RunnerOptions;
  try {
    config = loadConfig();
    const cli = parseRunnerArgs(process.argv.slice(2), config, os.tmpdir());
    if (cli.kind === 'help') {
      console.log(USAGE);
      return;
    }
    options = cli.options;
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
  run(options, config).catch((error: unknown) => {
    console.error(`runner: ${error instanceof VenvError ? error.message : String(error)}`);
    process.exit(1);
  });
}

async function run(options: RunnerOptions, config: Config): Promise<void> {
  const python = options.python ?? (await venvPython(config));
  const pool = new GunicornPool({
    python,
    mode: options.mode,
    host: config.BIND_HOST,
    port: options.port,
    workers: options.workers,
    maxRequests: options.maxRequests,
    multiprocDir: options.multiprocDir,
    bridge: options.bridge,
    allowedHosts: config.ALLOWED_HOSTS,
    launcher: parentDeathLauncher({ searchPath: config.PATH }),
    log,
    onExit: (reason) => void stop(reason, 1),
    waitTimeoutMs: 30_000,
    // gunicorn's graceful_timeout is 5 s; past that and a margin, its process group is killed.
    stopTimeoutMs: 8_000,
  });

  const { token, generated } = controlToken(config);
  if (generated) log(`admin API control token (send as "Authorization: Bearer …"): ${token}`);
  const admin = createAdminServer(pool, { log, policy: serverPolicy(config, { token }) });
  admin.on('error', (error) => {
    void stop(
      `admin API cannot listen on ${config.BIND_HOST}:${options.adminPort} (--admin-port): ${error.message}`,
      1,
    );
  });
  admin.listen(options.adminPort, config.BIND_HOST, () => {
    log(
      `django ${options.mode} demo: gunicorn on ${config.BIND_HOST}:${options.port}, admin API on port ${options.adminPort}`,
    );
  });

  pool.start().then(
    () => log(`workers serving: ${pool.target}`),
    (error: unknown) => log(`workers are not all up yet: ${String(error)}`),
  );

  let stopping: Promise<void> | null = null;
  function stop(reason: string, exitCode: number): Promise<void> {
    stopping ??= (async () => {
      (exitCode === 0 ? console.log : console.error)(`runner: ${reason}; stopping gunicorn`);
      admin.close();
      admin.closeAllConnections();
      await pool.shutdown();
      process.exit(exitCode);
    })();
    return stopping;
  }
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  process.on('SIGINT', () => void stop('SIGINT', 0));
  exitWhenSupervisorLost(config, () => stop('the supervisor is gone', 1));
}

/** The project venv's interpreter, built on first use; exits with how to get Python when there is none. */
async function venvPython(config: Config): Promise<string> {
  const venv = await ensureVenv({ searchPath: config.PATH, log });
  if (venv.kind === 'ready') return venv.python;
  console.error(`runner: ${venv.message}`);
  process.exit(2);
}

main();
