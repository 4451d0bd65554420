import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment } from '../../server/config/env';
import { bundleNodeEntries } from '../../server/supervisor/bundle';
import { nodeArgs } from '../../server/supervisor/node-entries';
import { parentDeathLauncher } from '../../server/supervisor/parent-death';
import { formatPidFile, parsePidFile, TEMP_DIR_PREFIX } from '../../server/supervisor/pid-file';
import type { ChildSpec } from '../../server/supervisor/plan';
import { Supervisor } from '../../server/supervisor/supervisor';

const ports = {
  DIRECT_PORT: 21081,
  DIRECT_ADMIN_PORT: 21091,
  DIRECT_AGGREGATE_PORT: 21083,
  DIRECT_WORKER_PORT_BASE: 21100,
  BRIDGE_UDP_PORT: 22125,
  BRIDGE_WEB_PORT: 22102,
  LAB_PORT: 22300,
  PROMETHEUS_PORT: 22090,
};
const env = {
  ...childEnvironment(),
  ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  WORKERS: '2',
  BRIDGE: 'builtin',
  // The Django routes have a test stack of their own (django-stack.test.ts).
  PYTHON_DEMOS: 'off',
  PATH: '/usr/bin:/bin',
};
const pidFile = path.join(os.tmpdir(), `scrape-lab-${ports.LAB_PORT}.json`);
const fixtures = path.join(import.meta.dirname, 'fixtures');

// The supervisor and its children run from their bundles, as after npm start's first step.
beforeAll(() => bundleNodeEntries(), 60_000);

function startSupervisor(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, nodeArgs('server/supervisor/main.ts', ['--no-web'], false), {
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

/** A zombie counts as gone: it has exited and holds nothing, it only waits for its parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
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

function portTaken(name: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (name === 'BRIDGE_UDP_PORT') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => {
        socket.close();
        resolve(true);
      });
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(false)));
      return;
    }
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/** Ports of the test's stack (TCP and the bridge's UDP) that something still holds. */
async function portsFree(): Promise<string[]> {
  const deadline = Date.now() + 5000;
  let held: string[] = [];
  do {
    held = [];
    for (const [name, port] of Object.entries(ports)) {
      if (await portTaken(name, port)) held.push(`${name} ${port}`);
    }
    if (held.length === 0) return held;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < deadline);
  return held;
}

/** A process started by hand in its own group, as a child left by a dead supervisor would be. */
function survivor(seconds: number): ChildProcess {
  const child = spawn('sleep', [String(seconds)], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

/** The pid of a process that has exited, for a supervisor that is gone. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** A supervisor whose lab is ready, and every process it started by then. */
async function startedStack(): Promise<{ run: ReturnType<typeof startSupervisor>; started: number[] }> {
  const run = startSupervisor();
  const ready = await waitFor(() => run.output().includes('lab ready'), 60_000);
  if (!ready) run.child.kill('SIGKILL');
  expect(ready, run.output()).toBe(true);
  const started = descendants(run.child.pid!);
  // bridge, the demo primary with 2 workers, lab (and Prometheus when installed).
  expect(started.length).toBeGreaterThanOrEqual(5);
  expect(started.map(commandLine).filter((line) => line.includes('tsx'))).toEqual([]);
  return { run, started };
}

describe('supervisor', () => {
  it('stops every process it started on SIGINT, leaving no orphans', async () => {
    const { run, started } = await startedStack();

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('all stopped');
    // Exit is asynchronous: give the last processes a moment to be reaped before naming survivors.
    await waitFor(() => started.filter(alive).length === 0, 5000);
    expect(started.filter(alive).map(commandLine)).toEqual([]);
    expect(fs.existsSync(pidFile)).toBe(false);
  }, 90_000);

  it('stops every process when interrupted halfway through starting', async () => {
    const run = startSupervisor();
    const midway = await waitFor(() => run.output().includes('node ready'), 60_000);
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

  it('leaves nothing running when it is SIGKILLed', async () => {
    const { run, started } = await startedStack();
    const record = parsePidFile(fs.readFileSync(pidFile, 'utf8'));
    expect(record?.supervisor.pid).toBe(run.child.pid);
    expect(record?.children.map((c) => c.name)).toEqual(expect.arrayContaining(['bridge', 'node', 'lab']));

    try {
      run.child.kill('SIGKILL');
      await run.exited;
      // The kernel sends each child SIGTERM (setpriv --pdeathsig); the primaries then stop their workers.
      await waitFor(() => started.filter(alive).length === 0, 10_000);
      expect(started.filter(alive).map(commandLine)).toEqual([]);
      expect(await portsFree()).toEqual([]);
    } finally {
      // What the next start would remove: this test's stack is gone either way.
      if (record?.tempDir) fs.rmSync(record.tempDir, { recursive: true, force: true });
      fs.rmSync(pidFile, { force: true });
    }
  }, 90_000);

  it('stops what an earlier, killed supervisor left running before it starts', async () => {
    const leftOver = survivor(300);
    // A pid the system gave to something else since: it must be left alone.
    const stranger = survivor(301);
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_DIR_PREFIX));
    const earlier = await deadPid();
    fs.writeFileSync(
      pidFile,
      formatPidFile({
        supervisor: {
          pid: earlier,
          command: ['node', 'server/supervisor/main.ts'],
          startedAt: new Date().toISOString(),
        },
        tempDir,
        children: [
          { name: 'bridge', pid: leftOver.pid!, processGroup: leftOver.pid!, command: ['sleep', '300'] },
          { name: 'lab', pid: stranger.pid!, processGroup: stranger.pid!, command: ['sleep', '999'] },
        ],
      }),
    );
    const run = startSupervisor();
    try {
      const ready = await waitFor(() => run.output().includes('lab ready'), 60_000);
      expect(ready, run.output()).toBe(true);
      expect(run.output()).toContain(
        `supervisor | stopped 1 process left by an earlier npm start (pid ${earlier}) that did not stop cleanly`,
      );
      expect(alive(leftOver.pid!)).toBe(false);
      expect(alive(stranger.pid!)).toBe(true);
      expect(fs.existsSync(tempDir)).toBe(false);
      expect(parsePidFile(fs.readFileSync(pidFile, 'utf8'))?.supervisor.pid).toBe(run.child.pid);
    } finally {
      run.child.kill('SIGINT');
      stranger.kill('SIGKILL');
      leftOver.kill('SIGKILL');
    }
    expect(await run.exited).toBe(0);
    expect(fs.existsSync(pidFile)).toBe(false);
  }, 90_000);

  it('refuses to start while the supervisor in the pid file still runs, naming its pid', async () => {
    const other = survivor(302);
    fs.writeFileSync(
      pidFile,
      formatPidFile({
        supervisor: { pid: other.pid!, command: ['sleep', '302'], startedAt: new Date().toISOString() },
        tempDir: null,
        children: [],
      }),
    );
    try {
      const run = startSupervisor();
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`another npm start (pid ${other.pid}) is still running this stack`);
      expect(alive(other.pid!)).toBe(true);
    } finally {
      other.kill('SIGKILL');
      fs.rmSync(pidFile, { force: true });
    }
  }, 30_000);
});

/** A linked-child fixture as a child of a supervisor. */
function linkedChild(name: string, port: number, ...args: string[]): ChildSpec {
  return {
    name,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(fixtures, 'linked-child.ts'), '--port', String(port), ...args],
    readyUrl: `http://127.0.0.1:${port}/`,
    ports: [],
    reloadsOnSighup: true,
  };
}

interface ChildState {
  pid: number;
  linked: boolean;
  hups: number;
}

async function state(port: number): Promise<ChildState> {
  const res = await fetch(`http://127.0.0.1:${port}/`);
  return (await res.json()) as ChildState;
}

/** The state of the fixture on `port` once it has started listening. */
async function stateWhenUp(port: number): Promise<ChildState> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await state(port);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Has the child on `port` ask its supervisor, over the link, to restart or reload `child`. */
async function ask(port: number, action: 'restart' | 'reload', child: string) {
  const res = await fetch(`http://127.0.0.1:${port}/${action}?child=${child}`, { method: 'POST' });
  return { status: res.status, text: await res.text() };
}

describe('supervisor link', () => {
  const logs: string[] = [];
  const supervisor = new Supervisor(
    [linkedChild('target', 24501), { ...linkedChild('asker', 24502), reloadsOnSighup: false }],
    {
      env: childEnvironment(),
      log: (line) => logs.push(line),
      launcher: parentDeathLauncher({ searchPath: process.env.PATH ?? '' }),
    },
  );
  beforeAll(() => supervisor.start());
  afterAll(() => supervisor.stop());

  it('restarts a child at once when another asks, sharing one restart between concurrent asks', async () => {
    const before = await state(24501);
    expect(before.linked).toBe(true);
    const askedAt = Date.now();
    const answers = await Promise.all([ask(24502, 'restart', 'target'), ask(24502, 'restart', 'target')]);
    expect(answers).toEqual([
      { status: 200, text: 'ok' },
      { status: 200, text: 'ok' },
    ]);
    // Answered once the new process is ready: no backoff delay, only its start-up.
    expect(Date.now() - askedAt).toBeLessThan(5000);
    const after = await state(24501);
    expect(after.pid).not.toBe(before.pid);
    expect(logs.filter((l) => l.includes('restarting target on request'))).toHaveLength(1);

    // Asked again at once: a requested exit never counts as a crash.
    expect(await ask(24502, 'restart', 'target')).toEqual({ status: 200, text: 'ok' });
    expect((await state(24501)).pid).not.toBe(after.pid);
    expect(logs.join('\n')).not.toContain('starting it again in');
  });

  it('sends SIGHUP on reload, to a child that re-reads its config on one', async () => {
    const { hups } = await state(24501);
    expect(await ask(24502, 'reload', 'target')).toEqual({ status: 200, text: 'ok' });
    // The signal is sent before the answer, but the child counts it in its own time.
    const deadline = Date.now() + 2000;
    while ((await state(24501)).hups === hups && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await state(24501)).hups).toBe(hups + 1);
  });

  it("rejects with the supervisor's reason", async () => {
    expect(await ask(24502, 'restart', 'nope')).toEqual({
      status: 500,
      text: 'supervisor: unknown child "nope"; known: target, asker',
    });
    const refused = await ask(24502, 'reload', 'asker');
    expect(refused.status).toBe(500);
    expect(refused.text).toContain('asker cannot be reloaded: SIGHUP would end it (only target reload)');
  });

  it('is null in a process not started by a supervisor', async () => {
    const args = ['--import', 'tsx', path.join(fixtures, 'linked-child.ts'), '--port', '24503'];
    // By hand, and by a parent with an IPC channel that is no supervisor (a test runner, a cluster primary).
    for (const stdio of [
      ['ignore', 'ignore', 'inherit'],
      ['ignore', 'ignore', 'inherit', 'ipc'],
    ] as const) {
      const child = spawn(process.execPath, args, { env: childEnvironment(), stdio: [...stdio] });
      try {
        expect((await stateWhenUp(24503)).linked).toBe(false);
      } finally {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.on('exit', resolve));
      }
    }
  });
});

describe('supervisor restarts', () => {
  it('restarts a child that keeps exiting with growing delays, and keeps the stack running', async () => {
    const logs: string[] = [];
    const supervisor = new Supervisor(
      [
        linkedChild('steady', 24504),
        // Ends on its own a second after it starts, having asked for a reload over the link first.
        linkedChild('flaky', 24505, '--serve-for', '1000', '--reload-on-start', 'flaky'),
      ],
      { env: childEnvironment(), log: (line) => logs.push(line) },
    );
    try {
      await supervisor.start();
      const steady = await state(24504);
      const restarted = await waitFor(() => logs.some((l) => l.includes('again in 1.2 s')), 20_000);
      expect(restarted, logs.join('\n')).toBe(true);
      expect(logs.filter((l) => l.includes('flaky exited'))).toEqual([
        expect.stringContaining('flaky exited (code 0); starting it again in 0.3 s'),
        expect.stringContaining('flaky exited (code 0); starting it again in 0.6 s'),
        expect.stringContaining('flaky exited (code 0); starting it again in 1.2 s'),
      ]);
      const gaveUp = await Promise.race([supervisor.failed.then(() => true), Promise.resolve(false)]);
      expect(gaveUp).toBe(false);
      expect((await state(24504)).pid).toBe(steady.pid);
    } finally {
      await supervisor.stop();
    }
  }, 40_000);
});

describe('exitWhenSupervisorLost', () => {
  it('stops the child when its supervisor is SIGKILLed, with no setpriv to do it', async () => {
    const lostFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-test-')), 'lost');
    const specs = [linkedChild('lonely', 24506, '--lost-file', lostFile)];
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(fixtures, 'mini-supervisor.ts'), JSON.stringify(specs)],
      { env: childEnvironment(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    parent.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    try {
      expect(await waitFor(() => output.includes('all ready'), 20_000), output).toBe(true);
      const { pid, linked } = await state(24506);
      expect(linked).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitFor(() => !alive(pid), 5000)).toBe(true);
      expect(fs.readFileSync(lostFile, 'utf8')).toBe('supervisor lost');
    } finally {
      parent.kill('SIGKILL');
      fs.rmSync(path.dirname(lostFile), { recursive: true, force: true });
    }
  }, 30_000);
});
