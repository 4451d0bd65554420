import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment, loadConfig } from '../../server/config/env';
import { requestJson } from '../../server/lab/http-json';
import { parseExposition } from '../../server/lab/exposition-parser';
import { LoadGenerator } from '../../server/lab/load-generator';
import { readMetricsText } from '../../server/lab/metrics-text';
import { TruthLedger } from '../../server/lab/truth-ledger';
import type { LabSnapshot } from '../../server/lab/types';
import { parseSnapshot } from '../../server/lab/snapshot-schema';
import { routeDefinitions } from '../../server/routes/definitions';
import { startStack } from '../../server/supervisor/stack';
import type { Supervisor } from '../../server/supervisor/supervisor';
import { requireRealPart, statsdExporterBinary } from './real-parts';

// Ports of their own, so a stack started by hand on the defaults does not collide with the test.
const baseEnv = {
  ...childEnvironment(),
  DIRECT_PORT: '28081',
  DIRECT_ADMIN_PORT: '28091',
  DIRECT_WORKER_PORT_BASE: '28100',
  DIRECT_AGGREGATE_PORT: '28083',
  BRIDGE_UDP_PORT: '29125',
  BRIDGE_WEB_PORT: '29102',
  LAB_PORT: '29300',
  PROMETHEUS_PORT: '29090',
  WORKERS: '4',
  LOAD_RATE: '0',
  PATH: '/usr/bin:/bin',
  // The Django routes have a test stack of their own (django-stack.test.ts).
  PYTHON_DEMOS: 'off',
  // "Your app", watched by the doctor: here the direct route's own /metrics, which the lab knows is braided.
  DOCTOR_TARGET: 'http://127.0.0.1:28081/metrics',
};
const config = loadConfig(baseEnv);
const lab = `http://127.0.0.1:${config.LAB_PORT}`;
const direct = `http://127.0.0.1:${config.DIRECT_PORT}`;
const bridge = `http://127.0.0.1:${config.BRIDGE_WEB_PORT}`;
const spec = {
  counterMetric: 'demo_http_requests_total',
  gaugeMetric: 'demo_http_requests_in_flight',
  histogramMetric: 'demo_http_request_duration_seconds',
};

/** One scrape over a keep-alive agent, as Prometheus and the lab's scraper do. */
function scrape(
  url: string,
  agent: http.Agent,
): Promise<{ worker: string | undefined; counter: number | null }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({
            worker: res.headers['x-worker-id'] as string | undefined,
            counter: readMetricsText(body, spec).counter,
          }),
        );
      })
      .on('error', reject);
  });
}

async function bridgeCounter(): Promise<number | null> {
  const text = await (await fetch(`${bridge}/metrics`)).text();
  return readMetricsText(text, spec).counter;
}

// The lab's whole story once with each bridge: the built-in one and the real statsd_exporter.
const bridges = [
  'builtin',
  ...(requireRealPart('statsd_exporter', statsdExporterBinary()) ? ['statsd_exporter'] : []),
];

describe.each(bridges)('the stack, end to end on loopback, with the %s bridge', (bridgeKind) => {
  let stack: Supervisor;
  const logs: string[] = [];

  beforeAll(async () => {
    const env = { ...baseEnv, BRIDGE: bridgeKind };
    stack = await startStack({
      config: loadConfig(env),
      env,
      dev: false,
      web: false,
      log: (l) => logs.push(l),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('runs the bridge it was asked for, and its /metrics says which one it is', async () => {
    const said = bridgeKind === 'builtin' ? 'bridge: built-in' : 'bridge: statsd_exporter at';
    expect(logs.some((l) => l.includes(said))).toBe(true);
    const text = await (await fetch(`${bridge}/metrics`)).text();
    const info = text.split('\n').find((l) => l.startsWith('statsd_exporter_build_info{'));
    expect(info).toMatch(bridgeKind === 'builtin' ? /revision="scrape-lab-builtin"/ : /version="0\.30\.0"/);
  });

  it('counts exactly 5,000 requests through the StatsD bridge, while direct scrapes of the same workers see one at a time', async () => {
    const ledger = new TruthLedger();
    const load = new LoadGenerator([{ id: 'node', url: `${direct}/work`, ledger }], {
      ratePerSecond: 500,
      concurrency: 512,
      limit: 5000,
    });
    load.start();
    await load.finished();
    load.stop();
    expect(ledger.view()).toMatchObject({ sent: 5000, answered: 5000, failed: 0 });

    // Each worker's hot-shots clients flush their 1400-byte buffers every second, each on its own timer: the
    // counter has settled once it has not moved for longer than one flush interval (three reads 500 ms apart).
    let counter: number | null = null;
    let still = 0;
    for (let i = 0; i < 40 && still < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      const next = await bridgeCounter();
      still = next === counter && next !== null ? still + 1 : 0;
      counter = next;
    }
    expect(counter).toBe(5000);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const scrapes = [];
    for (let i = 0; i < 20; i += 1) scrapes.push(await scrape(`${direct}/metrics`, agent));
    agent.destroy();
    const workers = new Set(scrapes.map((s) => s.worker));
    expect(workers.size).toBeGreaterThanOrEqual(2);
    for (const s of scrapes) {
      expect(s.counter).not.toBeNull();
      expect(s.counter).toBeLessThan(5000);
    }
    // Each worker counted its own share; together they make the truth.
    const perWorker = new Map(scrapes.map((s) => [s.worker, s.counter ?? 0]));
    if (perWorker.size === 4) expect([...perWorker.values()].reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('restarts a crashed worker with its counter from zero', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const listed = await requestJson<{ workers: Array<{ id: number }> }>(
      `http://127.0.0.1:${config.DIRECT_ADMIN_PORT}/workers`,
    );
    const known = new Set(listed.workers.map((w) => String(w.id)));
    const before = await scrape(`${direct}/metrics`, agent);
    expect(before.counter).toBeGreaterThan(0);
    const crashed = await requestJson<{ crashed: number }>(`${lab}/api/actions/crash-worker`, {
      method: 'POST',
      body: { route: 'direct', workerId: Number(before.worker) },
    });
    expect(crashed.crashed).toBe(Number(before.worker));

    // The primary forks a replacement with an id not seen before; scrape until it answers.
    let fresh: { worker: string | undefined; counter: number | null } | null = null;
    for (let i = 0; i < 100 && fresh === null; i += 1) {
      const s = await scrape(`${direct}/metrics`, agent);
      if (s.worker !== undefined && !known.has(s.worker)) fresh = s;
      else await new Promise((r) => setTimeout(r, 50));
    }
    agent.destroy();
    expect(fresh).not.toBeNull();
    expect(fresh?.counter).toBe(0);
  });

  it('drives load, scrapes both routes and streams the result through the lab API', async () => {
    const before = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    const startedAt = Date.now();
    await requestJson(`${lab}/api/actions/reset`, { method: 'POST', timeoutMs: 60_000 });
    await requestJson(`${lab}/api/settings`, { method: 'POST', body: { ratePerSecond: 100 } });
    await new Promise((r) => setTimeout(r, 4000));
    await requestJson(`${lab}/api/settings`, { method: 'POST', body: { ratePerSecond: 0 } });
    const raw = await requestJson<unknown>(`${lab}/api/snapshot`);
    // The page and the experiment read snapshots through this schema: a real one must pass it.
    const parsed = parseSnapshot(raw);
    expect(parsed.ok ? null : parsed.error).toBeNull();
    const snapshot = raw as LabSnapshot;
    // The epoch is the reset's time: it moves forward on every reset, and on every lab start too.
    expect(snapshot.epoch).toBeGreaterThan(before.epoch);
    expect(snapshot.epoch).toBeGreaterThanOrEqual(startedAt);
    expect(snapshot.routes.map((r) => r.spec.id)).toEqual(routeDefinitions(config).map((r) => r.id));
    // The load accounts for every request its schedule made due (how many it sent on a busy machine is a
    // benchmark's question, not this test's).
    const { load } = snapshot;
    expect(load.requested).toBe(load.sent + load.skipped + load.missed + load.behind);
    // One Node app behind every route, at 100 req/s for 4 s.
    expect(load.requested).toBeGreaterThan(300);
    expect(load.sent).toBeGreaterThan(200);
    // The lab measures its own loop, and says how many latencies it timed across a stall of it.
    expect(snapshot.labLoop).toMatchObject({ thresholdMs: 50, windowSeconds: 5 });
    expect(load.tickLag).not.toBeNull();
    for (const route of snapshot.routes) expect(route.truth.latencyDelayed).toBeGreaterThanOrEqual(0);
    for (const route of snapshot.routes) {
      expect(route.truth.answered).toBeGreaterThan(200);
      expect(route.scrapes.filter((p) => p.ok).length).toBeGreaterThanOrEqual(3);
      expect(route.workers).toHaveLength(4);
    }
    expect(snapshot.components.map((c) => [c.name, c.state])).toEqual([
      ['lab', 'up'],
      ['node app', 'up'],
      ['bridge', 'up'],
      ['prometheus', 'up'],
      ['your app', 'up'],
    ]);
  });

  it("exports the truth and the lab's own health on its /metrics", async () => {
    const parsed = parseExposition(await (await fetch(`${lab}/metrics`)).text());
    const names = new Set(parsed.samples.map((s) => s.name));
    for (const name of [
      'scrape_lab_truth_requests_total',
      'scrape_lab_event_loop_delay_seconds',
      'scrape_lab_event_loop_stalls_total',
      'scrape_lab_latency_delayed_total',
      'scrape_lab_load_requested_total',
      'scrape_lab_load_missed_total',
      'scrape_lab_load_behind_requests',
    ]) {
      expect(names.has(name), name).toBe(true);
      expect(parsed.help.get(name), name).toBeTruthy();
    }
  });

  it('watches DOCTOR_TARGET as "Your app" and finds the direct route braided, live', async () => {
    let view: LabSnapshot['yourApp'] = null;
    for (let i = 0; i < 40; i += 1) {
      view = (await requestJson<LabSnapshot>(`${lab}/api/snapshot`)).yourApp;
      if (view && view.window.fresh >= 8 && view.diagnosis.verdict !== 'insufficient') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(view?.spec).toMatchObject({ id: 'your-app', metricsUrl: config.DOCTOR_TARGET, loadUrl: null });
    expect(view?.load).toBeNull();
    expect(view?.lastError).toBeNull();
    expect(view?.diagnosis.verdict).toBe('braided');
    expect(view?.diagnosis.responders.fresh).toBeGreaterThanOrEqual(2);
    expect(view?.diagnosis.suggestedFixes.map((f) => f.id)).toContain('aggregator-registry');
  });

  it('counts a burst exactly through the buffered StatsD bridge', async () => {
    await requestJson(`${lab}/api/actions/reset`, { method: 'POST', timeoutMs: 60_000 });
    const answer = await requestJson<{ sent: number; app: string }>(`${lab}/api/actions/burst`, {
      method: 'POST',
      body: { route: 'statsd', requests: 2000 },
      timeoutMs: 60_000,
    });
    expect(answer).toEqual({ sent: 2000, app: 'node' });
    let counter: number | null = null;
    for (let i = 0; i < 20 && counter !== 2000; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      counter = await bridgeCounter();
    }
    const snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    const statsd = snapshot.routes.find((r) => r.spec.id === 'statsd');
    expect(statsd?.truth).toMatchObject({ sent: 2000, answered: 2000, failed: 0 });
    expect(counter).toBe(2000);
  });

  it.each([
    { path: '/api/actions/burst', body: { route: 'statsd', requests: 0 }, error: /^requests: / },
    {
      path: '/api/actions/burst',
      body: { route: 'nope', requests: 10 },
      error: /^route: unknown route "nope"/,
    },
    { path: '/api/settings', body: { ratePerSecond: 9000 }, error: /^ratePerSecond: / },
    { path: '/api/settings', body: { workers: 0 }, error: /^workers: / },
    { path: '/api/settings', body: { speed: 1 }, error: /^speed: unknown field/ },
    // The page can never point the lab at a URL: your app is the server's configuration only.
    {
      path: '/api/settings',
      body: { doctorTarget: 'http://127.0.0.1:1/metrics' },
      error: /^doctorTarget: unknown field/,
    },
    {
      path: '/api/actions/crash-worker',
      body: { route: 'nowhere' },
      error: /^route: unknown route "nowhere"/,
    },
  ])('answers 400 naming the field for $body', async ({ path, body, error }) => {
    const res = await fetch(`${lab}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(error);
  });

  it('answers plain snapshot requests within a tick with one snapshot, never one from before a control', async () => {
    await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    await requestJson(`${lab}/api/settings`, { method: 'POST', body: { ratePerSecond: 7 } });
    const after = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    const again = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    await requestJson(`${lab}/api/settings`, { method: 'POST', body: { ratePerSecond: 0 } });
    expect(after.settings.ratePerSecond).toBe(7);
    expect(again.now).toBe(after.now);
    expect(after.stream).toMatchObject({ dropped: 0, maxBacklogBytes: 1024 * 1024 });
  });

  it('streams snapshots as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${lab}/api/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/event: snapshot/g) ?? []).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const frames = text.split('\n\n').filter((f) => f.startsWith('event: snapshot'));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    const first = JSON.parse(frames[0]!.split('\ndata: ')[1]!) as LabSnapshot;
    expect(first.routes).toHaveLength(routeDefinitions(config).length);
  });

  it('brings the bridge back, empty, when the lab is asked to kill it', async () => {
    await requestJson(`${lab}/api/actions/kill-bridge`, { method: 'POST' });
    let back = false;
    for (let i = 0; i < 100 && !back; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      back = await fetch(`${bridge}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
    }
    expect(back).toBe(true);
    expect(await bridgeCounter()).toBeNull();
    expect(logs.some((l) => l.includes('restarting bridge on request'))).toBe(true);
  });
});
