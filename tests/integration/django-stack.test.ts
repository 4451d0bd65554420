import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment, loadConfig } from '../../server/config/env';
import { requestJson } from '../../server/lab/http-json';
import { LoadGenerator } from '../../server/lab/load-generator';
import { readMetricsText } from '../../server/lab/metrics-text';
import { TruthLedger } from '../../server/lab/truth-ledger';
import type { LabSnapshot } from '../../server/lab/types';
import { routeDefinitions } from '../../server/routes/definitions';
import { startStack } from '../../server/supervisor/stack';
import type { Supervisor } from '../../server/supervisor/supervisor';

/**
 * The talk's Django app in the whole stack: npm start builds the venv, runs its three gunicorns beside the
 * Node apps, and the lab scrapes them as routes like any other.
 */

const env = {
  ...childEnvironment(),
  DIRECT_PORT: '20081',
  DIRECT_ADMIN_PORT: '20091',
  DIRECT_AGGREGATE_PORT: '20083',
  DIRECT_WORKER_PORT_BASE: '20200',
  DJANGO_DIRECT_PORT: '20084',
  DJANGO_DIRECT_ADMIN_PORT: '20094',
  DJANGO_MULTIPROCESS_PORT: '20085',
  DJANGO_MULTIPROCESS_ADMIN_PORT: '20095',
  DJANGO_STATSD_PORT: '20086',
  DJANGO_STATSD_ADMIN_PORT: '20096',
  BRIDGE_UDP_PORT: '20125',
  BRIDGE_WEB_PORT: '20102',
  LAB_PORT: '20300',
  WORKERS: '4',
  LOAD_RATE: '0',
  PROMETHEUS_MODE: 'off',
  PYTHON_DEMOS: 'on',
};
const config = loadConfig(env);
const lab = `http://127.0.0.1:${config.LAB_PORT}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const routes = routeDefinitions({ ...config, PYTHON_DEMOS: 'on' });
const route = (id: string) => routes.find((r) => r.id === id)!;

let stack: Supervisor;

beforeAll(async () => {
  stack = await startStack({ config, env, dev: false, web: false, log: () => {} });
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

/** A fresh connection per scrape, so the kernel picks a gunicorn worker each time. */
async function scrape(id: string): Promise<{ counter: number | null; worker: string | null }> {
  const spec = route(id);
  const res = await fetch(spec.metricsUrl, { headers: { connection: 'close' } });
  return { counter: readMetricsText(await res.text(), spec).counter, worker: res.headers.get('x-worker-id') };
}

describe('the Django routes in the stack', () => {
  it('are routes of the lab, one gunicorn app each', async () => {
    const snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    const ids = snapshot.routes.map((r) => r.spec.id);
    expect(ids).toEqual(expect.arrayContaining(['django-direct', 'django-multiprocess', 'django-statsd']));
    for (const id of ['django-direct', 'django-multiprocess', 'django-statsd']) {
      expect(snapshot.components.find((c) => c.name === `${id} app`)?.state, id).toBe('up');
    }
  });

  it('braid on django-direct and end exactly at the truth on multiprocess mode and DogStatsD', async () => {
    const ledgers = new Map(
      ['django-direct', 'django-multiprocess', 'django-statsd'].map((id) => [id, new TruthLedger()]),
    );
    const load = new LoadGenerator(
      [...ledgers].map(([id, ledger]) => ({ id, url: route(id).loadUrl, ledger })),
      { ratePerSecond: 150, concurrency: 64, limit: 2000 },
    );
    load.start();
    await load.finished();
    load.stop();
    for (const [id, ledger] of ledgers)
      expect(ledger.view(), id).toMatchObject({ answered: 2000, failed: 0 });

    const direct = await Promise.all(Array.from({ length: 24 }, () => scrape('django-direct')));
    expect(new Set(direct.map((s) => s.worker)).size).toBeGreaterThanOrEqual(2);
    for (const s of direct) expect(s.counter).toBeLessThan(2000);

    // DogStatsD is asynchronous: the bridge reaches the truth a moment after the last answer.
    let statsd = await scrape('django-statsd');
    for (let i = 0; i < 50 && statsd.counter !== 2000; i += 1) {
      await sleep(100);
      statsd = await scrape('django-statsd');
    }
    expect(statsd.counter).toBe(2000);
    expect((await scrape('django-multiprocess')).counter).toBe(2000);
  }, 120_000);

  it('shows the multiprocess folder in every scrape of django-multiprocess', async () => {
    await sleep(2000);
    const snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    const scrapes = snapshot.routes
      .find((r) => r.spec.id === 'django-multiprocess')!
      .scrapes.filter((p) => p.ok);
    expect(scrapes.length).toBeGreaterThan(0);
    expect(scrapes.at(-1)?.multiproc?.files).toBeGreaterThan(0);
    expect(scrapes.at(-1)?.multiproc?.bytes).toBeGreaterThan(0);
  });
});
