import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { childEnvironment } from '../../server/config/env';

const ports = {
  DIRECT_PORT: 21081,
  DIRECT_ADMIN_PORT: 21091,
  STATSD_APP_PORT: 21082,
  STATSD_APP_ADMIN_PORT: 21092,
  BRIDGE_UDP_PORT: 22125,
  BRIDGE_WEB_PORT: 22102,
  LAB_PORT: 22300,
  PROMETHEUS_PORT: 22090,
};
const env = {
  ...childEnvironment(),
  ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  WORKERS: '2',
  STATSD_EXPORTER_BIN: '',
  PATH: '/usr/bin:/bin',
};

function startSupervisor(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/supervisor/main.ts', '--no-web'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Every process whose parent chain leads to `root`, read from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function commandLine(pid: number): string {
  try {
    return `${pid}: ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`;
  } catch {
    return `${pid}: (gone)`;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Ports of the test's stack that something still listens on. */
async function portsFree(): Promise<string[]> {
  const deadline = Date.now() + 5000;
  let held: string[] = [];
  do {
    held = [];
    for (const [name, port] of Object.entries(ports)) {
      if (name === 'BRIDGE_UDP_PORT') continue;
      const taken = await new Promise<boolean>((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(true));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
      });
      if (taken) held.push(`${name} ${port}`);
    }
    if (held.length === 0) return held;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < deadline);
  return held;
}

describe('supervisor', () => {
  it('stops every process it started on SIGINT, leaving no orphans', async () => {
    const run = startSupervisor();
    const ready = await waitFor(() => run.output().includes('lab ready'), 60_000);
    if (!ready) run.child.kill('SIGKILL');
    expect(ready, run.output()).toBe(true);
    const started = descendants(run.child.pid!);
    // bridge, 2 demo primaries with 2 workers each, lab (and Prometheus when installed).
    expect(started.length).toBeGreaterThanOrEqual(8);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('all stopped');
    // Exit is asynchronous: give the last processes a moment to be reaped before naming survivors.
    await waitFor(() => started.filter(alive).length === 0, 5000);
    expect(started.filter(alive).map(commandLine)).toEqual([]);
  }, 90_000);

  it('stops every process when interrupted halfway through starting', async () => {
    const run = startSupervisor();
    const midway = await waitFor(() => run.output().includes('direct ready'), 60_000);
    if (!midway) run.child.kill('SIGKILL');
    expect(midway, run.output()).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    // Orphans would be re-parented away from the supervisor: look for anything still holding a port.
    expect(await portsFree()).toEqual([]);
  }, 90_000);

  it('refuses to start when a port is taken, naming the port and its variable', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.LAB_PORT, '127.0.0.1', resolve));
    try {
      const run = startSupervisor();
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`TCP port ${ports.LAB_PORT} (lab API) is already in use`);
      expect(run.output()).toContain('set LAB_PORT to another port');
    } finally {
      blocker.close();
    }
  }, 30_000);
});
