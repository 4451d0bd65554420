import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseExposition, type Exposition } from '../server/lab/exposition-parser';
import { quantile } from '../server/lab/quantile';
import { ensureVenv } from '../server/python/venv';
import { wrap } from './wrap';

/**
 * What the files of dead workers cost a prometheus_client multiprocess scrape: `GET /metrics` on the Django
 * demo's multiprocess route while its PROMETHEUS_MULTIPROC_DIR holds about 10, 100, 1,000 and 5,000 files,
 * against the same scrape of one worker's own registry (the direct route) in the same run. `npm run bench`
 * runs it last; it writes bench/django-multiprocess-report.md.
 */

const HOST = '127.0.0.1';
const REPORT = 'bench/django-multiprocess-report.md';
const DJANGO_DIR = 'demos/django';
// In 30000-30999 with the other benches' ports, clear of theirs (30081-30225, 30302-30325, 30402-30427).
const PORTS = {
  multiprocess: { app: 30501, admin: 30511 },
  direct: { app: 30502, admin: 30512 },
} as const;
type Route = keyof typeof PORTS;
const WORKERS = 2;
const FILE_COUNTS = [10, 100, 1_000, 5_000];
const LOAD_REQUESTS = 200;
const LOAD_CONCURRENCY = 4;
const WARMUP_SCRAPES = 3;
const SCRAPES = 30;
/** Files each forked process leaves (counter and histogram), as demos/django/bench/multiproc_files.py says. */
const FILES_PER_DEAD_PROCESS = 2;
const REQUESTS_PER_DEAD_PROCESS = 2;
/** Past gunicorn's 30 s worker timeout, so a scrape that long shows up as its killed worker, not as ours. */
const REQUEST_TIMEOUT_MS = 40_000;
const START_TIMEOUT_MS = 90_000;
const FILL_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
/** The whole run gives up past this, so `npm run bench` stays bounded even on a stalled machine. */
const RUN_BUDGET_MS = 4 * 60_000;

const deadline = Date.now() + RUN_BUDGET_MS;
function checkBudget(what: string): void {
  if (Date.now() > deadline) throw new Error(`run budget of ${RUN_BUDGET_MS / 1000} s exceeded at ${what}`);
}

interface Answer {
  status: number;
  body: string;
  bytes: number;
  ms: number;
}

/** One request on a connection of its own: gunicorn's sync workers close every connection anyway. */
function get({ port, urlPath }: { port: number; urlPath: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(
      { host: HOST, port, path: urlPath, agent: false, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: raw.toString('utf8'), bytes: raw.length, ms });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`GET :${port}${urlPath} timed out after ${REQUEST_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
  });
}

function sum(exposition: Exposition, name: string): number {
  return exposition.samples.filter((s) => s.name === name).reduce((total, s) => total + s.value, 0);
}

function only(exposition: Exposition, name: string): number {
  const values = exposition.samples.filter((s) => s.name === name).map((s) => s.value);
  const [value] = values;
  if (values.length !== 1 || value === undefined) {
    throw new Error(`${name}: expected one sample in the multiprocess /metrics, got ${values.length}`);
  }
  return value;
}

/** demos/django/runner.ts in one mode on the bench's ports; its output kept to explain a failed start. */
class Runner {
  readonly output: string[] = [];
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;

  constructor(
    readonly route: Route,
    { python, multiprocDir }: { python: string; multiprocDir: string | null },
  ) {
    const env: NodeJS.ProcessEnv = { ...process.env, BIND_HOST: HOST };
    // Not a child of a supervisor, and not tied to a stack's token file or a worker slot of its own.
    for (const name of ['SCRAPE_LAB_SUPERVISOR_PID', 'LAB_TOKEN_FILE', 'WORKER_SLOT']) delete env[name];
    const { app, admin } = PORTS[route];
    const args = [
      ...['--import', 'tsx', 'demos/django/runner.ts', '--mode', route],
      ...['--port', String(app), '--admin-port', String(admin), '--workers', String(WORKERS)],
      ...['--python', python],
      ...(multiprocDir === null ? [] : ['--multiproc-dir', multiprocDir]),
    ];
    this.#child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 40));
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#exited = once(this.#child, 'exit');
  }

  get port(): number {
    return PORTS[this.route].app;
  }

  /** Resolves once all WORKERS workers serve, as the runner's admin API lists them. */
  async ready(): Promise<void> {
    const until = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < until) {
      checkBudget(`the ${this.route} demo's start`);
      if (this.#child.exitCode !== null) break;
      const answer = await get({ port: PORTS[this.route].admin, urlPath: '/workers' }).catch(() => null);
      if (answer?.status === 200) {
        const { workers } = JSON.parse(answer.body) as { workers: unknown[] };
        if (workers.length === WORKERS) return;
      }
      await sleep(200);
    }
    throw new Error(
      `the ${this.route} demo did not get ${WORKERS} workers serving; its last output:\n${this.output.join('\n')}`,
    );
  }

  /** SIGTERM: the runner stops gunicorn. One that hangs is killed, and its parent-death signal stops gunicorn. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const stopped = await Promise.race([
      this.#exited.then(() => true),
      sleep(STOP_TIMEOUT_MS).then(() => false),
    ]);
    if (stopped) return;
    this.#child.kill('SIGKILL');
    await this.#exited;
  }
}

/** GET /work, so every live worker's registry (and, in multiprocess mode, its files) holds the app's series. */
async function driveLoad(runner: Runner): Promise<void> {
  let next = 0;
  const failures: string[] = [];
  const lane = async (): Promise<void> => {
    while (next < LOAD_REQUESTS) {
      checkBudget('the load');
      next += 1;
      // 500 is the demo's simulated failure rate: still a counted request.
      const answer = await get({ port: runner.port, urlPath: '/work' }).catch((e: unknown) => {
        failures.push(String(e));
        return null;
      });
      if (answer && answer.status !== 200 && answer.status !== 500) failures.push(`status ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, lane));
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} load requests to the ${runner.route} demo failed, first: ${failures[0]}`,
    );
  }
}

interface Fill {
  processes: number;
  files: number;
  seconds: number;
}

/** Forks short-lived processes that each leave their files in the folder, until it holds `until` files. */
async function fill({ python, dir, until }: { python: string; dir: string; until: number }): Promise<Fill> {
  const started = performance.now();
  const child = spawn(python, ['-m', 'bench.multiproc_files', '--until', String(until)], {
    cwd: DJANGO_DIR,
    env: {
      // NODE_ENV only because the type demands it; Python ignores it, and spawn() drops unset values.
      NODE_ENV: process.env.NODE_ENV,
      PATH: process.env.PATH,
      PROMETHEUS_MULTIPROC_DIR: dir,
      // Bytecode caches go to the temporary folder, as the runner puts gunicorn's.
      PYTHONPYCACHEPREFIX: path.join(os.tmpdir(), 'scrape-lab-pycache'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: Math.min(FILL_TIMEOUT_MS, Math.max(1, deadline - Date.now())),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw new Error(
      `multiproc_files --until ${until} ended with ${signal ?? `exit code ${code}`}: ${stderr.trim()}`,
    );
  }
  const parsed = JSON.parse(stdout) as { processes: number; files: number };
  return { processes: parsed.processes, files: parsed.files, seconds: (performance.now() - started) / 1000 };
}

/** Blocks the folder's .db files take on disk: they are sparse, so far fewer than their size says. */
function allocatedBytes(dir: string): number {
  return dbFiles(dir).reduce((total, file) => total + fs.statSync(file).blocks * 512, 0);
}

function dbFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.db'))
    .map((name) => path.join(dir, name));
}

interface Scraped {
  ms: number[];
  bytes: number;
  last: Exposition;
}

/** Sequential scrapes, the two routes taking turns so drift hits both alike. */
async function scrapeBoth(runners: Record<Route, Runner>): Promise<Record<Route, Scraped>> {
  const targets = (['multiprocess', 'direct'] as const).map((route) => ({
    route,
    ms: [] as number[],
    last: null as Answer | null,
  }));
  for (let round = 0; round < WARMUP_SCRAPES + SCRAPES; round += 1) {
    checkBudget('scraping');
    for (const target of targets) {
      const answer = await get({ port: runners[target.route].port, urlPath: '/metrics' });
      if (answer.status !== 200) {
        throw new Error(
          `the ${target.route} /metrics answered ${answer.status}: ${answer.body.slice(0, 200)}`,
        );
      }
      if (round < WARMUP_SCRAPES) continue;
      target.ms.push(answer.ms);
      target.last = answer;
    }
  }
  const [multiprocess, direct] = targets.map((t): Scraped => {
    if (t.last === null) throw new Error(`no ${t.route} scrape recorded`);
    return { ms: t.ms, bytes: t.last.bytes, last: parseExposition(t.last.body) };
  });
  if (!multiprocess || !direct) throw new Error('no scrapes recorded');
  return { multiprocess, direct };
}

interface Row {
  target: number;
  /** scrape_lab_multiproc_files and _bytes in the last multiprocess body. */
  files: number;
  bytes: number;
  allocated: number;
  processes: number;
  fillSeconds: number;
  multiprocess: Scraped;
  direct: Scraped;
}

interface Versions {
  python: string;
  prometheusClient: string;
  gunicorn: string;
  django: string;
}

function versions(python: string): Versions {
  const script =
    'import importlib.metadata as m, json, platform; print(json.dumps([platform.python_version()] + ' +
    '[m.version(p) for p in ("prometheus_client", "gunicorn", "Django")]))';
  const out = spawnSync(python, ['-c', script], { encoding: 'utf8' });
  const [py, prom, gunicorn, django] = JSON.parse(out.stdout) as string[];
  return {
    python: py ?? '?',
    prometheusClient: prom ?? '?',
    gunicorn: gunicorn ?? '?',
    django: django ?? '?',
  };
}

interface Run {
  rows: Row[];
  /** .db files in the folder after the load, before any forked process: the live workers' own. */
  liveFiles: number;
}

async function measure(python: string, dir: string): Promise<Run> {
  const runners: Record<Route, Runner> = {
    multiprocess: new Runner('multiprocess', { python, multiprocDir: dir }),
    direct: new Runner('direct', { python, multiprocDir: null }),
  };
  const stopAll = (): Promise<unknown> => Promise.all(Object.values(runners).map((r) => r.stop()));
  const stopOnSignal = (): void => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    await Promise.all(Object.values(runners).map((r) => r.ready()));
    for (const runner of Object.values(runners)) await driveLoad(runner);
    const liveFiles = dbFiles(dir).length;
    const rows: Row[] = [];
    let processes = 0;
    for (const target of FILE_COUNTS) {
      checkBudget(`filling to ${target} files`);
      const filled = await fill({ python, dir, until: target });
      processes += filled.processes;
      const allocated = allocatedBytes(dir);
      const scraped = await scrapeBoth(runners);
      const merged = scraped.multiprocess.last;
      // The merged counter must hold every dead process's requests too, or the scrape skipped their files.
      const expected = LOAD_REQUESTS + REQUESTS_PER_DEAD_PROCESS * processes;
      const requests = sum(merged, 'demo_http_requests_total');
      if (requests !== expected) {
        throw new Error(
          `at ${target} files the merged /metrics counts ${requests} requests, expected ${expected}`,
        );
      }
      const row: Row = {
        target,
        files: only(merged, 'scrape_lab_multiproc_files'),
        bytes: only(merged, 'scrape_lab_multiproc_bytes'),
        allocated,
        processes,
        fillSeconds: filled.seconds,
        ...scraped,
      };
      rows.push(row);
      console.error(
        `bench: ${row.files} files: multiprocess p50 ${ms(quantile(row.multiprocess.ms, 0.5))} ms, direct p50 ${ms(quantile(row.direct.ms, 0.5))} ms`,
      );
    }
    return { rows, liveFiles };
  } finally {
    await stopAll();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
}

const ms = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
const ratio = (a: number | null, b: number | null): string =>
  a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(1)}×`;
const count = (n: number): string => n.toLocaleString('en');
const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** The report's closing paragraph, from the measured rows. */
function readingOf(rows: Row[]): string {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last || last === first)
    return 'The run did not reach a second file count, so there is no reading.';
  const p50 = (r: Row, scraped: 'multiprocess' | 'direct'): number | null => quantile(r[scraped].ms, 0.5);
  // Against the first row, so the fixed cost of a scrape (Django, the HTTP round trip) drops out.
  const perFile = rows
    .slice(1)
    .map((r) => {
      const added =
        ((p50(r, 'multiprocess') ?? 0) - (p50(first, 'multiprocess') ?? 0)) / (r.files - first.files);
      return `${(added * 1000).toFixed(0)} µs up to ${count(r.files)}`;
    })
    .join(', ');
  return (
    `From ${count(first.files)} to ${count(last.files)} files the multiprocess scrape's p50 went from ` +
    `${ms(p50(first, 'multiprocess'))} ms to ${ms(p50(last, 'multiprocess'))} ms (p50 added per file ` +
    `over the first row: ${perFile}), ` +
    `while its body went from ${count(first.multiprocess.bytes)} to ${count(last.multiprocess.bytes)} bytes: a ` +
    "dead worker's series merge into the live ones, so what grows is the reading, not the answer. One " +
    `worker's own registry took ${ms(p50(last, 'direct'))} ms at p50 in the same rounds ` +
    `(${ratio(p50(last, 'multiprocess'), p50(last, 'direct'))} at the last step). Every multiprocess scrape ` +
    'lists the folder, opens every .db file and parses every key in it, in the gunicorn worker that answers, ' +
    'which serves no other request meanwhile; nothing ever merges or deletes the counter and histogram files ' +
    "of a recycled worker, only its live* gauge file (the child_exit hook's mark_process_dead). For a " +
    'speaker: with max_requests recycling, the folder grows by two files per recycled worker for as long as ' +
    "the app runs, and so does every scrape, until it passes Prometheus' scrape timeout (10 s by default) or " +
    "gunicorn's 30 s worker timeout, which kills the worker mid-scrape."
  );
}

function render({
  run: { rows, liveFiles },
  started,
  seconds,
  load,
  v,
}: {
  run: Run;
  started: Date;
  seconds: number;
  /** One-minute load averages just before and just after the run: how busy the cores were otherwise. */
  load: { before: number; after: number };
  v: Versions;
}): string {
  const cpus = os.cpus();
  const lines = rows.map((r) => {
    const m50 = quantile(r.multiprocess.ms, 0.5);
    const m90 = quantile(r.multiprocess.ms, 0.9);
    const d50 = quantile(r.direct.ms, 0.5);
    const d90 = quantile(r.direct.ms, 0.9);
    return (
      `| ${count(r.files)} | ${count(r.bytes)} (${mib(r.bytes)}) | ${mib(r.allocated)} | ${count(r.processes)} | ` +
      `${r.fillSeconds.toFixed(1)} | ${ms(m50)} | ${ms(m90)} | ${count(r.multiprocess.bytes)} | ` +
      `${ms(d50)} | ${ms(d90)} | ${count(r.direct.bytes)} | ${ratio(m50, d50)} | ${ratio(m90, d90)} |`
    );
  });
  const reading = readingOf(rows);
  const method =
    `Two \`demos/django/runner.ts\` apps with ${WORKERS} gunicorn sync workers each ran side by side: ` +
    '`--mode multiprocess` (every scrape merges the whole PROMETHEUS_MULTIPROC_DIR in a registry made for it) ' +
    "and `--mode direct` (django-prometheus' view of the answering worker's own default registry), the " +
    `baseline. Each first answered ${LOAD_REQUESTS} \`GET /work\` (${LOAD_CONCURRENCY} at a time). Then, for ` +
    'each file count, `demos/django/bench/multiproc_files.py` forked short-lived processes in batches, ' +
    "each recording one request answered 200 and one answered 500 through the app's PrometheusRecorder; " +
    "once each exited it ran mark_process_dead as the master's child_exit hook does, so each left " +
    `${FILES_PER_DEAD_PROCESS} files (counter, histogram) as a recycled worker does; after the load the ` +
    `${WORKERS} live workers held ${liveFiles} files. Then ` +
    `${SCRAPES} sequential \`GET /metrics\` per route, after ${WARMUP_SCRAPES} warm-up ones, took turns ` +
    'between the two apps, each on a new connection. Latency runs from sending the request to the last ' +
    'body byte, timed by the bench on the same machine; bytes are the last body of each. Files and ' +
    "bytes are the app's own scrape_lab_multiproc_files and scrape_lab_multiproc_bytes in the last " +
    'multiprocess body (bytes are the files’ sizes: client_python sizes each at 64 KiB); on disk is the ' +
    'blocks the bench found allocated to them, as the files are sparse. Every multiprocess body counted ' +
    `the ${LOAD_REQUESTS} load requests plus ${REQUESTS_PER_DEAD_PROCESS} for every forked process. The direct ` +
    "body is the larger: django-prometheus' view exports the worker's whole default registry (its own " +
    'django_http_* and django_model_* families, _created samples, the process and Python collectors), none ' +
    "of which the multiprocess route's registry holds.";
  return [
    '# Django multiprocess mode: what the files of dead workers cost a scrape',
    '',
    ...wrap(
      `Measured ${started.toISOString().slice(0, 10)} on ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}, ` +
        `one-minute load average ${load.before.toFixed(2)} just before the run and ${load.after.toFixed(2)} just ` +
        `after), ${process.platform}, Node ${process.version}, Python ${v.python}, prometheus_client ` +
        `${v.prometheusClient}, gunicorn ${v.gunicorn}, Django ${v.django}, loopback (127.0.0.1) only; the run ` +
        `took ${seconds.toFixed(0)} s.`,
    ),
    '',
    ...wrap(method),
    '',
    '| files | bytes | on disk | forked processes | fork time (s) | multiprocess p50 (ms) | multiprocess p90 (ms) | multiprocess body bytes | direct p50 (ms) | direct p90 (ms) | direct body bytes | ratio p50 | ratio p90 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines,
    '',
    ...wrap(reading),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  // Another process busy on the same cores moves every figure; the report says how busy the machine was.
  const before = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const venv = await ensureVenv({
    searchPath: process.env.PATH ?? '',
    log: (line) => console.error(`bench: ${line}`),
  });
  if (venv.kind !== 'ready') throw new Error(`the Django demo needs its venv: ${venv.message}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-bench-multiproc-'));
  let run: Run;
  try {
    run = await measure(venv.python, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  const load = { before, after: os.loadavg()[0] ?? 0 };
  fs.writeFileSync(REPORT, render({ run, started, seconds, load, v: versions(venv.python) }));
  // Keep the written report in the project's Markdown style, as `npm run lint` checks it.
  spawnSync(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--write', REPORT], {
    stdio: 'ignore',
  });
  console.log(fs.readFileSync(REPORT, 'utf8'));
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
