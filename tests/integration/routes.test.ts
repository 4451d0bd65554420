import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment, loadConfig } from '../../server/config/env';
import { requestJson } from '../../server/lab/http-json';
import { LoadGenerator } from '../../server/lab/load-generator';
import { readMetricsText } from '../../server/lab/metrics-text';
import { TruthLedger } from '../../server/lab/truth-ledger';
import type { LabSnapshot, RouteView } from '../../server/lab/types';
import { PrometheusClient } from '../../server/prometheus/client';
import { findExecutable } from '../../server/supervisor/plan';
import { startStack } from '../../server/supervisor/stack';
import type { Supervisor } from '../../server/supervisor/supervisor';

/**
 * The two fixes the talk calls "sub-optimal", run for real beside the direct scrape: one port per worker,
 * and prom-client's AggregatorRegistry in the primary. Same app, same workers, same requests.
 */

const env = {
  ...childEnvironment(),
  DIRECT_PORT: '26081',
  DIRECT_ADMIN_PORT: '26091',
  DIRECT_AGGREGATE_PORT: '26083',
  DIRECT_WORKER_PORT_BASE: '26100',
  BRIDGE_UDP_PORT: '27125',
  BRIDGE_WEB_PORT: '27102',
  LAB_PORT: '27300',
  PROMETHEUS_PORT: '27090',
  WORKERS: '4',
  LOAD_RATE: '0',
  BRIDGE: 'builtin',
  // The Django routes have a test stack of their own (django-stack.test.ts).
  PYTHON_DEMOS: 'off',
  PATH: '/usr/bin:/bin:/usr/local/bin',
};
const config = loadConfig(env);
const lab = `http://127.0.0.1:${config.LAB_PORT}`;
const prometheus = new PrometheusClient(`http://127.0.0.1:${config.PROMETHEUS_PORT}`);
const app = `http://127.0.0.1:${config.DIRECT_PORT}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = async (url: string) => (await fetch(url)).text();
const readCounter = (body: string) =>
  readMetricsText(body, {
    counterMetric: 'demo_http_requests_total',
    gaugeMetric: 'demo_http_requests_in_flight',
    histogramMetric: 'demo_http_request_duration_seconds',
  }).counter;

let stack: Supervisor;

beforeAll(async () => {
  if (!findExecutable('prometheus', config.PATH)) {
    throw new Error('these tests need a Prometheus binary on PATH: apt-get install prometheus');
  }
  stack = await startStack({ config, env, dev: false, web: false, log: () => {} });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const post = <T>(path: string, body: unknown = {}) =>
  requestJson<T>(`${lab}${path}`, { method: 'POST', body, timeoutMs: 60_000 });
const snapshot = () => requestJson<LabSnapshot>(`${lab}/api/snapshot`);
const route = (s: LabSnapshot, id: string): RouteView => {
  const found = s.routes.find((r) => r.spec.id === id);
  if (!found) throw new Error(`no route ${id} in the snapshot`);
  return found;
};
/** The route's newest successful scrape's counter, once it has one taken after `after`. */
async function counterAfter(id: string, after: number): Promise<number> {
  for (let i = 0; i < 50; i += 1) {
    const latest = route(await snapshot(), id)
      .scrapes.filter((p) => p.ok && p.t > after)
      .at(-1);
    if (latest?.counter !== undefined && latest.counter !== null) return latest.counter;
    await sleep(200);
  }
  throw new Error(`${id}: no successful scrape after ${after}`);
}

/**
 * sum(increase()) over the run, each series' window from its last sample before the load to its last
 * sample: increase() scales the whole rise by how far the window reaches past its samples, so a window
 * with seconds of margin would add a few percent that no request made.
 */
async function increaseOverRun(job: string, startedAt: number): Promise<number> {
  const stored = await prometheus.rangeSelector(`demo_http_requests_total{job="${job}"}[120s]`, Date.now());
  let total = 0;
  for (const series of stored) {
    const before = series.samples.filter((p) => p.t <= startedAt).at(-1);
    const last = series.samples.at(-1);
    if (!before || !last)
      throw new Error(`${job}: no sample before the load in ${JSON.stringify(series.metric)}`);
    // A target that went away before the load (a worker replaced by the reset) counted none of it.
    if (last.t <= startedAt) continue;
    const labels = Object.entries(series.metric)
      .filter(([k]) => k !== '__name__')
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    // One millisecond wider than the samples, so the first one is inside the range in 2.x and 3.x alike.
    const rangeMs = last.t - before.t + 1;
    total += await prometheus.value(`increase(demo_http_requests_total{${labels}}[${rangeMs}ms])`, last.t);
  }
  return total;
}

/** Resolves once Prometheus' up{job="port-per-worker"} names exactly the workers' ports, twice over. */
async function prometheusScrapesEveryWorker(): Promise<void> {
  const deadline = Date.now() + 30_000;
  let seen = 0;
  while (Date.now() < deadline) {
    const listed = await requestJson<{ workers: { metricsPort: number }[] }>(
      `http://127.0.0.1:${config.DIRECT_ADMIN_PORT}/workers`,
    );
    const want = listed.workers.map((w) => `127.0.0.1:${w.metricsPort}`).sort();
    const up = await prometheus.queryRange(
      'up{job="port-per-worker"} == 1',
      Date.now() - 1000,
      Date.now(),
      1,
    );
    const have = up.map((series) => series.metric.instance ?? '').sort();
    seen = JSON.stringify(have) === JSON.stringify(want) ? seen + 1 : 0;
    if (seen >= 3) return;
    await sleep(1000);
  }
  throw new Error('Prometheus did not find every worker of port-per-worker within 30 s');
}

describe('port-per-worker and shared-mode', () => {
  it('end at exactly 5,000 after 5,000 requests to 4 workers, and Prometheus agrees within 2 %', async () => {
    await post('/api/actions/reset');
    // A reset replaces every worker, on new ports: wait until Prometheus has found and scraped the new
    // targets. Counts made before a target's first scrape are what service discovery costs, not this test.
    await prometheusScrapesEveryWorker();
    const startedAt = Date.now();
    const ledger = new TruthLedger();
    const load = new LoadGenerator([{ id: 'node', url: `${app}/work`, ledger }], {
      ratePerSecond: 250,
      concurrency: 256,
      limit: 5000,
    });
    load.start();
    await load.finished();
    load.stop();
    expect(ledger.view()).toMatchObject({ sent: 5000, answered: 5000, failed: 0 });

    // Read the way each route reads: the merged registry once, every worker's own port summed.
    const merged = readCounter(await text(`http://127.0.0.1:${config.DIRECT_AGGREGATE_PORT}/metrics`));
    expect(merged).toBe(5000);
    const listed = await requestJson<{ workers: { metricsPort: number }[] }>(
      `http://127.0.0.1:${config.DIRECT_ADMIN_PORT}/workers`,
    );
    expect(listed.workers).toHaveLength(4);
    let summed = 0;
    for (const w of listed.workers)
      summed += readCounter(await text(`http://127.0.0.1:${w.metricsPort}/metrics`)) ?? 0;
    expect(summed).toBe(5000);
    // The lab's own scrapes of both routes come to the same.
    for (const id of ['port-per-worker', 'shared-mode']) {
      expect(await counterAfter(id, Date.now()), id).toBe(5000);
      expect(route(await snapshot(), id).cost.targets, id).toBe(id === 'port-per-worker' ? 4 : 1);
    }

    // What a dashboard says over the run, from every sample Prometheus stored for the job.
    await sleep(3000);
    for (const job of ['port-per-worker', 'shared-mode']) {
      const increase = await increaseOverRun(job, startedAt);
      expect(Math.abs(increase - 5000) / 5000, `${job}: increase() = ${increase}`).toBeLessThan(0.02);
    }
  }, 90_000);

  it('shared-mode: a crashed worker takes its own count out of the merged counter; port-per-worker does not drop', async () => {
    await post('/api/settings', { paused: true, ratePerSecond: 200 });
    await post('/api/actions/reset');
    await post('/api/settings', { paused: false });
    await sleep(6000);
    await post('/api/settings', { paused: true });
    let s = await snapshot();
    while (route(s, 'shared-mode').truth.inFlight > 0) {
      await sleep(50);
      s = await snapshot();
    }
    const before = await counterAfter('shared-mode', Date.now());
    const byWorker = route(s, 'shared-mode').truth.byWorker;
    const workers = route(s, 'shared-mode').workers ?? [];
    const victim = workers[0];
    expect(victim).toBeDefined();
    const ownCount = byWorker[String(victim!.id)] ?? 0;
    expect(ownCount).toBeGreaterThan(0);
    expect(before).toBe(route(s, 'shared-mode').truth.answered);

    const crashed = await post<{ crashed: number }>('/api/actions/crash-worker', {
      route: 'shared-mode',
      workerId: victim!.id,
    });
    expect(crashed.crashed).toBe(victim!.id);
    const after = await counterAfter('shared-mode', Date.now());
    expect(before - after).toBe(ownCount);

    // The lab says the same: the drop, and one scrape that went down.
    await sleep(1500);
    const effect = route(await snapshot(), 'shared-mode').lastCrash;
    expect(effect).toMatchObject({ workerId: victim!.id, counterDrop: ownCount });
    expect(effect?.falseResets).toBeGreaterThanOrEqual(1);
    // Per worker, the dead worker's target is gone and its replacement starts at zero: the sum drops too,
    // but each series reset is real, and rate() over the targets stays right.
    expect(route(await snapshot(), 'port-per-worker').lastCrash?.workerId).toBe(victim!.id);
  }, 90_000);
});
