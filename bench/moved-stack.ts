import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIG_VARIABLES } from '../server/config/env';
import { bundleNodeEntries } from '../server/supervisor/bundle';
import { nodeArgs } from '../server/supervisor/node-entries';

/**
 * A whole stack (npm start's bundled supervisor) with every port moved into a block of its own, as
 * bench/stack-rss.ts starts one: a stack on the default ports, a CI or browser run, keeps running beside it.
 */

const READY_LINE = 'Scrape Lab is ready';
const STOP_TIMEOUT_MS = 30_000;
/** The worker ports take base+1…base+32; every other port comes after them. */
const WORKER_SLOTS = 32;

/** Every *_PORT variable (and the per-worker base) in a block from `base`: nothing of a default stack's. */
export function movedPorts(base: number): Record<string, string> {
  const ports: Record<string, string> = { DIRECT_WORKER_PORT_BASE: String(base) };
  CONFIG_VARIABLES.filter((name) => name.endsWith('_PORT')).forEach((name, i) => {
    ports[name] = String(base + WORKER_SLOTS + 1 + i);
  });
  return ports;
}

export interface MovedStack {
  child: ChildProcess;
  /** The supervisor's output so far, for an error that needs it. */
  output: () => string;
  /** SIGINT, as Ctrl-C; SIGKILL if it has not stopped within 30 s. */
  stop: () => Promise<void>;
}

/**
 * Bundles, starts the supervisor with `env` over the moved ports, and resolves once it says it is ready.
 * With `cpus` (taskset's list) the supervisor and every process it starts run on those CPUs only.
 */
export async function startMovedStack(
  base: number,
  env: Record<string, string>,
  readyTimeoutMs: number,
  cpus?: string,
): Promise<MovedStack> {
  await bundleNodeEntries();
  const command = [process.execPath, ...nodeArgs('server/supervisor/main.ts', [], false)];
  const [program, ...args] = (cpus === undefined ? command : ['taskset', '-c', cpus, ...command]) as [
    string,
    ...string[],
  ];
  const child = spawn(program, args, {
    env: { ...process.env, ...env, ...movedPorts(base) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
    if (!stopped) child.kill('SIGKILL');
  };
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready within ${readyTimeoutMs / 1000} s:\n${output}`)),
      readyTimeoutMs,
    );
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, output: () => output, stop };
}
