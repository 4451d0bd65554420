import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CONFIG_VARIABLES } from '../server/config/env';
import { bundleNodeEntries } from '../server/supervisor/bundle';
import { nodeArgs } from '../server/supervisor/node-entries';
import { processTreeRss, type TreeRss } from './process-tree-rss';

/**
 * What a whole stack holds in memory: starts a supervisor with every port moved into a block of its own (a
 * stack on the default ports keeps running), waits until it is ready and then `--seconds` more, sums RSS
 * over its process tree, and stops it. The command is npm start's bundled supervisor unless given after
 * `--`; everything else (PYTHON_DEMOS, PROMETHEUS_MODE, LOAD_RATE, BRIDGE …) comes from the environment.
 *
 *   node --import tsx bench/stack-rss.ts [--seconds 60] [--port-base 23000] [--json] [-- <command>]
 */

const USAGE = 'usage: bench/stack-rss.ts [--seconds 60] [--port-base 23000] [--json] [-- <command…>]';
const READY_LINE = 'Scrape Lab is ready';
const READY_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** The worker ports take base+1…base+32; every other port comes after them. */
const WORKER_SLOTS = 32;

/** Every *_PORT variable (and the per-worker base) in a block from `base`: nothing of a default stack's. */
function movedPorts(base: number): Record<string, string> {
  const ports: Record<string, string> = { DIRECT_WORKER_PORT_BASE: String(base) };
  CONFIG_VARIABLES.filter((name) => name.endsWith('_PORT')).forEach((name, i) => {
    ports[name] = String(base + WORKER_SLOTS + 1 + i);
  });
  return ports;
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatTree(tree: TreeRss): string {
  const rows = tree.processes.map((p) => {
    const [program = '?', ...args] = p.command;
    const command = [program === process.execPath ? 'node' : program, ...args].join(' ');
    return `${formatMb(p.rssBytes).padStart(9)}  ${String(p.pid).padStart(7)}  ${command.slice(0, 140)}`;
  });
  return [
    ...rows,
    `${formatMb(tree.totalRssBytes).padStart(9)}  total over ${tree.processes.length} processes`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '60' },
      'port-base': { type: 'string', default: '23000' },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const base = Number(values['port-base']);
  if (!(seconds >= 0) || !Number.isInteger(base) || base < 1024 || base > 65_000) {
    throw new Error(`bad --seconds or --port-base\n${USAGE}`);
  }
  let command = positionals;
  if (command.length === 0) {
    await bundleNodeEntries();
    command = [process.execPath, ...nodeArgs('server/supervisor/main.ts', [], false)];
  }
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    env: { ...process.env, ...movedPorts(base) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready within 10 min:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.once('exit', (code) =>
      reject(new Error(`the stack exited (code ${code}) before it was ready:\n${output}`)),
    );
  });
  const exited = once(child, 'exit');
  try {
    await ready;
    await sleep(seconds * 1000);
    const tree = processTreeRss(child.pid!);
    console.log(values.json ? JSON.stringify(tree) : formatTree(tree));
  } finally {
    child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
    if (!stopped) child.kill('SIGKILL');
  }
}

main().catch((err: unknown) => {
  console.error(`stack-rss: ${(err as Error).message}`);
  process.exit(1);
});
