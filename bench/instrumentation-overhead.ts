import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parseExposition } from '../server/lab/exposition-parser';
import { bundleNodeEntries } from '../server/supervisor/bundle';
import { nodeArgs } from '../server/supervisor/node-entries';
import type { CallCost } from './instrumentation-overhead-calls';
import type { LoadResult } from './load-client';
import { readMachineTicks } from './proc-cpu';
import {
  medianInterval,
  overheadPercent,
  pairedOverheads,
  roundOrder,
  spread,
  type MedianInterval,
  type Spread,
} from './overhead-stats';
import { wrap } from './wrap';

/**
 * What instrumentation costs the demo app at its top speed: the most `GET /work` per second the same
 * workers answer with no metrics (`--variant none`), with prom-client (scraped as each of its routes is),
 * and with hot-shots, buffered and not, with the simulated latency turned off (DEMO_LATENCY_SCALE=0).
 * Each app runs as npm start runs it (its bundle); the apps' processes share the first half of the CPUs,
 * the load client (bench/load-client.ts, closed loop over kept-alive connections) and the UDP sink that
 * stands in for the bridge (bench/bare-udp-receiver.ts) the other half. Runs take turns, round after round.
 * Then bench/instrumentation-overhead-calls.ts measures the instrumentations' calls alone, on the apps' CPU.
 * `npm run bench` runs it; it writes bench/instrumentation-overhead-report.md.
 *
 *   node --import tsx bench/instrumentation-overhead.ts [--rounds 9] [--window-ms 3000] [--connections 64]
 */

const HOST = '127.0.0.1';
const REPORT = 'bench/instrumentation-overhead-report.md';
/** One block of ports per app, in 31000-31499, clear of the other benches' 30000-30999. */
const APP_PORT_BASES = { none: 31000, prom: 31100, statsd1400: 31200, statsd0: 31300 } as const;
const SINK = { udp: 31425, web: 31402 };
/** The bridge's receive buffer (server/bridge/listener.ts), so the sink drops no more than it would. */
const SINK_RECV_BUFFER = 8 * 1024 * 1024;
/** The lab's default scrape interval (SCRAPE_INTERVAL_SECONDS), for the routes Prometheus scrapes the app on. */
const SCRAPE_INTERVAL_MS = 1_000;
const WARMUP_MS = 1_500;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;
/** The whole run gives up past this, so `npm run bench` stays bounded even on a stalled machine. */
const RUN_BUDGET_MS = 10 * 60_000;
/**
 * A row whose app used less than this share of the CPUs it has was not limited by its own work: the client
 * or the sink may have set its rate.
 */
const SATURATED_SHARE = 0.9;
/** The target of issue 13: instrumentation may cost at most this share of the uninstrumented rate. */
const TARGET_PERCENT = 5;

type AppKey = keyof typeof APP_PORT_BASES;

interface AppSpec {
  key: AppKey;
  variant: 'none' | 'direct' | 'statsd';
  env: Record<string, string>;
}

const APPS: AppSpec[] = [
  { key: 'none', variant: 'none', env: {} },
  { key: 'prom', variant: 'direct', env: {} },
  { key: 'statsd1400', variant: 'statsd', env: { STATSD_BUFFER_SIZE: '1400' } },
  { key: 'statsd0', variant: 'statsd', env: { STATSD_BUFFER_SIZE: '0' } },
];

/** Where a row's scrapes go while its load runs: none, or one of the prom-client routes' targets. */
type Scrape = 'none' | 'app' | 'worker-ports' | 'aggregate';

interface RowSpec {
  key: string;
  label: string;
  app: AppKey;
  scrape: Scrape;
}

const ROWS: RowSpec[] = [
  { key: 'none', label: 'none (no metrics)', app: 'none', scrape: 'none' },
  { key: 'prom-unscraped', label: 'prom-client, not scraped', app: 'prom', scrape: 'none' },
  { key: 'direct', label: 'prom-client, direct route', app: 'prom', scrape: 'app' },
  { key: 'port-per-worker', label: 'prom-client, port-per-worker', app: 'prom', scrape: 'worker-ports' },
  { key: 'shared-mode', label: 'prom-client, shared-mode', app: 'prom', scrape: 'aggregate' },
  { key: 'statsd', label: 'hot-shots, buffered 1400 B (statsd route)', app: 'statsd1400', scrape: 'none' },
  { key: 'statsd-unbuffered', label: 'hot-shots, unbuffered', app: 'statsd0', scrape: 'none' },
];

interface Run {
  round: number;
  rate: number;
  /** App CPU (primary and workers) per answer, in microseconds. */
  appCpuUsPerAnswer: number | null;
  appCores: number | null;
  clientCores: number;
  scrapes: number;
  scrapeFailures: number;
  datagrams: number | null;
  lines: number | null;
  answers: number;
  errors: number;
}

const deadline = Date.now() + RUN_BUDGET_MS;
function checkBudget(what: string): void {
  if (Date.now() > deadline) throw new Error(`run budget of ${RUN_BUDGET_MS / 1000} s exceeded at ${what}`);
}

function appPorts(key: AppKey): Record<string, number> {
  const base = APP_PORT_BASES[key];
  return {
    DIRECT_PORT: base + 1,
    DIRECT_ADMIN_PORT: base + 2,
    DIRECT_AGGREGATE_PORT: base + 3,
    // Worker slots take base + 11 … base + 42.
    DIRECT_WORKER_PORT_BASE: base + 10,
  };
}

function appPortOf(spec: AppSpec): number {
  const ports = appPorts(spec.key);
  return ports.DIRECT_PORT as number;
}

function adminPortOf(spec: AppSpec): number {
  const ports = appPorts(spec.key);
  return ports.DIRECT_ADMIN_PORT as number;
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: HOST, port, path, agent: false, timeout: REQUEST_TIMEOUT_MS, headers: { connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET :${port}${path} timed out`)));
    req.on('error', reject);
  });
}

/** `taskset -c <cpus>` in front of a command where CPUs are split, so the app and the client never share one. */
function pinned(cpus: string | null, command: string[]): [string, string[]] {
  const full = cpus === null ? command : ['taskset', '-c', cpus, ...command];
  const [program, ...args] = full as [string, ...string[]];
  return [program, args];
}

/** A child process with its last output kept, to explain a failed start; stopped by SIGTERM, then SIGKILL. */
class Child {
  readonly output: string[] = [];
  readonly process: ChildProcess;
  readonly #exited: Promise<unknown>;
  extraPids: number[] = [];

  constructor(command: [string, string[]], env: NodeJS.ProcessEnv) {
    this.process = spawn(command[0], command[1], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 30));
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    this.#exited = once(this.process, 'exit');
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const stopped = await Promise.race([this.#exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
    if (stopped) return;
    this.process.kill('SIGKILL');
    for (const pid of this.extraPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone with its primary.
      }
    }
    await this.#exited;
  }
}

interface WorkerView {
  pid: number;
  metricsPort: number | null;
}

interface RunningApp {
  spec: AppSpec;
  child: Child;
  pids: number[];
  metricsPorts: number[];
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Not a child of a supervisor, and not tied to a stack's token file or a worker slot of its own.
  for (const name of ['SCRAPE_LAB_SUPERVISOR_PID', 'LAB_TOKEN_FILE', 'WORKER_SLOT']) delete env[name];
  return { ...env, ...extra };
}

async function startApp(spec: AppSpec, workers: number, cpus: string | null): Promise<RunningApp> {
  const env = childEnv({
    ...Object.fromEntries(Object.entries(appPorts(spec.key)).map(([k, v]) => [k, String(v)])),
    BIND_HOST: HOST,
    DIRECT_HOST: HOST,
    BRIDGE_HOST: HOST,
    BRIDGE_UDP_PORT: String(SINK.udp),
    BRIDGE_WEB_PORT: String(SINK.web),
    WORKERS: String(workers),
    CLUSTER_SCHEDULING: 'os',
    DEMO_LATENCY_SCALE: '0',
    ...spec.env,
  });
  const command = [
    process.execPath,
    ...nodeArgs('demos/cluster/main.ts', ['--variant', spec.variant], false),
  ];
  const child = new Child(pinned(cpus, command), env);
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until && child.running) {
    checkBudget(`starting the ${spec.key} app`);
    const answer = await get(adminPortOf(spec), '/workers').catch(() => null);
    if (answer?.status === 200) {
      const list = (JSON.parse(answer.body) as { workers: WorkerView[] }).workers;
      child.extraPids = list.map((w) => w.pid);
      const ports = list.flatMap((w) => (w.metricsPort === null ? [] : [w.metricsPort]));
      if (list.length === workers && (spec.variant !== 'direct' || ports.length === workers)) {
        const primary = child.process.pid;
        if (primary === undefined) break;
        return { spec, child, pids: [primary, ...child.extraPids], metricsPorts: ports };
      }
    }
    await sleep(200);
  }
  await child.stop();
  throw new Error(`the ${spec.key} app did not get ${workers} workers serving:\n${child.output.join('\n')}`);
}

async function startSink(cpus: string | null): Promise<Child> {
  const command = [
    process.execPath,
    ...['--import', 'tsx', 'bench/bare-udp-receiver.ts', '--host', HOST],
    ...['--udp-port', String(SINK.udp), '--web-port', String(SINK.web)],
    ...['--recv-buffer', String(SINK_RECV_BUFFER)],
  ];
  const sink = new Child(pinned(cpus, command), childEnv({}));
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until && sink.running) {
    if ((await get(SINK.web, '/-/ready').catch(() => null))?.status === 200) return sink;
    await sleep(100);
  }
  await sink.stop();
  throw new Error(`the UDP sink did not start:\n${sink.output.join('\n')}`);
}

async function sinkCounts(): Promise<{ datagrams: number; lines: number }> {
  const { body } = await get(SINK.web, '/metrics');
  const value = (name: string): number =>
    parseExposition(body).samples.find((s) => s.name === name)?.value ?? Number.NaN;
  return {
    datagrams: value('statsd_exporter_udp_packets_total'),
    lines: value('statsd_exporter_lines_total'),
  };
}

/** Scrapes the row's targets every interval until stopped, as Prometheus would (a new connection each). */
function startScraping(targets: number[]): {
  stop: () => void;
  counts: () => { scrapes: number; failures: number };
} {
  let scrapes = 0;
  let failures = 0;
  const tick = (): void => {
    for (const port of targets) {
      get(port, '/metrics').then(
        (answer) => (answer.status === 200 ? (scrapes += 1) : (failures += 1)),
        () => (failures += 1),
      );
    }
  };
  const timer = targets.length > 0 ? setInterval(tick, SCRAPE_INTERVAL_MS) : null;
  return {
    stop: () => {
      if (timer) clearInterval(timer);
    },
    counts: () => ({ scrapes, failures }),
  };
}

function scrapeTargets(row: RowSpec, app: RunningApp): number[] {
  const ports = appPorts(app.spec.key);
  switch (row.scrape) {
    case 'none':
      return [];
    case 'app':
      return [appPortOf(app.spec)];
    case 'worker-ports':
      return app.metricsPorts;
    case 'aggregate':
      return [ports.DIRECT_AGGREGATE_PORT as number];
  }
}

async function runLoad(
  app: RunningApp,
  options: { connections: number; windowMs: number; cpus: string | null },
): Promise<LoadResult> {
  const command = [
    process.execPath,
    ...['--import', 'tsx', 'bench/load-client.ts', '--host', HOST, '--port', String(appPortOf(app.spec))],
    ...['--connections', String(options.connections), '--warmup-ms', String(WARMUP_MS)],
    ...['--window-ms', String(options.windowMs), '--cpu-pids', app.pids.join(',')],
  ];
  const [program, args] = pinned(options.cpus, command);
  const client = spawn(program, args, { env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  client.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines: string[] = [];
  createInterface({ input: client.stdout }).on('line', (line) => lines.push(line));
  const [code] = (await once(client, 'exit')) as [number | null];
  const last = lines.at(-1);
  if (code !== 0 || last === undefined) throw new Error(`the load client failed (exit ${code}): ${stderr}`);
  return JSON.parse(last) as LoadResult;
}

/** The instrumentations' calls alone, in a process of their own on the apps' CPU, sending to the sink. */
async function measureCalls(cpus: string | null): Promise<CallCost[]> {
  const command = [
    process.execPath,
    ...['--import', 'tsx', 'bench/instrumentation-overhead-calls.ts', '--host', HOST],
    ...['--udp-port', String(SINK.udp)],
  ];
  const [program, args] = pinned(cpus, command);
  const child = spawn(program, args, { env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  const last = stdout.trim().split('\n').at(-1);
  if (code !== 0 || last === undefined)
    throw new Error(`the calls benchmark failed (exit ${code}): ${stderr}`);
  return JSON.parse(last) as CallCost[];
}

async function measure(
  row: RowSpec,
  app: RunningApp,
  round: number,
  options: { connections: number; windowMs: number; cpus: string | null },
): Promise<Run> {
  checkBudget(`round ${round + 1}, ${row.key}`);
  const statsd = app.spec.variant === 'statsd';
  const before = statsd ? await sinkCounts() : null;
  const scraping = startScraping(scrapeTargets(row, app));
  const result = await runLoad(app, options).finally(() => scraping.stop());
  const { scrapes, failures } = scraping.counts();
  let after: Awaited<ReturnType<typeof sinkCounts>> | null = null;
  if (statsd) {
    // hot-shots flushes a part-filled buffer within a second; the sink's counts settle after that.
    await sleep(1_200);
    after = await sinkCounts();
  }
  const answers = result.totalAnswers;
  const errors = answers - (result.statuses['200'] ?? 0) - (result.statuses['500'] ?? 0);
  return {
    round,
    rate: result.windowAnswers / result.windowSeconds,
    appCpuUsPerAnswer:
      result.appCpuSeconds === null ? null : (result.appCpuSeconds / result.windowAnswers) * 1e6,
    appCores: result.appCpuSeconds === null ? null : result.appCpuSeconds / result.windowSeconds,
    clientCores: result.clientCpuSeconds / result.windowSeconds,
    scrapes,
    scrapeFailures: failures,
    datagrams: before && after ? after.datagrams - before.datagrams : null,
    lines: before && after ? after.lines - before.lines : null,
    answers,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------- report

const int = (v: number): string => Math.round(v).toLocaleString('en');
const pct = (v: number): string => `${v >= 0 ? '' : '−'}${Math.abs(v).toFixed(1)} %`;
const fixed = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
const median = (values: number[]): number | null => spread(values)?.median ?? null;

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

interface Summary {
  row: RowSpec;
  runs: Run[];
  rate: Spread;
  /** Against the baseline's median rate. */
  overhead: number;
  paired: Spread | null;
  /** Where the paired overheads' true median lies, at 95 % or more; null with too few rounds. */
  interval: MedianInterval | null;
}

function summarize(results: Map<string, Run[]>, rounds: number): Summary[] {
  const byRound = (runs: Run[]): (number | undefined)[] =>
    Array.from({ length: rounds }, (_, r) => runs.find((run) => run.round === r)?.rate);
  const baseRuns = results.get('none') ?? [];
  const base = spread(baseRuns.map((r) => r.rate));
  if (base === null) throw new Error('no baseline runs');
  return ROWS.map((row) => {
    const runs = results.get(row.key) ?? [];
    const rate = spread(runs.map((r) => r.rate));
    if (rate === null) throw new Error(`no runs of ${row.key}`);
    const paired = row.key === 'none' ? [] : pairedOverheads(byRound(runs), byRound(baseRuns));
    return {
      row,
      runs,
      rate,
      overhead: overheadPercent(rate.median, base.median),
      paired: spread(paired),
      interval: medianInterval(paired),
    };
  });
}

/**
 * Over or within the target when the paired overheads' median is on one side of it with 95 % confidence
 * (medianInterval); otherwise the machine's noise is larger than the difference, and the run says so instead
 * of picking a side.
 */
function verdict(s: Summary | undefined, what: string): string {
  if (!s?.paired) return `${what}: not measured.`;
  const { interval } = s;
  const judged =
    interval === null
      ? `not judged against the ${TARGET_PERCENT} % target: too few rounds for a confidence interval`
      : interval.low > TARGET_PERCENT
        ? `OVER the ${TARGET_PERCENT} % target`
        : interval.high <= TARGET_PERCENT
          ? `WITHIN the ${TARGET_PERCENT} % target`
          : `NOT RESOLVED against the ${TARGET_PERCENT} % target: the interval holds it, the machine's noise is larger than the difference`;
  const range =
    interval === null
      ? ''
      : `, its true median between ${pct(interval.low)} and ${pct(interval.high)} with ${pct(interval.confidence * 100)} confidence`;
  return `${what} (${s.row.label}): ${pct(s.overhead)} fewer requests per second than none (median against median); paired by round ${pct(s.paired.median)} (median of ${s.runs.length} rounds${range}), ${judged}.`;
}

/**
 * The calls alone against the target: the share of the rate a request's calls would take even if nothing
 * around them cost anything, and what the target leaves them.
 */
function callsSection(calls: CallCost[], noneUs: number | null, statsdExtraUs: number | null): string[] {
  const cost = (key: string): CallCost | undefined => calls.find((c) => c.key === key);
  const rows = calls.map((c) => `| ${c.label} | ${fixed(c.us, 2)} | ${fixed(c.min, 2)}–${fixed(c.max, 2)} |`);
  const lines = ['| what is called | CPU µs (median) | min–max |', '| --- | ---: | ---: |', ...rows, ''];
  const statsd = cost('statsd');
  const direct = cost('direct');
  const increment = cost('increment');
  const timing = cost('timing');
  const mock = cost('both-mock');
  const perCall = cost('both-tags-per-call');
  const aggregated = cost('increment-aggregated');
  const sampled = cost('timing-sampled');
  if (noneUs === null || !statsd || !direct || !increment || !timing || !mock || !perCall) return lines;
  // A request that costs x more than none's answer runs at noneUs / (noneUs + x) of its rate.
  const floor = (us: number): number => (us / (noneUs + us)) * 100;
  const budget = (noneUs * TARGET_PERCENT) / (100 - TARGET_PERCENT);
  const over = statsd.us > budget;
  const text =
    `Against the target: none's answer cost ${fixed(noneUs, 1)} µs of app CPU (the table above), so ${TARGET_PERCENT} % ` +
    `fewer requests per second leaves ${fixed(budget, 2)} µs per request for the instrumentation. hot-shots' ` +
    `increment alone costs ${fixed(increment.us, 2)} µs and its timing ${fixed(timing.us, 2)} µs (tags fixed in the ` +
    `client, buffered), ${fixed(mock.us, 2)} µs of the two only to build the lines (mock: no buffer, no send). A ` +
    `request's two lines cost ${fixed(statsd.us, 2)} µs as the demo makes them, ${over ? 'more' : 'less'} than the ` +
    `budget: with nothing around them they would take ${pct(floor(statsd.us))} of the rate` +
    (over
      ? `, so the ${TARGET_PERCENT} % target cannot be met with a counter and a timing line per request from ` +
        'hot-shots as it is. '
      : '. ') +
    (statsdExtraUs === null
      ? ''
      : `In the app the statsd row used ${fixed(statsdExtraUs, 1)} µs more per answer than none, ` +
        `${fixed(statsdExtraUs / statsd.us, 1)} times what its calls cost alone; the rest is spent in the server ` +
        'around the calls, which these figures do not break down. ') +
    (aggregated && sampled
      ? `Not even hot-shots' own ways to send less reach it: an increment summed in the client (its aggregation ` +
        `option) costs ${fixed(aggregated.us, 2)} µs, and a timing sampled at 1 %, nearly every call dropped, still ` +
        `${fixed(sampled.us, 2)} µs (the name is sanitised and the line formatted before the sample is drawn), ` +
        `${fixed(aggregated.us + sampled.us, 2)} µs together, ${pct(floor(aggregated.us + sampled.us))} of the rate ` +
        `against the ${fixed(budget, 2)} µs budget; and a timing cannot be summed in the client at all (hot-shots ` +
        'aggregates counts, gauges and sets only). '
      : '') +
    `Tags given on every call instead of fixed in the client, as the demo did before, cost ${fixed(perCall.us, 2)} µs ` +
    `for the two lines. prom-client's request costs ${fixed(direct.us, 2)} µs alone, ${pct(floor(direct.us))} of ` +
    'the rate with nothing around it.';
  return [...lines, ...wrap(text), ''];
}

function render(options: {
  calls: CallCost[];
  summaries: Summary[];
  started: Date;
  seconds: number;
  loadBefore: number;
  loadAfter: number;
  /** Share of the machine's CPU time the hypervisor took during the run; null off Linux. */
  stealShare: number | null;
  workers: number;
  appCpus: string | null;
  clientCpus: string | null;
  rounds: number;
  windowMs: number;
  connections: number;
}): string {
  const { summaries, calls, workers, appCpus, clientCpus, rounds, windowMs, connections } = options;
  const cpus = os.cpus();
  const find = (key: string): Summary | undefined => summaries.find((s) => s.row.key === key);
  const none = find('none');
  const usOf = (s: Summary | undefined): number | null =>
    s ? median(s.runs.flatMap((r) => (r.appCpuUsPerAnswer === null ? [] : [r.appCpuUsPerAnswer]))) : null;
  const noneUs = usOf(none);
  const statsdUs = usOf(find('statsd'));
  const table = summaries.map((s) => {
    const us = usOf(s);
    const extraUs = us !== null && noneUs !== null ? us - noneUs : null;
    const appCores = median(s.runs.flatMap((r) => (r.appCores === null ? [] : [r.appCores])));
    const clientCores = median(s.runs.map((r) => r.clientCores));
    const answers = s.runs.reduce((sum, r) => sum + r.answers, 0);
    const lines = s.runs.every((r) => r.lines !== null)
      ? s.runs.reduce((sum, r) => sum + (r.lines ?? 0), 0) / answers
      : null;
    const datagrams = s.runs.every((r) => r.datagrams !== null)
      ? s.runs.reduce((sum, r) => sum + (r.datagrams ?? 0), 0) / answers
      : null;
    const overhead = s.row.key === 'none' ? '–' : pct(s.overhead);
    const paired = s.paired
      ? `${pct(s.paired.median)} (${s.interval ? `${pct(s.interval.low)} to ${pct(s.interval.high)}` : '–'})`
      : '–';
    return (
      `| ${s.row.label} | ${int(s.rate.median)} | ${int(s.rate.min)}–${int(s.rate.max)} | ${overhead} | ${paired} | ` +
      `${fixed(us, 1)} | ${s.row.key === 'none' ? '–' : fixed(extraUs, 1)} | ${fixed(appCores, 2)} | ${fixed(clientCores, 2)} | ` +
      `${fixed(lines, 2)} | ${fixed(datagrams, 3)} |`
    );
  });
  const allRuns = summaries.flatMap((s) => s.runs);
  const errors = allRuns.reduce((sum, r) => sum + r.errors, 0);
  const appCpuCount = appCpus === null ? os.availableParallelism() : workers;
  const unsaturated = summaries.filter(
    (s) =>
      (median(s.runs.flatMap((r) => (r.appCores === null ? [] : [r.appCores]))) ?? 0) <
      SATURATED_SHARE * appCpuCount,
  );
  const scraped = summaries.filter((s) => s.row.scrape !== 'none');
  const scrapeNote = scraped
    .map((s) => {
      const ok = s.runs.reduce((sum, r) => sum + r.scrapes, 0);
      const failed = s.runs.reduce((sum, r) => sum + r.scrapeFailures, 0);
      return `${s.row.key} ${ok} scrapes${failed > 0 ? ` (${failed} failed)` : ''}`;
    })
    .join(', ');
  const statsd = find('statsd');
  const unbuffered = find('statsd-unbuffered');
  const statsdLines = statsd?.runs.every((r) => r.lines !== null)
    ? statsd.runs.reduce((sum, r) => sum + (r.lines ?? 0), 0) / statsd.runs.reduce((s, r) => s + r.answers, 0)
    : null;
  const pinning =
    appCpus === null
      ? 'The apps and the load client were not pinned to CPUs (taskset missing or a single CPU): they competed for the same cores, so the rates below include the client’s own cost.'
      : `The apps' processes ran on CPU ${appCpus} and the load client and the UDP sink on CPU ${clientCpus} (taskset), so the client's and the sink's work never took a worker's core.`;
  const method =
    `Each app is \`demos/cluster/main.ts\` run from its bundle as npm start runs it, with ${workers} worker${workers === 1 ? '' : 's'} ` +
    '(WORKERS, the same for every variant), CLUSTER_SCHEDULING=os and DEMO_LATENCY_SCALE=0, so `GET /work` answers at ' +
    'once and a worker runs flat out; 2 % of answers are still the simulated 500s. Four apps run side by side on ports ' +
    'of their own: `--variant none` (demos/instrument-none.ts: the same handler, no metrics), `--variant direct` ' +
    '(prom-client: a counter and a histogram per request, an in-flight gauge read at each scrape, plus its default ' +
    'process metrics), and `--variant ' +
    'statsd` twice (hot-shots with STATSD_BUFFER_SIZE 1400, as the lab runs it, and 0: one datagram per metric), sending to ' +
    `a UDP sink that only counts datagrams and lines (bench/bare-udp-receiver.ts, its receive buffer ${SINK_RECV_BUFFER / 1024 / 1024} MiB ` +
    "as the bridge's), not to the bridge, so the bridge's own parsing never competes for a CPU; the app's side, building " +
    `each line and sending each datagram, is the same. ${pinning} A run is bench/load-client.ts in a process of its own: ` +
    `${connections} kept-alive connections, each sending the next \`GET /work\` as soon as the last answer is complete ` +
    `(closed loop), ${WARMUP_MS / 1000} s of warm-up, then the answers completed in a ${windowMs / 1000} s window, with ` +
    "the CPU time the app's processes (primary and workers) and the client used in it, read from /proc. The prom-client " +
    "app is measured once unscraped and once per route, scraped every second as the lab's Prometheus does (a new " +
    "connection each): the direct route on the app port, port-per-worker on every worker's own port, shared-mode on " +
    "the primary's merged port (whose IPC fan-out also runs on the apps' CPU). The hot-shots rows are not scraped: " +
    `Prometheus scrapes the bridge, not the app. ${rounds} rounds, each running every row once, the order rotated by one ` +
    'each round so that drift on the machine falls on every row alike. "Paired" is each round\'s overhead against the ' +
    "baseline run of the same round; its interval is where the paired overheads' true median lies with 95 % " +
    'confidence or more, between the k-th lowest and the k-th highest round (the sign test: no assumption on the ' +
    "noise's shape), and a row is judged over or within the target only when the whole interval is.";
  const costs =
    statsd && none
      ? `What hot-shots costs per request: the statsd route's instrumentation sends ${fixed(statsdLines, 2)} StatsD lines per ` +
        'answer (measured at the sink): an increment and a timing when the request ends, each built as a string by ' +
        'hot-shots on every call, its tags fixed in the client (one client per tag set, each with its own buffer). ' +
        'The in-flight gauges, a delta ' +
        "and the last-writer value, go out on each worker's 100 ms tick, not per request, so at these rates they are a few " +
        'lines a second. Buffered, the lines are appended to a 1400-byte buffer and sent as one datagram when it fills; ' +
        'unbuffered, every line is its own write to the UDP stream (demos/udp-datagram-stream.ts: one dgram send() each, a ' +
        "system call per datagram). prom-client does its work in memory, through each series' children made once: a " +
        'label hash and an increment for the counter, a bucket search for the histogram; the in-flight gauge is a plain ' +
        'number its collect() reads at a scrape, and the `/metrics` render runs once a second, not per request.'
      : '';
  return [
    '# Instrumentation overhead: the demo handler at top speed, with and without metrics',
    '',
    ...wrap(
      `Measured ${options.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus.length} CPUs ` +
        `(${cpus[0]?.model.trim() ?? 'unknown'}), ${process.platform}, Node ${process.version}, prom-client ` +
        `${packageVersion('prom-client')}, hot-shots ${packageVersion('hot-shots')}; one-minute load average ` +
        `${options.loadBefore.toFixed(2)} just before the run and ${options.loadAfter.toFixed(2)} at its end` +
        (options.stealShare === null
          ? ''
          : `, CPU steal (time the hypervisor gave to others) ${(options.stealShare * 100).toFixed(1)} % of the run`) +
        `; the run took ${options.seconds.toFixed(0)} s.`,
    ),
    '',
    ...wrap(method),
    '',
    ...wrap(verdict(find('direct'), 'prom-client')),
    '',
    ...wrap(verdict(statsd, 'hot-shots')),
    '',
    '| variant | req/s median | req/s min–max | overhead vs none | paired overhead median (95 % interval) | app CPU µs per answer | µs more than none | app CPU (cores) | client CPU (cores) | StatsD lines per answer | datagrams per answer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...table,
    '',
    ...wrap(
      "Overhead vs none is 1 − (the row's median req/s ÷ none's median req/s); a negative figure is a row that " +
        "ran faster than the baseline, which is noise. App CPU is the CPU time of the app's primary and workers in " +
        'the window divided by the answers in it; near the CPUs the apps have, the app is the bottleneck.',
    ),
    '',
    ...(costs ? [...wrap(costs), ''] : []),
    ...(unbuffered ? [...wrap(verdict(unbuffered, 'hot-shots without buffering')), ''] : []),
    ...wrap(
      'The calls alone, outside any server (bench/instrumentation-overhead-calls.ts): the CPU time of exactly what ' +
        "the handler calls per request (onStart, then its done), in a process of its own on the apps' CPU, sending " +
        "StatsD to the same sink, and hot-shots' calls one by one; the median of 7 batches of 100,000, after 3 of " +
        'warm-up.',
    ),
    '',
    ...callsSection(calls, noneUs, statsdUs !== null && noneUs !== null ? statsdUs - noneUs : null),
    ...wrap(
      `Checks: ${errors === 0 ? 'every answer was a 200 or a simulated 500' : `${errors} answers were neither a 200 nor a 500`}; ` +
        `scrapes during the prom-client runs: ${scrapeNote}; ` +
        (unsaturated.length === 0
          ? `the apps used at least ${SATURATED_SHARE * 100} % of their ${appCpuCount} CPU${appCpuCount === 1 ? '' : 's'} in every row, so each app's own work, not the client, set its rate.`
          : `the apps used less than ${SATURATED_SHARE * 100} % of their ${appCpuCount} CPU${appCpuCount === 1 ? '' : 's'} in ${unsaturated.map((s) => s.row.key).join(', ')}: there the client or the sink may have limited the rate, and that row's overhead is uncertain.`),
    ),
    '',
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------ main

function positiveInt(text: string | undefined, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${flag} must be a positive integer`);
  return value;
}

/** The first half of the CPUs for the apps (one worker each), the rest for the client, when taskset can pin. */
function cpuSplit(): { appCpus: string | null; clientCpus: string | null; workers: number } {
  const count = os.availableParallelism();
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!taskset || count < 2) return { appCpus: null, clientCpus: null, workers: 1 };
  const half = Math.floor(count / 2);
  const range = (from: number, to: number): string => (from === to ? String(from) : `${from}-${to}`);
  return { appCpus: range(0, half - 1), clientCpus: range(half, count - 1), workers: half };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '9' },
      'window-ms': { type: 'string', default: '3000' },
      connections: { type: 'string', default: '64' },
    },
    strict: true,
  });
  const rounds = positiveInt(values.rounds, 'rounds');
  const windowMs = positiveInt(values['window-ms'], 'window-ms');
  const connections = positiveInt(values.connections, 'connections');
  const { appCpus, clientCpus, workers } = cpuSplit();
  const started = new Date();
  // Another process busy on the same cores moves every figure; the report says how busy the machine was.
  const loadBefore = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const ticks0 = readMachineTicks();
  await bundleNodeEntries();

  const children: Child[] = [];
  const stopAll = (): Promise<unknown> => Promise.all(children.map((c) => c.stop()));
  const onSignal = (): void => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results = new Map<string, Run[]>(ROWS.map((r) => [r.key, []]));
  let calls: CallCost[] = [];
  try {
    const sink = await startSink(clientCpus);
    children.push(sink);
    const apps = new Map<AppKey, RunningApp>();
    for (const spec of APPS) {
      const app = await startApp(spec, workers, appCpus);
      children.push(app.child);
      apps.set(spec.key, app);
    }
    for (let round = 0; round < rounds; round += 1) {
      for (const row of roundOrder(ROWS, round)) {
        const app = apps.get(row.app);
        if (!app) throw new Error(`no ${row.app} app`);
        const run = await measure(row, app, round, { connections, windowMs, cpus: clientCpus });
        results.get(row.key)?.push(run);
        console.error(
          `bench: round ${round + 1}/${rounds} ${row.key}: ${int(run.rate)} req/s, app ${fixed(run.appCores, 2)} cores, client ${fixed(run.clientCores, 2)} cores`,
        );
      }
    }
    checkBudget('the calls alone');
    calls = await measureCalls(appCpus);
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const seconds = (performance.now() - t0) / 1000;
  const ticks1 = readMachineTicks();
  const stealShare =
    ticks0 && ticks1 && ticks1.total > ticks0.total
      ? (ticks1.steal - ticks0.steal) / (ticks1.total - ticks0.total)
      : null;
  const report = render({
    calls,
    stealShare,
    summaries: summarize(results, rounds),
    started,
    seconds,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? 0,
    workers,
    appCpus,
    clientCpus,
    rounds,
    windowMs,
    connections,
  });
  fs.writeFileSync(REPORT, report);
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
