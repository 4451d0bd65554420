import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/env';
import { controlToken } from '../http/control-token';
import { bundleNodeEntries, missingBundles } from './bundle';
import { clearEarlierRun, RunRecord } from './earlier-run';
import { needsBuild } from './next-build';
import { parentDeathLauncher } from './parent-death';
import { pidFilePath, TEMP_DIR_PREFIX } from './pid-file';
import { ensureVenv, VenvError } from '../python/venv';
import { findPrometheus, planChildren } from './plan';
import { findSharedPorts, findTakenPorts } from './ports';
import { Supervisor, SupervisorError } from './supervisor';

export interface StackOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  dev: boolean;
  web: boolean;
  log: (line: string) => void;
}

/**
 * Readies the whole stack without starting it: stops what an earlier run left behind, checks every port
 * and builds the page when needed. The caller starts it, and can stop it at any moment, even halfway through
 * starting (Ctrl-C).
 */
export async function prepareStack(options: StackOptions): Promise<Supervisor> {
  const missing = options.dev ? [] : missingBundles(process.cwd());
  if (missing.length > 0) {
    throw new SupervisorError(
      `${missing.join(', ')} not built: npm start bundles them first (npm run bundle)`,
    );
  }
  const tmpDir = os.tmpdir();
  const pidFile = pidFilePath({ tmpDir, labPort: options.config.LAB_PORT });
  await clearEarlierRun({ file: pidFile, tmpDir, log: options.log });
  // Decided once here, so every child sees the same routes: the Django ones only with a venv to run them.
  const python = await pythonDemos(options.config, options.log);
  const config: Config = { ...options.config, PYTHON_DEMOS: python ? 'on' : 'off' };
  const prometheusBinary = findPrometheus(config);
  // Prometheus gets a temporary folder for its config and TSDB, removed when the stack stops.
  const workDir = prometheusBinary ? fs.mkdtempSync(path.join(tmpDir, TEMP_DIR_PREFIX)) : null;
  const prometheus =
    prometheusBinary && workDir
      ? {
          binary: prometheusBinary,
          configFile: path.join(workDir, 'prometheus.yml'),
          dataDir: path.join(workDir, 'data'),
        }
      : null;
  // Beyond loopback every child wants the same control token: made up once here when none is set.
  const { token, generated } = controlToken(config);
  if (generated) {
    options.log(`supervisor | servers bind ${config.BIND_HOST}: their controls need the token ${token}`);
  }
  const env = {
    ...options.env,
    ...(token ? { LAB_TOKEN: token } : {}),
    // Next.js would otherwise try to send usage telemetry; nothing here leaves the machine.
    NEXT_TELEMETRY_DISABLED: '1',
    PROMETHEUS_MODE: prometheus ? 'managed' : config.PROMETHEUS_MODE === 'external' ? 'external' : 'off',
    PYTHON_DEMOS: config.PYTHON_DEMOS,
    ...(prometheus ? { PROMETHEUS_CONFIG_FILE: prometheus.configFile } : {}),
  };
  const removeWorkDir = () => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  };
  let children;
  try {
    children = planChildren(config, {
      dev: options.dev,
      web: options.web,
      searchPath: config.PATH,
      prometheus,
      python,
    });
  } catch (err) {
    removeWorkDir();
    throw err;
  }
  const claims = children.flatMap((c) => c.ports);
  const shared = findSharedPorts(claims);
  const taken = shared.length > 0 ? shared : await findTakenPorts(config.BIND_HOST, claims);
  if (taken.length > 0) {
    removeWorkDir();
    throw new SupervisorError(taken.join('\n'));
  }

  const record = new RunRecord({ file: pidFile, tempDir: workDir, log: options.log });
  // Kept from here on, so that even a supervisor killed during the build has its temporary folder removed.
  record.write([]);
  const cleanUp = () => {
    removeWorkDir();
    record.remove();
  };

  if (options.web && !options.dev && needsBuild(process.cwd())) {
    options.log('supervisor | building the page (next build); this happens once per change');
    try {
      await run(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], env, options.log);
    } catch (err) {
      cleanUp();
      throw err;
    }
  }

  const bridge = children.find((c) => c.name === 'bridge');
  options.log(
    `supervisor | bridge: ${bridge?.command.endsWith('statsd_exporter') ? `statsd_exporter at ${bridge.command}` : config.BRIDGE === 'builtin' ? 'built-in (BRIDGE=builtin)' : 'built-in (no statsd_exporter found; npm run tools builds one)'}`,
  );

  return new Supervisor(children, {
    env,
    log: options.log,
    launcher: parentDeathLauncher({ searchPath: config.PATH }),
    onChildrenChanged: (running) => record.write(running),
    onStopped: cleanUp,
  });
}

/**
 * Bundles the Node entries (unless dev), prepares and starts the stack; on failure, stops whatever had
 * started. Used by the experiment and tests, which run from the source: they get what npm start runs.
 */
export async function startStack(options: StackOptions): Promise<Supervisor> {
  if (!options.dev) await bundleNodeEntries(process.cwd());
  const supervisor = await prepareStack(options);
  try {
    await supervisor.start();
  } catch (err) {
    await supervisor.stop();
    throw err;
  }
  return supervisor;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) =>
        chunk
          .split('\n')
          .filter(Boolean)
          .forEach((l) => log(`build      | ${l}`)),
      );
    }
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new SupervisorError(`next build failed with code ${code}; see its log above`)),
    );
  });
}

/**
 * The venv interpreter the Django apps run with, built on first start; null when they do not run.
 * PYTHON_DEMOS=on without a usable Python stops the start; auto says why and goes on without them.
 */
async function pythonDemos(config: Config, log: (line: string) => void): Promise<string | null> {
  if (config.PYTHON_DEMOS === 'off') return null;
  let venv;
  try {
    venv = await ensureVenv({
      ...(config.PYTHON ? { python: config.PYTHON } : {}),
      searchPath: config.PATH,
      log: (line) => log(`supervisor | ${line}`),
    });
  } catch (err) {
    // A failed install (no network, a broken pip) is a reason to go on without them, unless they must run.
    if (!(err instanceof VenvError) || config.PYTHON_DEMOS === 'on') throw err;
    log(`supervisor | Django routes left out: ${err.message}`);
    return null;
  }
  if (venv.kind === 'ready') return venv.python;
  if (config.PYTHON_DEMOS === 'on')
    throw new SupervisorError(`PYTHON_DEMOS=on, but Python is ${venv.message}`);
  log(`supervisor | Django routes left out: Python is ${venv.message}`);
  return null;
}
