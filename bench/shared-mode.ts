import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseExposition } from '../server/lab/exposition-parser';
import { quantile } from '../server/lab/quantile';
import { wrap } from './wrap';

/**
 * What prom-client's cluster aggregation costs a scrape: `GET /metrics` on the shared-mode route (the
 * primary's AggregatorRegistry, DIRECT_AGGREGATE_PORT) against the same scrape of one worker's own registry
 * (its port-per-worker port), in the same process tree, at several worker counts. `npm run bench` runs it
 * after the UDP bench; it writes bench/shared-mode-report.md.
 */

const HOST = '127.0.0.1';
const REPORT = 'bench/shared-mode-report.md';
// Every port the demo binds or reads, inside the range the bench may use; base + 32 slots stays clear of
// the others.
const PORTS = {
  DIRECT_PORT: 30081,
  DIRECT_ADMIN_PORT: 30091,
  DIRECT_AGGREGATE_PORT: 30083,
  DIRECT_WORKER_PORT_BASE: 30100,
  BRIDGE_UDP_PORT: 30225,
  BRIDGE_WEB_PORT: 30202,
};
const WORKER_COUNTS = [1, 4, 8, 16];
const LOAD_REQUESTS = 2_000;
const LOAD_CONCURRENCY = 32;
const WARMUP_SCRAPES = 20;
const SCRAPES = 200;
/** Longer than prom-client's own 5 s, so a slow merge shows up as its 503 rather than as our timeout. */
const REQUEST_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
/** The whole run gives up past this, so `npm run bench` stays bounded even on a stalled machine. */
const RUN_BUDGET_MS = 4 * 60_000;

type Mode = 'fresh' | 'keepalive';
const MODES: Mode[] = ['fresh', 'keepalive'];

interface Answer {
  status: number;
  body: string;
  bytes: number;
  ms: number;
  reusedSocket: boolean;
}

interface WorkerView {
  id: number;
  pid: number;
  slot: number;
  metricsPort: number | null;
}

interface Scraped {
  ms: number[];
  bytes: number;
  /** Sum of demo_http_requests_total in the last body: whose requests this registry holds. */
  requests: number;
  reused: number;
}

interface Row {
  workers: number;
  mode: Mode;
  aggregated: Scraped;
  worker: Scraped;
  workerSlot: number;
}

const deadline = Date.now() + RUN_BUDGET_MS;
function checkBudget(what: string): void {
  if (Date.now() > deadline) throw new Error(`run budget of ${RUN_BUDGET_MS / 1000} s exceeded at ${what}`);
}

function get({
  port,
  path,
  agent,
}: {
  port: number;
  path: string;
  agent: http.Agent | false;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(
      {
        host: HOST,
        port,
        path,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        // Without an agent Node still sends keep-alive; asking for close makes the server end the connection.
        headers: agent === false ? { connection: 'close' } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const raw = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            body: raw.toString('utf8'),
            bytes: raw.length,
            ms,
            reusedSocket: req.reusedSocket,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`GET :${port}${path} timed out after ${REQUEST_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
  });
}

function requestsIn(body: string): number {
  return parseExposition(body)
    .samples.filter((s) => s.name === 'demo_http_requests_total')
    .reduce((sum, s) => sum + s.value, 0);
}

/** The direct demo as `npm start` runs it, on the bench's ports; stdout kept to explain a failed start. */
class Demo {
  readonly output: string[] = [];
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;
  #workerPids: number[] = [];

  constructor({ workers }: { workers: number }) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Not a child of a supervisor, and not tied to a stack's token file or a worker slot of its own.
    for (const name of ['SCRAPE_LAB_SUPERVISOR_PID', 'LAB_TOKEN_FILE', 'WORKER_SLOT']) delete env[name];
    Object.assign(env, {
      ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])),
      BIND_HOST: HOST,
      DIRECT_HOST: HOST,
      WORKERS: String(workers),
      // The kernel hands each worker its connections, so a scrape of a worker's own port never passes
      // through the primary: only the shared-mode route pays for the primary.
      CLUSTER_SCHEDULING: 'os',
      // Workers close every /metrics connection unless told otherwise, which would defeat the kept-alive runs.
      METRICS_KEEP_ALIVE: 'true',
    });
    this.#child = spawn(
      process.execPath,
      ['--import', 'tsx', 'demos/cluster/main.ts', '--variant', 'direct'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 40));
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#exited = once(this.#child, 'exit');
  }

  get exitCode(): number | null {
    return this.#child.exitCode;
  }

  /** Resolves with the workers once `count` of them serve, each with its own metrics port. */
  async ready({ count }: { count: number }): Promise<WorkerView[]> {
    const until = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < until) {
      checkBudget('demo start');
      if (this.exitCode !== null) break;
      const answer = await get({ port: PORTS.DIRECT_ADMIN_PORT, path: '/workers', agent: false }).catch(
        () => null,
      );
      if (answer?.status === 200) {
        const { workers } = JSON.parse(answer.body) as { workers: WorkerView[] };
        this.#workerPids = workers.map((w) => w.pid);
        if (workers.length === count && workers.every((w) => w.metricsPort !== null)) return workers;
      }
      await sleep(200);
    }
    throw new Error(
      `the demo did not get ${count} workers serving; its last output:\n${this.output.join('\n')}`,
    );
  }

  /** SIGTERM and wait; a primary that hangs is killed, with the workers it was last seen with. */
  async stop(): Promise<void> {
    if (this.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const stopped = await Promise.race([
      this.#exited.then(() => true),
      sleep(STOP_TIMEOUT_MS).then(() => false),
    ]);
    if (stopped) return;
    this.#child.kill('SIGKILL');
    for (const pid of this.#workerPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone with its primary.
      }
    }
    await this.#exited;
  }
}

/** Fills the registries: fresh connections, so the kernel spreads them over the workers. */
async function driveLoad(): Promise<void> {
  let next = 0;
  const failures: string[] = [];
  const lane = async (): Promise<void> => {
    while (next < LOAD_REQUESTS) {
      checkBudget('the load');
      next += 1;
      // 500 is the demo's simulated failure rate: still a counted request.
      const answer = await get({ port: PORTS.DIRECT_PORT, path: '/work', agent: false }).catch(
        (e: unknown) => {
          failures.push(String(e));
          return null;
        },
      );
      if (answer && answer.status !== 200 && answer.status !== 500) failures.push(`status ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, lane));
  if (failures.length > 0) throw new Error(`${failures.length} load requests failed, first: ${failures[0]}`);
}

/** Sequential scrapes, the aggregated and the one-worker scrape taking turns so drift hits both alike. */
async function scrapeBoth({
  aggregatePort,
  workerPort,
  mode,
}: {
  aggregatePort: number;
  workerPort: number;
  mode: Mode;
}): Promise<{ aggregated: Scraped; worker: Scraped }> {
  const agents =
    mode === 'keepalive'
      ? [
          new http.Agent({ keepAlive: true, maxSockets: 1 }),
          new http.Agent({ keepAlive: true, maxSockets: 1 }),
        ]
      : [false as const, false as const];
  const targets = [aggregatePort, workerPort].map((port, i) => ({
    port,
    agent: agents[i] ?? false,
    ms: [] as number[],
    reused: 0,
    last: null as Answer | null,
  }));
  try {
    for (let round = 0; round < WARMUP_SCRAPES + SCRAPES; round += 1) {
      checkBudget('scraping');
      for (const target of targets) {
        const answer = await get({ port: target.port, path: '/metrics', agent: target.agent });
        if (answer.status !== 200) {
          throw new Error(
            `GET :${target.port}/metrics answered ${answer.status}: ${answer.body.slice(0, 200)}`,
          );
        }
        if (round < WARMUP_SCRAPES) continue;
        target.ms.push(answer.ms);
        if (answer.reusedSocket) target.reused += 1;
        target.last = answer;
      }
    }
  } finally {
    for (const agent of agents) if (agent) agent.destroy();
  }
  const [aggregated, worker] = targets.map((t): Scraped => {
    const body = t.last?.body ?? '';
    return {
      ms: t.ms,
      bytes: t.last?.bytes ?? 0,
      requests: requestsIn(body),
      reused: t.reused,
    };
  });
  if (!aggregated || !worker) throw new Error('no scrapes recorded');
  return { aggregated, worker };
}

async function measure({ workers }: { workers: number }): Promise<Row[]> {
  const demo = new Demo({ workers });
  const stopOnSignal = (): void => void demo.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const list = await demo.ready({ count: workers });
    await driveLoad();
    const chosen = [...list].sort((a, b) => a.slot - b.slot)[0];
    if (chosen?.metricsPort == null) throw new Error('no worker with a metrics port');
    const rows: Row[] = [];
    for (const mode of MODES) {
      const { aggregated, worker } = await scrapeBoth({
        aggregatePort: PORTS.DIRECT_AGGREGATE_PORT,
        workerPort: chosen.metricsPort,
        mode,
      });
      // The merged registry must hold every worker's requests, or the figures would compare the wrong thing.
      if (aggregated.requests !== LOAD_REQUESTS) {
        throw new Error(
          `the merged /metrics counts ${aggregated.requests} requests, expected ${LOAD_REQUESTS}`,
        );
      }
      rows.push({ workers, mode, aggregated, worker, workerSlot: chosen.slot });
      console.error(
        `bench: ${workers} workers, ${mode}: aggregated p50 ${ms(quantile(aggregated.ms, 0.5))} ms, one worker p50 ${ms(quantile(worker.ms, 0.5))} ms`,
      );
    }
    return rows;
  } finally {
    await demo.stop();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
}

const ms = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
const ratio = (a: number | null, b: number | null): string =>
  a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(1)}×`;

function render({
  rows,
  started,
  seconds,
  load,
}: {
  rows: Row[];
  started: Date;
  seconds: number;
  /** The one-minute load average before the demo starts: how busy the cores were with anything else. */
  load: number;
}): string {
  const cpus = os.cpus();
  const lines = rows.map((r) => {
    const a50 = quantile(r.aggregated.ms, 0.5);
    const a95 = quantile(r.aggregated.ms, 0.95);
    const w50 = quantile(r.worker.ms, 0.5);
    const w95 = quantile(r.worker.ms, 0.95);
    const connection = r.mode === 'fresh' ? 'fresh' : 'kept alive';
    return `| ${r.workers} | ${connection} | ${ms(a50)} | ${ms(a95)} | ${ms(w50)} | ${ms(w95)} | ${ratio(a50, w50)} | ${ratio(a95, w95)} | ${r.aggregated.bytes.toLocaleString('en')} | ${r.worker.bytes.toLocaleString('en')} | ${r.worker.requests} |`;
  });
  const reuseNote = rows
    .filter((r) => r.mode === 'keepalive' && (r.aggregated.reused < SCRAPES || r.worker.reused < SCRAPES))
    .map((r) => `${r.workers} workers: ${r.aggregated.reused}/${SCRAPES} and ${r.worker.reused}/${SCRAPES}`);
  const most = Math.max(...WORKER_COUNTS);
  const many = rows.find((r) => r.workers === most && r.mode === 'keepalive');
  const reading = many
    ? `At ${most} workers a merged scrape over a kept-alive connection takes ${ms(quantile(many.aggregated.ms, 0.5))} ms at p50 and ` +
      `${ms(quantile(many.aggregated.ms, 0.95))} ms at p95, against ${ms(quantile(many.worker.ms, 0.5))} ms ` +
      `for one worker's own registry (${ratio(quantile(many.aggregated.ms, 0.5), quantile(many.worker.ms, 0.5))} at p50), ` +
      'because the primary asks every worker over IPC, waits for the slowest to answer and then merges their JSON ' +
      'in its own event loop. For a speaker: a shared-mode scrape is only as fast as the busiest worker, and a ' +
      "worker that does not answer within 5 s makes prom-client fail the whole scrape (a 503 here, no worker's " +
      "counts at all), long after the lab's scraper and Prometheus, whose timeout is the scrape interval (1 s by " +
      'default), have given up on it.'
    : `The run did not reach ${most} workers, so there is no reading.`;
  const method =
    `Each pair of rows is one \`demos/cluster/main.ts --variant direct\` primary with that many workers ` +
    `(CLUSTER_SCHEDULING=os, so a worker accepts on its own port without the primary). First ` +
    `${LOAD_REQUESTS.toLocaleString('en')} \`GET /work\` (${LOAD_CONCURRENCY} at a time, a new connection each) fill the ` +
    `registries; then ${SCRAPES} sequential \`GET /metrics\`, after ${WARMUP_SCRAPES} warm-up ones, take turns between ` +
    "the primary's merged registry (shared-mode, DIRECT_AGGREGATE_PORT) and the slot-1 worker's own registry " +
    '(port-per-worker, DIRECT_WORKER_PORT_BASE + 1), first each on a fresh connection, then each over one ' +
    'kept-alive connection. Latency runs from sending the request to the last body byte, timed by the bench on ' +
    'the same machine; bytes are the last body of each. Every merged body counted all the load requests; the last ' +
    'column is how many of them the scraped worker had answered.';
  return [
    "# Shared mode: what prom-client's cluster aggregation costs a scrape",
    '',
    ...wrap(
      `Measured ${started.toISOString().slice(0, 10)} on ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}, ` +
        `one-minute load average ${load.toFixed(2)} just before the run), ${process.platform}, Node ${process.version}, ` +
        `prom-client ${promClientVersion()}; the run took ${seconds.toFixed(0)} s.`,
    ),
    '',
    ...wrap(method),
    '',
    '| workers | connection | aggregated p50 (ms) | aggregated p95 (ms) | one worker p50 (ms) | one worker p95 (ms) | ratio p50 | ratio p95 | aggregated bytes | one worker bytes | requests in that worker |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines,
    '',
    ...(reuseNote.length > 0
      ? [
          ...wrap(
            `Not every kept-alive scrape reused its connection (aggregated, one worker): ${reuseNote.join('; ')}.`,
          ),
          '',
        ]
      : []),
    ...wrap(reading),
    '',
  ].join('\n');
}

function promClientVersion(): string {
  const pkg = JSON.parse(fs.readFileSync('node_modules/prom-client/package.json', 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

async function main(): Promise<void> {
  const started = new Date();
  // Another process busy on the same cores moves every figure; the report says how busy the machine was.
  const load = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const rows: Row[] = [];
  for (const workers of WORKER_COUNTS) rows.push(...(await measure({ workers })));
  const seconds = (performance.now() - t0) / 1000;
  const report = render({ rows, started, seconds, load });
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
