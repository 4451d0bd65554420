import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../server/bridge/bridge';
import { parseExposition, type Exposition } from '../../server/lab/exposition-parser';
import { probePort } from '../../server/supervisor/ports';
import { isAlive } from '../../server/supervisor/processes';
import { ensureVenv } from '../../server/python/venv';
import { REAL_PARTS_REQUIRED, requireRealPart, statsdExporterBinary } from './real-parts';

/**
 * The Django demo as the lab would run it: the runner starts gunicorn in each metrics mode on fixed
 * loopback ports, 2,000 GET /work are sent, and what each /metrics says is held against what was answered.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = '127.0.0.1';
const MAPPING = 'config/statsd-mapping.yml';
const REQUESTS = 2_000;
const CONCURRENCY = 16;
const RUN_TIMEOUT_MS = 180_000;

let nextPort = 33_000;

/**
 * A port from 33000-33999 that TCP and UDP can bind now, never handed out twice. The range lies inside the
 * kernel's ephemeral ports, so a fixed one can be some client's source port for a while: a free one is taken.
 */
async function loopbackPort(): Promise<number> {
  for (; nextPort <= 33_999; nextPort += 1) {
    const claim = { port: nextPort, variable: 'django.test.ts', purpose: 'a Django demo test port' };
    const busy =
      (await probePort(HOST, { ...claim, protocol: 'tcp' })) ??
      (await probePort(HOST, { ...claim, protocol: 'udp' }));
    if (busy === null) return nextPort++;
  }
  throw new Error('no free loopback port left in 33000-33999');
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a connection of its own, as the lab's load generator and Prometheus send them. */
function get(port: number, urlPath: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: HOST, port, path: urlPath, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** An admin API call on a connection of its own: no pooled socket outlives the runner it talked to. */
function admin(
  port: number,
  method: string,
  urlPath: string,
  body?: object,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers = method === 'GET' ? {} : { 'content-type': 'application/json' };
    const req = http.request({ host: HOST, port, path: urlPath, method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

interface Truth {
  answered: number;
  byStatus: Record<string, number>;
  failed: number;
}

/** Sends REQUESTS GET /work, CONCURRENCY at a time; calls `during` until the last answer is in. */
async function sendLoad(port: number, during: () => Promise<void>): Promise<Truth> {
  const truth: Truth = { answered: 0, byStatus: {}, failed: 0 };
  let next = 0;
  let done = false;
  const sender = async (): Promise<void> => {
    while (next < REQUESTS) {
      next += 1;
      try {
        const { status } = await get(port, '/work');
        truth.answered += 1;
        truth.byStatus[status] = (truth.byStatus[status] ?? 0) + 1;
      } catch {
        truth.failed += 1;
      }
    }
  };
  const watcher = async (): Promise<void> => {
    while (!done) {
      await during();
      await sleep(100);
    }
  };
  const watching = watcher();
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  done = true;
  await watching;
  return truth;
}

function sum(exposition: Exposition, name: string): number {
  return exposition.samples.filter((s) => s.name === name).reduce((total, s) => total + s.value, 0);
}

function only(exposition: Exposition, name: string): number {
  const values = exposition.samples.filter((s) => s.name === name).map((s) => s.value);
  expect(values, name).toHaveLength(1);
  return values[0] ?? NaN;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, log: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}; output:\n${log()}`);
}

class Runner {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  readonly child: ChildProcess;

  constructor(
    readonly appPort: number,
    readonly adminPort: number,
    {
      mode,
      workers = 4,
      args = [],
      ipc = false,
    }: { mode: string; workers?: number; args?: string[]; ipc?: boolean },
  ) {
    const flags = ['--mode', mode, '--workers', String(workers), '--python', python ?? '', ...args];
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'demos/django/runner.ts',
        '--port',
        String(appPort),
        '--admin-port',
        String(adminPort),
        ...flags,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          BIND_HOST: HOST,
          ...(ipc ? { SCRAPE_LAB_SUPERVISOR_PID: String(process.pid) } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
      },
    );
    this.child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  log = (): string => this.output.join('');

  /** Resolves once the runner says it is healthy and all `count` workers serve. */
  async ready(
    count: number,
  ): Promise<{ target: number; workers: { id: number; pid: number; slot: number }[] }> {
    await eventually(
      'GET /-/healthy',
      async () => ((await admin(this.adminPort, 'GET', '/-/healthy')).status === 200 ? true : undefined),
      this.log,
    );
    return eventually(
      `${count} workers`,
      async () => {
        const { json } = await admin(this.adminPort, 'GET', '/workers');
        return (json.workers as unknown[]).length === count ? (json as never) : undefined;
      },
      this.log,
    );
  }

  async metrics(): Promise<{ exposition: Exposition; answeredBy: string | undefined }> {
    const answer = await get(this.appPort, '/metrics');
    expect(answer.status).toBe(200);
    return { exposition: parseExposition(answer.body), answeredBy: answer.headers['x-worker-id'] as string };
  }

  stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** The pid of gunicorn's master: the runner's child that runs gunicorn. */
function gunicornMaster(runner: Runner): number {
  const out = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(runner.child.pid)], { encoding: 'utf8' });
  const line = out.stdout.split('\n').find((l) => l.includes('gunicorn'));
  return Number(line?.trim().split(/\s+/)[0]);
}

async function refused(port: number): Promise<boolean> {
  return get(port, '/work').then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
  );
}

let python: string | null = null;

beforeAll(async () => {
  const venv = await ensureVenv({ searchPath: process.env.PATH ?? '', log: (line) => console.log(line) });
  if (venv.kind === 'ready') python = venv.python;
  else if (REAL_PARTS_REQUIRED) throw new Error(venv.message);
  else console.warn(`skipping the Django demo tests: ${venv.message}`);
}, 600_000);

describe('the Django demo', () => {
  it('passes its Python unit tests', (ctx) => {
    if (python === null) return ctx.skip();
    const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], {
      cwd: path.join(ROOT, 'demos/django'),
      env: { ...process.env, PYTHONPYCACHEPREFIX: path.join(os.tmpdir(), 'scrape-lab-pycache') },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^OK$/m);
  });

  it(
    'direct: scrapes come from several workers, each reading only its own share',
    async (ctx) => {
      if (python === null) return ctx.skip();
      const [appPort, adminPort] = [await loopbackPort(), await loopbackPort()];
      const runner = new Runner(appPort, adminPort, { mode: 'direct', ipc: true });
      try {
        const { workers } = await runner.ready(4);
        const ids = new Set(workers.map((w) => String(w.id)));
        const scrapes: { counter: number; answeredBy: string | undefined }[] = [];
        const scrape = async () => {
          const { exposition, answeredBy } = await runner.metrics();
          scrapes.push({ counter: sum(exposition, 'demo_http_requests_total'), answeredBy });
        };
        const truth = await sendLoad(runner.appPort, scrape);
        const duringLoad = scrapes.length;
        // After the load, scrape until every worker has answered once (bounded: the kernel picks who).
        const lastBy = new Map<string | undefined, number>();
        for (let i = 0; i < 300 && lastBy.size < ids.size; i += 1) {
          await scrape();
          const latest = scrapes.at(-1);
          if (latest) lastBy.set(latest.answeredBy, latest.counter);
        }

        expect(truth).toMatchObject({ answered: REQUESTS, failed: 0 });
        const answerers = new Set(scrapes.map((s) => s.answeredBy));
        expect(answerers.size).toBeGreaterThanOrEqual(2);
        for (const id of answerers) expect(ids).toContain(id);
        // Every request is counted somewhere, yet no worker's own registry holds them all…
        for (const s of scrapes.slice(duringLoad)) expect(s.counter).toBeLessThan(truth.answered);
        // …and the workers' counters add up to the truth: only their sum is the app's count.
        expect(lastBy.size).toBe(ids.size);
        expect([...lastBy.values()].reduce((a, b) => a + b, 0)).toBe(truth.answered);
      } finally {
        // The supervisor's IPC channel closing stops the runner, and the runner stops gunicorn.
        const master = gunicornMaster(runner);
        runner.child.disconnect();
        await runner.exited;
        expect(master).toBeGreaterThan(0);
        expect(isAlive(master)).toBe(false);
        expect(await refused(runner.appPort)).toBe(true);
      }
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "direct: the admin API answers as the Node demo's does",
    async (ctx) => {
      if (python === null) return ctx.skip();
      const [appPort, adminPort] = [await loopbackPort(), await loopbackPort()];
      const runner = new Runner(appPort, adminPort, { mode: 'direct', workers: 2 });
      try {
        const start = await runner.ready(2);
        expect(start).toEqual({
          target: 2,
          workers: [
            {
              id: expect.any(Number),
              pid: expect.any(Number),
              uptimeSeconds: expect.any(Number),
              slot: 1,
              metricsPort: null,
            },
            {
              id: expect.any(Number),
              pid: expect.any(Number),
              uptimeSeconds: expect.any(Number),
              slot: 2,
              metricsPort: null,
            },
          ],
        });
        expect(await admin(runner.adminPort, 'GET', '/-/healthy')).toEqual({
          status: 200,
          json: { healthy: true, listening: 2 },
        });

        const scaled = await admin(runner.adminPort, 'PUT', '/workers', { count: 3 });
        expect(scaled.status).toBe(200);
        expect(scaled.json.target).toBe(3);
        expect((scaled.json.workers as { slot: number }[]).map((w) => w.slot)).toEqual([1, 2, 3]);

        const oldest = start.workers[0]?.id;
        expect(await admin(runner.adminPort, 'POST', '/workers/crash', {})).toEqual({
          status: 200,
          json: { crashed: oldest },
        });
        const afterCrash = (await admin(runner.adminPort, 'GET', '/workers')).json.workers as {
          id: number;
          slot: number;
        }[];
        expect(afterCrash).toHaveLength(3);
        expect(afterCrash.map((w) => w.id)).not.toContain(oldest);
        // The replacement takes the slot the crashed worker left.
        expect(afterCrash.map((w) => w.slot).sort()).toEqual([1, 2, 3]);

        expect(await admin(runner.adminPort, 'POST', '/workers/crash', { id: 999 })).toEqual({
          status: 404,
          json: {
            error: `id: no listening worker 999 (listening: ${afterCrash.map((w) => w.id).join(', ')})`,
          },
        });

        const restarted = await admin(runner.adminPort, 'POST', '/workers/restart', {});
        expect(restarted.status).toBe(200);
        const fresh = restarted.json.workers as { id: number }[];
        // A reload puts gunicorn back to --workers 2; the runner brings it back to the 3 asked for.
        expect([restarted.json.target, fresh.length]).toEqual([3, 3]);
        for (const w of fresh) expect(afterCrash.map((a) => a.id)).not.toContain(w.id);

        expect(await admin(runner.adminPort, 'PUT', '/workers', { count: 0 })).toEqual({
          status: 400,
          json: { error: 'count: must be between 1 and 16' },
        });
        expect(await admin(runner.adminPort, 'GET', '/settings')).toEqual({
          status: 200,
          json: { metricsKeepAlive: false, statsdBufferSize: 0 },
        });
        expect((await admin(runner.adminPort, 'PUT', '/settings', { statsdBufferSize: 1400 })).status).toBe(
          400,
        );
        expect((await admin(runner.adminPort, 'GET', '/nowhere')).status).toBe(404);
      } finally {
        await runner.stop();
      }
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'multiprocess: the merged counter ends exactly at the truth',
    async (ctx) => {
      if (python === null) return ctx.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mp-'));
      // A file an earlier run left: the start must wipe it, or its count would be merged in.
      fs.writeFileSync(path.join(dir, 'counter_1.db'), Buffer.alloc(4096));
      const [appPort, adminPort] = [await loopbackPort(), await loopbackPort()];
      const runner = new Runner(appPort, adminPort, { mode: 'multiprocess', args: ['--multiproc-dir', dir] });
      try {
        await runner.ready(4);
        const truth = await sendLoad(runner.appPort, async () => undefined);
        expect(truth).toMatchObject({ answered: REQUESTS, failed: 0 });
        const { exposition } = await runner.metrics();
        expect(sum(exposition, 'demo_http_requests_total')).toBe(truth.answered);
        expect(sum(exposition, 'demo_http_request_duration_seconds_count')).toBe(truth.answered);
        expect(only(exposition, 'demo_http_requests_in_flight')).toBe(0);
        expect(exposition.types.get('scrape_lab_multiproc_files')).toBe('gauge');
        expect(fs.existsSync(path.join(dir, 'counter_1.db'))).toBe(false);

        // A file at 0 bytes, as a new worker's is until client_python sizes it: the scrape fails whole, and says why.
        const unsized = path.join(dir, 'counter_999999.db');
        fs.writeFileSync(unsized, '');
        const failed = await get(runner.appPort, '/metrics');
        expect(failed.status).toBe(500);
        expect(failed.body).toMatch(/^multiprocess: a worker's file was read before it was sized: .*buffer/);
        fs.rmSync(unsized);

        // A reset restarts the master, whose start wipes the folder: a HUP would keep every count.
        const restarted = await admin(runner.adminPort, 'POST', '/workers/restart', {});
        expect(restarted.status).toBe(200);
        expect((restarted.json.workers as unknown[]).length).toBe(4);
        const after = (await runner.metrics()).exposition;
        expect(sum(after, 'demo_http_requests_total')).toBe(0);
      } finally {
        await runner.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'multiprocess with recycled workers: files pile up, the merged counter never goes back',
    async (ctx) => {
      if (python === null) return ctx.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-mp-'));
      const args = ['--multiproc-dir', dir, '--max-requests', '50'];
      const [appPort, adminPort] = [await loopbackPort(), await loopbackPort()];
      const runner = new Runner(appPort, adminPort, { mode: 'multiprocess', args });
      try {
        await runner.ready(4);
        const scrapes: { counter: number; files: number; bytes: number }[] = [];
        let unsized = 0;
        const scrape = async () => {
          // A scrape that meets a recycled worker's new file before client_python has sized it fails whole,
          // as this mode does anywhere; the app says so. Counted, and any other failure fails the test.
          const answer = await get(runner.appPort, '/metrics');
          if (
            answer.status === 500 &&
            answer.body.startsWith("multiprocess: a worker's file was read before")
          ) {
            unsized += 1;
            return;
          }
          expect(answer.status).toBe(200);
          const exposition = parseExposition(answer.body);
          scrapes.push({
            counter: sum(exposition, 'demo_http_requests_total'),
            files: only(exposition, 'scrape_lab_multiproc_files'),
            bytes: only(exposition, 'scrape_lab_multiproc_bytes'),
          });
        };
        while (scrapes.length === 0) await scrape();
        const truth = await sendLoad(runner.appPort, scrape);
        // The last scrape must merge: it is the one compared with the truth.
        for (const before = scrapes.length; scrapes.length === before;) await scrape();
        expect(truth).toMatchObject({ answered: REQUESTS, failed: 0 });
        await ctx.annotate(`${scrapes.length} scrapes merged, ${unsized} met a file not yet sized`);
        expect(unsized).toBeLessThan(scrapes.length / 10);

        const counters = scrapes.map((s) => s.counter);
        for (let i = 1; i < counters.length; i += 1)
          expect(counters[i]).toBeGreaterThanOrEqual(counters[i - 1] ?? 0);
        expect(counters.at(-1)).toBe(truth.answered);
        const [first, last] = [scrapes[0], scrapes.at(-1)];
        // 2,000 requests at 50 a worker: some 40 workers have come and gone, each leaving its files.
        expect(last?.files).toBeGreaterThan((first?.files ?? 0) + 40);
        expect(last?.bytes).toBeGreaterThan(first?.bytes ?? 0);
      } finally {
        // SIGKILL leaves the runner no time to stop gunicorn: the kernel's parent-death signal must.
        const master = gunicornMaster(runner);
        runner.child.kill('SIGKILL');
        await runner.exited;
        expect(master).toBeGreaterThan(0);
        await eventually('gunicorn to stop', async () => (isAlive(master) ? undefined : true), runner.log);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    RUN_TIMEOUT_MS,
  );

  describe('statsd', () => {
    const bridged = async (runner: Runner, scrapeBridge: () => Promise<Exposition>): Promise<void> => {
      await runner.ready(4);
      const notHere = await get(runner.appPort, '/metrics');
      expect(notHere.status).toBe(404);
      const truth = await sendLoad(runner.appPort, async () => undefined);
      expect(truth).toMatchObject({ answered: REQUESTS, failed: 0 });
      // The last datagrams may still be in the bridge's queue when the last answer arrives.
      const exposition = await eventually(
        'the bridge to count every request',
        async () => {
          const e = await scrapeBridge();
          return sum(e, 'django_http_requests_total') === truth.answered ? e : undefined;
        },
        runner.log,
      );
      for (const [status, count] of Object.entries(truth.byStatus)) {
        const counted = exposition.samples
          .filter((s) => s.name === 'django_http_requests_total' && s.labels.status === status)
          .reduce((total, s) => total + s.value, 0);
        expect([status, counted]).toEqual([status, count]);
      }
      expect(sum(exposition, 'django_http_request_duration_seconds_count')).toBe(truth.answered);
      expect(only(exposition, 'django_http_requests_in_flight')).toBe(0);
      // Seconds, not milliseconds: 2,000 requests of about 20 ms each.
      const seconds = sum(exposition, 'django_http_request_duration_seconds_sum');
      expect(seconds / truth.answered).toBeGreaterThan(0.01);
      expect(seconds / truth.answered).toBeLessThan(0.1);
    };

    describe('through the built-in bridge', () => {
      let bridge: Bridge;
      beforeAll(async () => {
        const [udpPort, webPort] = [await loopbackPort(), await loopbackPort()];
        bridge = await startBridge({
          host: HOST,
          udpPort,
          webPort,
          mappingFile: MAPPING,
          // A capped receive buffer is this machine's setting, not the demo's concern.
          warn: () => undefined,
          log: () => undefined,
        });
      });
      afterAll(() => bridge?.close());

      it(
        'the bridge ends exactly at the truth',
        async (ctx) => {
          if (python === null) return ctx.skip();
          const [appPort, adminPort] = [await loopbackPort(), await loopbackPort()];
          const args = ['--bridge-port', String(bridge.udpPort)];
          const runner = new Runner(appPort, adminPort, { mode: 'statsd', args });
          try {
            await bridged(runner, async () => parseExposition((await get(bridge.webPort, '/metrics')).body));
          } finally {
            await runner.stop();
          }
        },
        RUN_TIMEOUT_MS,
      );
    });

    describe('through statsd_exporter', () => {
      const binary = statsdExporterBinary();
      let exporter: ChildProcess | null = null;
      let udpPort = 0;
      let webPort = 0;
      beforeAll(async () => {
        if (!requireRealPart('statsd_exporter', binary) || binary === null) return;
        [udpPort, webPort] = [await loopbackPort(), await loopbackPort()];
        exporter = spawn(
          binary,
          [
            `--statsd.listen-udp=${HOST}:${udpPort}`,
            '--statsd.listen-tcp=',
            `--web.listen-address=${HOST}:${webPort}`,
            `--statsd.mapping-config=${MAPPING}`,
            '--log.level=warn',
          ],
          { cwd: ROOT, stdio: 'ignore' },
        );
        await eventually(
          'statsd_exporter',
          async () => ((await get(webPort, '/-/ready')).status === 200 ? true : undefined),
          () => '',
        );
      });
      afterAll(async () => {
        exporter?.kill('SIGTERM');
        if (exporter) await once(exporter, 'exit');
      });

      it(
        'statsd_exporter ends exactly at the truth',
        async (ctx) => {
          if (python === null || exporter === null) return ctx.skip();
          const [appPort, adminPort] = [await loopbackPort(), await loopbackPort()];
          const runner = new Runner(appPort, adminPort, {
            mode: 'statsd',
            args: ['--bridge-port', String(udpPort)],
          });
          try {
            await bridged(runner, async () => parseExposition((await get(webPort, '/metrics')).body));
          } finally {
            await runner.stop();
          }
        },
        RUN_TIMEOUT_MS,
      );
    });
  });
});
