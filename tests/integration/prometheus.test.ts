import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment, loadConfig } from '../../server/config/env';
import { requestJson } from '../../server/lab/http-json';
import { countResets, dialectOf, increase, rate } from '../../server/lab/rate-math';
import type { LabSnapshot } from '../../server/lab/types';
import { PrometheusClient } from '../../server/prometheus/client';
import { startStack } from '../../server/supervisor/stack';
import type { Supervisor } from '../../server/supervisor/supervisor';
import { binaryVersion, prometheusBinaries, REAL_PARTS_REQUIRED } from './real-parts';

const ports = {
  DIRECT_PORT: '23081',
  DIRECT_ADMIN_PORT: '23091',
  DIRECT_AGGREGATE_PORT: '23083',
  DIRECT_WORKER_PORT_BASE: '23100',
  BRIDGE_UDP_PORT: '24125',
  BRIDGE_WEB_PORT: '24102',
  LAB_PORT: '24300',
  PROMETHEUS_PORT: '24090',
};
const base = {
  ...childEnvironment(),
  ...ports,
  BRIDGE: 'builtin',
  // The Django routes have a test stack of their own (django-stack.test.ts).
  PYTHON_DEMOS: 'off',
  PATH: '/usr/bin:/bin:/usr/local/bin',
};
const lab = `http://127.0.0.1:${ports.LAB_PORT}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Every Prometheus there is: the tools folder's 3.x (npm run tools) and the system's (Debian's is 2.42).
const binaries = prometheusBinaries();
const majors = new Set(binaries.map((b) => binaryVersion(b)?.split('.')[0]));
if (binaries.length === 0 || (REAL_PARTS_REQUIRED && majors.size < 2)) {
  throw new Error(
    `these tests need Prometheus 3.x (npm run tools) and 2.x (apt-get install prometheus); found ${binaries.join(', ') || 'none'}`,
  );
}

describe.each(binaries)('with Prometheus in the loop (%s)', (binary) => {
  const env = { ...base, LOAD_RATE: '100', PROMETHEUS_MODE: 'auto', PROMETHEUS_BIN: binary };
  const config = loadConfig(env);
  const prometheus = new PrometheusClient(`http://127.0.0.1:${ports.PROMETHEUS_PORT}`);
  let stack: Supervisor;
  let dialect: 'v2' | 'v3';

  beforeAll(async () => {
    stack = await startStack({ config, env, dev: false, web: false, log: () => {} });
    const version = await prometheus.version();
    // The binary's own version, stamped by tools/install.sh: the lab reads the same through the API.
    expect(version.startsWith(binaryVersion(binary) ?? '?')).toBe(true);
    dialect = dialectOf(version);
    // Two rate windows of traffic, so every window below is full.
    await sleep(22_000);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['direct', 'statsd'])(
    'computes rate() and increase() of the %s route within 1 percent of Prometheus on the samples Prometheus stored',
    async (job) => {
      const series = `demo_http_requests_total{job="${job}",method="GET",route="/work",status="200"}`;
      let resets = 0;
      // Several evaluation times, a second apart, so windows start and end at different scrape phases.
      for (let k = 0; k < 5; k += 1) {
        const end = Date.now() - 1500 - k * 1000;
        // A wider range than the rate's, so which samples are in the window is the lab's own call.
        const stored = await prometheus.rangeSelector(`${series}[15s]`, end);
        expect(stored).toHaveLength(1);
        const samples = stored[0]!.samples;
        resets += countResets(samples);
        const window = { end, rangeSeconds: 10, dialect };
        const theirRate = await prometheus.value(`rate(${series}[10s])`, end);
        const theirIncrease = await prometheus.value(`increase(${series}[10s])`, end);
        expect(theirRate).toBeGreaterThan(0);
        expect(Math.abs(rate(samples, window)! - theirRate) / theirRate).toBeLessThan(0.01);
        expect(Math.abs(increase(samples, window)! - theirIncrease) / theirIncrease).toBeLessThan(0.01);
      }
      // The bridge's counter only grows; the direct route's hops between workers read as resets, so the
      // agreement covers Prometheus' reset handling too.
      if (job === 'statsd') expect(resets).toBe(0);
      else expect(resets).toBeGreaterThan(0);
    },
  );

  it('puts what Prometheus says beside the truth in every snapshot', async () => {
    const snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    expect(snapshot.prometheus.mode).toBe('managed');
    // The version whose dialect the lab's own rate() follows.
    expect(snapshot.prometheus.version?.startsWith(binaryVersion(binary) ?? '?')).toBe(true);
    expect(snapshot.components.find((c) => c.name === 'prometheus')?.state).toBe('up');
    for (const route of snapshot.routes) {
      const figures = route.prometheus;
      expect(figures, route.spec.id).not.toBeNull();
      expect(figures?.rate.error).toBeNull();
      expect(figures?.total.value).toBeGreaterThan(0);
      expect(figures?.p90Seconds.value).toBeGreaterThan(0);
      expect(figures?.trueRate).toBeGreaterThan(50);
      expect(route.prometheusRates.filter((p) => p.rate !== null).length).toBeGreaterThan(5);
    }
    const statsd = snapshot.routes.find((r) => r.spec.id === 'statsd');
    expect(statsd?.prometheus?.rateRatio).toBeGreaterThan(0.9);
    expect(statsd?.prometheus?.rateRatio).toBeLessThan(1.1);
  });

  it('exports the truth for Prometheus to scrape', async () => {
    const truth = await prometheus.value('sum(scrape_lab_truth_requests_total{job="lab"})');
    expect(truth).toBeGreaterThan(0);
  });

  it('reloads Prometheus with the lab scrape interval', async () => {
    await requestJson(`${lab}/api/settings`, { method: 'POST', body: { scrapeIntervalSeconds: 2 } });
    const answer = await requestJson<{ data: { yaml: string } }>(
      `http://127.0.0.1:${ports.PROMETHEUS_PORT}/api/v1/status/config`,
    );
    expect(answer.data.yaml).toContain('scrape_interval: 2s');
  });

  it('reports a bad query as a bad query, not as zero', async () => {
    await expect(prometheus.value('sum(rate(demo_http_requests_total[oops]))')).rejects.toMatchObject({
      kind: 'bad_query',
    });
    await expect(prometheus.value('sum(no_such_metric_total)')).rejects.toMatchObject({ kind: 'empty' });
  });
});

describe('without Prometheus', () => {
  const env = { ...base, LOAD_RATE: '0', PROMETHEUS_MODE: 'off' };
  let stack: Supervisor;

  beforeAll(async () => {
    stack = await startStack({ config: loadConfig(env), env, dev: false, web: false, log: () => {} });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('still runs, and says Prometheus is missing and how to get it', async () => {
    const snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    expect(snapshot.prometheus.mode).toBe('off');
    expect(snapshot.prometheus.howToGet).toMatch(/apt-get install prometheus/);
    expect(snapshot.prometheus.howToGet).toMatch(/docker compose up/);
    expect(snapshot.components.find((c) => c.name === 'prometheus')?.state).toBe('absent');
    expect(snapshot.routes.every((r) => r.prometheus === null)).toBe(true);
  });
});
