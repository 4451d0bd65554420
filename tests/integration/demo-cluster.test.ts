import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../../server/lab/exposition-parser';
import { bundleNodeEntries } from '../../server/supervisor/bundle';
import { bundleFile, nodeArgs } from '../../server/supervisor/node-entries';
import { commandLine } from '../../server/supervisor/processes';
import { freePort } from './free-port';
import type { Variant } from '../../demos/cluster/variant';

/** The demo cluster as real processes, run from its bundle as npm start runs it, its ports moved to free ones. */

const demoArgs = (...args: string[]) => nodeArgs('demos/cluster/main.ts', args, false);
beforeAll(() => bundleNodeEntries(), 60_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = '127.0.0.1';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface WorkersView {
  target: number;
  workers: { id: number; pid: number; uptimeSeconds: number; slot: number }[];
}

function get(port: number, path: string, agent: http.Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: HOST, port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const workerIdOf = (answer: Answer): number => Number(answer.headers['x-worker-id']);

/** Sum of `demo_http_requests_total` over its series: 0 when the worker has counted nothing yet. */
function requestsCounted(metricsText: string): number {
  const exposition = parseExposition(metricsText);
  if (exposition.types.get('demo_http_requests_total') !== 'counter') {
    throw new Error('demo_http_requests_total is missing from /metrics');
  }
  return exposition.samples
    .filter((s) => s.name === 'demo_http_requests_total')
    .reduce((sum, s) => sum + s.value, 0);
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}; demo output:\n${log()}`);
}

class Demo {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(
    variant: Variant,
    readonly appPort: number,
    readonly adminPort: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, demoArgs('--variant', variant), {
      cwd: ROOT,
      env: {
        ...process.env,
        BIND_HOST: HOST,
        // These tests check how the cluster spreads and replaces workers, so they use Node's round-robin;
        // the kernel's own choice (the default) is exercised end to end in lab-stack.test.ts.
        CLUSTER_SCHEDULING: 'rr',
        DIRECT_PORT: String(appPort),
        DIRECT_ADMIN_PORT: String(adminPort),
        // The app's other ports, away from a stack running on the defaults.
        DIRECT_AGGREGATE_PORT: String(appPort + 2),
        DIRECT_WORKER_PORT_BASE: String(appPort + 100),
        ...env,
      },
    });
    this.child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  log = (): string => this.output.join('');

  async admin(method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
    // State changes go as JSON, as the lab sends them: the request guard refuses anything else.
    const headers = method === 'GET' ? undefined : { 'content-type': 'application/json' };
    const res = await fetch(`http://${HOST}:${this.adminPort}${path}`, { method, body, headers });
    return { status: res.status, json: await res.json() };
  }

  async workers(): Promise<WorkersView> {
    return (await this.admin('GET', '/workers')).json as WorkersView;
  }

  /** Resolves once `count` workers listen. */
  async ready(count: number): Promise<WorkersView> {
    return eventually(
      `${count} workers`,
      async () => {
        const view = await this.workers();
        return view.workers.length === count ? view : undefined;
      },
      this.log,
    );
  }

  /** Scrapes `/metrics` on new connections until worker `id` answers; returns its counter. */
  async countedBy(id: number): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const answer = await get(this.appPort, '/metrics', false);
      if (workerIdOf(answer) === id) return requestsCounted(answer.body);
    }
    throw new Error(`worker ${id} never answered /metrics`);
  }

  stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** Sends `count` GET /work, each on its own connection, all at once; returns the answers. */
function sendWork(port: number, count: number): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, () => get(port, '/work', false)));
}

function tally(values: readonly (number | string)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

describe('demo cluster, direct variant', () => {
  let demo: Demo;
  let sent = 0;

  beforeAll(async () => {
    demo = new Demo('direct', await freePort(), await freePort(), { WORKERS: '4' });
    await demo.ready(4);
  });
  afterAll(async () => {
    await demo.stop();
  });

  it('forks every worker from the bundle the primary runs, with no TypeScript loader', async () => {
    const { workers } = await demo.workers();
    expect(workers).toHaveLength(4);
    for (const { pid } of workers) {
      const argv = commandLine(pid) ?? [];
      // cluster.fork runs the primary's execArgv and its argv[1], resolved.
      expect(argv.slice(1, 2), `worker ${pid}`).toEqual([resolve(ROOT, bundleFile('demos/cluster/main.ts'))]);
      expect(argv.join(' '), `worker ${pid}`).not.toContain('tsx');
    }
  });

  it('spreads 40 requests on new connections over several workers', async ({ annotate }) => {
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i += 1) answers.push(await get(demo.appPort, '/work', false));
    sent += answers.length;
    const byWorker = tally(answers.map(workerIdOf));
    await annotate(`GET /work by worker: ${JSON.stringify(byWorker)}`);
    await annotate(`statuses: ${JSON.stringify(tally(answers.map((a) => a.status)))}`);
    expect(Object.keys(byWorker).length).toBeGreaterThanOrEqual(2);
    expect(answers.every((a) => a.status === 200 || a.status === 500)).toBe(true);
  });

  it('closes /metrics connections, so scrapes hop between workers that each saw a fraction', async ({
    annotate,
  }) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const counted = new Map<number, number>();
    const answeredBy: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const answer = await get(demo.appPort, '/metrics', agent);
      expect(answer.headers.connection).toBe('close');
      answeredBy.push(workerIdOf(answer));
      counted.set(workerIdOf(answer), requestsCounted(answer.body));
    }
    agent.destroy();
    await annotate(`20 scrapes answered by worker: ${JSON.stringify(tally(answeredBy))}`);
    await annotate(`counter seen per worker: ${JSON.stringify(Object.fromEntries(counted))} of ${sent} sent`);
    expect(counted.size).toBeGreaterThanOrEqual(2);
    for (const value of counted.values()) expect(value).toBeLessThan(sent);
  });

  it('adds up, over all workers, to the requests answered', async () => {
    const ids = (await demo.workers()).workers.map((w) => w.id);
    let total = 0;
    for (const id of ids) total += await demo.countedBy(id);
    expect(total).toBe(sent);
  });

  it('exposes the histogram with its buckets, the in-flight gauge and help text', async () => {
    const exposition = parseExposition((await get(demo.appPort, '/metrics', false)).body);
    const histogram = 'demo_http_request_duration_seconds';
    expect(exposition.types.get(histogram)).toBe('histogram');
    const buckets = exposition.samples.filter(
      (s) =>
        s.name === `${histogram}_bucket` &&
        s.labels.method === 'GET' &&
        s.labels.route === '/work' &&
        s.labels.status === '200',
    );
    expect(buckets.map((s) => s.labels.le)).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
    const inFlight = exposition.samples.filter((s) => s.name === 'demo_http_requests_in_flight');
    expect(inFlight.map((s) => s.value)).toEqual([0]);
    expect(exposition.types.get('process_start_time_seconds')).toBe('gauge');
    for (const name of ['demo_http_requests_total', histogram, 'demo_http_requests_in_flight']) {
      expect(exposition.help.get(name)).toMatch(/\w/);
    }
  });

  it('with metricsKeepAlive on, 20 scrapes over one kept-alive connection all reach one worker', async ({
    annotate,
  }) => {
    const put = await demo.admin('PUT', '/settings', '{"metricsKeepAlive":true}');
    expect(put).toEqual({ status: 200, json: { metricsKeepAlive: true, statsdBufferSize: 1400 } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const answeredBy: number[] = [];
    for (let i = 0; i < 20; i += 1) answeredBy.push(workerIdOf(await get(demo.appPort, '/metrics', agent)));
    agent.destroy();
    await annotate(`keep-alive scrapes by worker: ${JSON.stringify(tally(answeredBy))}`);
    expect(new Set(answeredBy).size).toBe(1);
    expect((await demo.admin('PUT', '/settings', '{"metricsKeepAlive":false}')).status).toBe(200);
    expect((await demo.admin('GET', '/settings')).json).toEqual({
      metricsKeepAlive: false,
      statsdBufferSize: 1400,
    });
  });

  it('replaces a crashed worker with a new one whose counter starts at 0', async ({ annotate }) => {
    const before = (await demo.workers()).workers.map((w) => w.id);
    const victim = before[1];
    const crash = await demo.admin('POST', '/workers/crash', JSON.stringify({ id: victim }));
    expect(crash).toEqual({ status: 200, json: { crashed: victim } });

    const after = (await demo.workers()).workers.map((w) => w.id);
    const fresh = after.filter((id) => !before.includes(id));
    expect(after).toHaveLength(4);
    expect(after).not.toContain(victim);
    expect(fresh).toHaveLength(1);
    const freshId = fresh[0] ?? 0;
    const survivor = after.find((id) => id !== freshId) ?? 0;
    const survivorCount = await demo.countedBy(survivor);
    await annotate(
      `crashed ${victim}, replacement ${freshId}; survivor ${survivor} still counts ${survivorCount}`,
    );
    expect(await demo.countedBy(freshId)).toBe(0);
    expect(survivorCount).toBeGreaterThan(0);

    const oldest = await demo.admin('POST', '/workers/crash');
    expect(oldest).toEqual({ status: 200, json: { crashed: after[0] } });
  });

  it('replaces a worker killed from outside', async () => {
    const before = (await demo.workers()).workers;
    const victim = before[0];
    if (victim === undefined) throw new Error('no worker to kill');
    process.kill(victim.pid, 'SIGKILL');
    const after = await eventually(
      'a replacement for the killed worker',
      async () => {
        const view = await demo.workers();
        const ids = view.workers.map((w) => w.id);
        return ids.length === 4 && !ids.includes(victim.id) ? ids : undefined;
      },
      demo.log,
    );
    expect(after.filter((id) => !before.some((w) => w.id === id))).toHaveLength(1);
    expect(demo.log()).toMatch(new RegExp(`worker ${victim.id} died \\(SIGKILL\\)`));
  });

  it('restarts every worker with fresh counters', async () => {
    const before = (await demo.workers()).workers.map((w) => w.id);
    const restart = await demo.admin('POST', '/workers/restart');
    expect(restart.status).toBe(200);
    const after = (restart.json as WorkersView).workers.map((w) => w.id);
    expect(after).toHaveLength(4);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    for (const id of after) expect(await demo.countedBy(id)).toBe(0);
  });

  it("gives a crashed worker's replacement its slot after a restart, so every other worker keeps its place", async () => {
    // A restart forks the new workers before the old ones free their slots: the pool now holds 5…8, not 1…4.
    const slots = (view: WorkersView) => new Map(view.workers.map((w) => [w.id, w.slot]));
    const before = slots(await demo.workers());
    expect(Math.min(...before.values())).toBeGreaterThan(1);
    const victim = [...before.keys()][1] ?? 0;
    const crash = await demo.admin('POST', '/workers/crash', JSON.stringify({ id: victim }));
    expect(crash.status).toBe(200);
    const after = slots(await demo.workers());
    const fresh = [...after.keys()].filter((id) => !before.has(id));
    expect(fresh).toHaveLength(1);
    expect(after.get(fresh[0] ?? 0)).toBe(before.get(victim));
    for (const [id, slot] of after) if (id !== fresh[0]) expect(slot).toBe(before.get(id));
  });

  it('scales from 4 to 2 to 3 workers, and only the listed workers answer', async ({ annotate }) => {
    for (const count of [2, 3]) {
      const scaled = await demo.admin('PUT', '/workers', JSON.stringify({ count }));
      expect(scaled.status).toBe(200);
      const listed = (scaled.json as WorkersView).workers.map((w) => w.id);
      expect((scaled.json as WorkersView).target).toBe(count);
      expect(listed).toHaveLength(count);
      const answeredBy = (await sendWork(demo.appPort, 30)).map(workerIdOf);
      sent += answeredBy.length;
      await annotate(
        `${count} workers ${JSON.stringify(listed)} answered: ${JSON.stringify(tally(answeredBy))}`,
      );
      expect(answeredBy.every((id) => listed.includes(id))).toBe(true);
      expect(new Set(answeredBy).size).toBeGreaterThanOrEqual(2);
    }
    expect((await demo.admin('GET', '/-/healthy')).status).toBe(200);
  });

  it.each([
    {
      method: 'PUT',
      path: '/workers',
      body: '{"count":0}',
      status: 400,
      error: 'count: must be between 1 and 16',
    },
    {
      method: 'PUT',
      path: '/workers',
      body: '{"count":"two"}',
      status: 400,
      error: 'count: must be a number',
    },
    { method: 'PUT', path: '/workers', body: '{}', status: 400, error: 'count: required' },
    { method: 'PUT', path: '/workers', body: 'count=2', status: 400, error: 'body: not valid JSON' },
    {
      method: 'POST',
      path: '/workers/crash',
      body: '{"id":999}',
      status: 404,
      error: 'id: no listening worker 999',
    },
    { method: 'POST', path: '/workers/crash', body: '{"pid":1}', status: 400, error: 'pid: unknown field' },
    {
      method: 'PUT',
      path: '/settings',
      body: '{"statsdBufferSize":70000}',
      status: 400,
      error: 'statsdBufferSize: must be between 0 and 65000',
    },
    {
      method: 'PUT',
      path: '/settings',
      body: '{"metricsKeepAlive":1}',
      status: 400,
      error: 'metricsKeepAlive: must be true or false',
    },
    { method: 'GET', path: '/nope', body: undefined, status: 404, error: 'path: no such path /nope' },
    {
      method: 'PATCH',
      path: '/workers',
      body: undefined,
      status: 405,
      error: 'method: PATCH is not allowed here',
    },
    {
      method: 'POST',
      path: '/workers',
      body: '{}',
      status: 405,
      error: 'method: POST not allowed here; use GET, PUT',
    },
  ])('answers $method $path $body with $status', async ({ method, path, body, status, error }) => {
    const answer = await demo.admin(method, path, body);
    expect(answer.status).toBe(status);
    // The message starts with what the test names; some go on with details (the workers listening).
    expect((answer.json as { error: string }).error.startsWith(error), JSON.stringify(answer.json)).toBe(
      true,
    );
  });

  it('answers every path with the worker id, unknown ones with 404', async () => {
    const answer = await get(demo.appPort, '/nope', false);
    expect(answer.status).toBe(404);
    expect(workerIdOf(answer)).toBeGreaterThan(0);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await demo.stop()).toBe(0);
    expect(demo.log()).toContain('primary: SIGTERM; stopping workers');
  });
});

interface StatsdLine {
  name: string;
  value: string;
  type: string;
  tags: Record<string, string>;
}

/** DogStatsD: `name:value|type|#key:value,key:value`. */
function parseStatsdLine(line: string): StatsdLine {
  const [nameValue = '', type = '', tagPart = ''] = line.split('|');
  const colon = nameValue.lastIndexOf(':');
  const tags = Object.fromEntries(
    tagPart
      .replace(/^#/, '')
      .split(',')
      .filter((t) => t !== '')
      .map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]),
  );
  return { name: nameValue.slice(0, colon), value: nameValue.slice(colon + 1), type, tags };
}

describe('demo cluster, statsd variant', () => {
  const packets: string[] = [];
  const bridge = dgram.createSocket('udp4');
  let demo: Demo;

  const lines = (): string[] => packets.flatMap((p) => p.split('\n').filter((l) => l !== ''));
  /**
   * Resolves once every request's counter and timer line is in and nothing more has come for a while: the
   * gauges go out on each worker's tick (100 ms), buffered lines within hot-shots' flush interval (1 s).
   */
  const received = (count: number): Promise<StatsdLine[]> => {
    let seen = -1;
    let since = Date.now();
    return eventually(
      `StatsD lines for ${count} requests`,
      async () => {
        const parsed = lines().map(parseStatsdLine);
        if (parsed.length !== seen) [seen, since] = [parsed.length, Date.now()];
        const counted = parsed.filter((l) => l.type === 'c');
        const timed = parsed.filter((l) => l.name === 'demo.http.request_duration');
        const quiet = Date.now() - since >= 1_500;
        return counted.length === count && timed.length === count && quiet ? parsed : undefined;
      },
      demo.log,
    );
  };
  const inFlightDeltas = (parsed: StatsdLine[]): number[] =>
    parsed.filter((l) => l.name === 'demo.http.requests_in_flight').map((l) => Number(l.value));
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    bridge.on('message', (msg) => packets.push(msg.toString('utf8')));
    bridge.bind(0, HOST);
    await once(bridge, 'listening');
    demo = new Demo('statsd', await freePort(), await freePort(), {
      WORKERS: '2',
      BRIDGE_HOST: HOST,
      BRIDGE_UDP_PORT: String(bridge.address().port),
      STATSD_BUFFER_SIZE: '1400',
      // A median of 100 ms keeps some of a burst in flight across a 100 ms gauge tick: with 20 ms, a burst could
      // start and end between two ticks on both workers, and a net change of 0 sends no delta line.
      DEMO_LATENCY_SCALE: '5',
    });
    await demo.ready(2);
  });
  afterAll(async () => {
    await demo.stop();
    bridge.close();
  });

  it('answers /metrics with 404, pointing at the bridge', async () => {
    const answer = await get(demo.appPort, '/metrics', false);
    expect(answer.status).toBe(404);
    expect(answer.body).toBe('This app sends StatsD; scrape the bridge, not the app.\n');
  });

  it('sends a counter and a timer per request, in-flight gauges per tick, several lines per packet when buffered', async ({
    annotate,
  }) => {
    const answers = await sendWork(demo.appPort, 30);
    const parsed = await received(30);
    const counters = lines().filter((l) => l.startsWith('demo.http.requests.'));
    expect(counters.sort()).toEqual(
      answers.map((a) => `demo.http.requests.${a.status}:1|c|#method:GET,route:/work`).sort(),
    );
    for (const timer of parsed.filter((l) => l.name === 'demo.http.request_duration')) {
      expect(timer.type).toBe('ms');
      expect(Number(timer.value)).toBeGreaterThan(0);
      expect(timer.tags).toEqual({
        method: 'GET',
        route: '/work',
        status: expect.stringMatching(/^(200|500)$/),
      });
    }
    // Each worker's net change per tick: fewer lines than requests, adding up to none in flight.
    const deltas = parsed.filter((l) => l.name === 'demo.http.requests_in_flight');
    expect(deltas.every((l) => l.type === 'g' && /^[+-]\d+$/.test(l.value))).toBe(true);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(30);
    expect(sum(inFlightDeltas(parsed))).toBe(0);
    // The last-writer gauge: each worker sets its own count on each tick it saw requests, the last one 0.
    const set = parsed.filter((l) => l.name === 'demo.http.requests_in_flight_last_writer');
    expect(set.length).toBeGreaterThan(0);
    expect(set.every((l) => l.type === 'g' && /^\d+$/.test(l.value))).toBe(true);
    expect(set.at(-1)?.value).toBe('0');

    const perPacket = packets.map((p) => p.split('\n').filter((l) => l !== '').length);
    await annotate(
      `buffered: ${lines().length} lines in ${packets.length} packets, at most ${Math.max(...perPacket)} per packet`,
    );
    expect(Math.max(...perPacket)).toBeGreaterThan(1);
    expect(packets.every((p) => Buffer.byteLength(p) <= 1400)).toBe(true);
  });

  it('sends one line per packet once buffering is switched off', async ({ annotate }) => {
    expect((await demo.admin('PUT', '/settings', '{"statsdBufferSize":0}')).json).toEqual({
      metricsKeepAlive: false,
      statsdBufferSize: 0,
    });
    packets.length = 0;
    await sendWork(demo.appPort, 20);
    const parsed = await received(20);
    await annotate(`unbuffered: ${lines().length} lines in ${packets.length} packets`);
    // A counter and a timer per request, the gauges per tick: every metric a packet of its own.
    expect(packets.every((p) => p.split('\n').filter((l) => l !== '').length === 1)).toBe(true);
    const gauges = parsed.filter((l) => l.type === 'g').length;
    expect(gauges).toBeGreaterThan(0);
    expect(packets.length).toBe(40 + gauges);
    expect(sum(inFlightDeltas(parsed))).toBe(0);
  });

  it('flushes buffered lines when stopped with SIGTERM, and exits 0', async () => {
    expect((await demo.admin('PUT', '/settings', '{"statsdBufferSize":1400}')).status).toBe(200);
    packets.length = 0;
    await sendWork(demo.appPort, 10);
    expect(await demo.stop()).toBe(0);
    const parsed = await received(10);
    expect(parsed.filter((l) => l.type === 'c')).toHaveLength(10);
    // The gauges' last change goes out on the way down too.
    expect(sum(inFlightDeltas(parsed))).toBe(0);
  });
});

describe('demo cluster, start-up errors', () => {
  it('exits 2 with the usage line when --variant is wrong', async () => {
    const bad = spawn(process.execPath, demoArgs('--variant', 'gunicorn'), { cwd: ROOT });
    let stderr = '';
    bad.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = await once(bad, 'exit');
    expect(code).toBe(2);
    expect(stderr).toBe(
      '--variant: unknown value "gunicorn", expected both, direct, statsd or none\nusage: tsx demos/cluster/main.ts --variant both|direct|statsd|none\n',
    );
  });

  it('exits 1 naming the variable when the app port is taken', async () => {
    const squatter = net.createServer();
    squatter.listen(0, HOST);
    await once(squatter, 'listening');
    const address = squatter.address();
    if (address === null || typeof address === 'string') throw new Error('no port assigned');
    const demo = new Demo('statsd', address.port, await freePort(), { WORKERS: '2' });
    expect(await demo.exited).toBe(1);
    squatter.close();
    expect(demo.log()).toContain(`workers cannot listen on ${HOST}:${address.port} (DIRECT_PORT)`);
  });
});
