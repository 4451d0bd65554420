import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment, loadConfig } from '../../server/config/env';
import type { DoctorReport } from '../../server/doctor/doctor';
import { requestJson } from '../../server/lab/http-json';
import type { LabSnapshot } from '../../server/lab/types';
import { startStack } from '../../server/supervisor/stack';
import type { Supervisor } from '../../server/supervisor/supervisor';
import { freePortBlock } from './free-port';
import { runDoctorCli, type CliRun } from './fixtures/doctor/run-cli';

/**
 * The doctor against every route the lab runs, Django's included: its verdict must be what the lab knows
 * of each route. The direct scrapes braid, the merged and bridged ones are one registry, one worker's own
 * port is one process, and the direct app with keep-alive switched on pins Prometheus' connection.
 */

let env: NodeJS.ProcessEnv;
let lab: string;
let stack: Supervisor;

beforeAll(async () => {
  const base = await freePortBlock(100);
  const port = (offset: number) => String(base + offset);
  env = {
    ...childEnvironment(),
    DIRECT_PORT: port(0),
    DIRECT_ADMIN_PORT: port(1),
    DIRECT_AGGREGATE_PORT: port(2),
    DJANGO_DIRECT_PORT: port(5),
    DJANGO_DIRECT_ADMIN_PORT: port(6),
    DJANGO_MULTIPROCESS_PORT: port(7),
    DJANGO_MULTIPROCESS_ADMIN_PORT: port(8),
    DJANGO_STATSD_PORT: port(9),
    DJANGO_STATSD_ADMIN_PORT: port(10),
    BRIDGE_UDP_PORT: port(11),
    BRIDGE_WEB_PORT: port(12),
    LAB_PORT: port(13),
    PROMETHEUS_PORT: port(14),
    // Worker slots take base + 1 … base + 32.
    DIRECT_WORKER_PORT_BASE: port(50),
    WORKERS: '4',
    LOAD_RATE: '0',
    PROMETHEUS_MODE: 'off',
    PYTHON_DEMOS: 'on',
  };
  const config = loadConfig(env);
  lab = `http://127.0.0.1:${config.LAB_PORT}`;
  stack = await startStack({ config, env, dev: false, web: false, log: () => {} });
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

/** Short runs, every half second, with load at the route's app; a generous timeout for a loaded machine. */
function doctor(metricsUrl: string, loadUrl: string): Promise<CliRun> {
  return runDoctorCli(
    [metricsUrl, '--load', loadUrl, '--duration', '8', '--interval', '0.5', '--timeout', '4', '--json'],
    60_000,
  );
}

function verdictOf(run: CliRun): { code: number | null; verdict: string; summary: string } {
  const report = JSON.parse(run.stdout || 'null') as DoctorReport | null;
  if (!report) throw new Error(`the doctor printed no report (exit ${run.code}): ${run.stderr}`);
  return { code: run.code, verdict: report.diagnosis.verdict, summary: report.diagnosis.summary };
}

const EXPECTED: Record<string, { code: number; verdict: string }> = {
  direct: { code: 1, verdict: 'braided' },
  'port-per-worker': { code: 0, verdict: 'consistent' },
  'shared-mode': { code: 0, verdict: 'consistent' },
  statsd: { code: 0, verdict: 'consistent' },
  'django-direct': { code: 1, verdict: 'braided' },
  'django-multiprocess': { code: 0, verdict: 'consistent' },
  'django-statsd': { code: 0, verdict: 'consistent' },
};

describe('the doctor on the lab routes', () => {
  it('says what the lab knows of every route', async () => {
    // Once every route's latest scrape answered: a reset at start moves the workers to new slots, so the
    // per-worker route's first port is known only from the app's worker list the scrape used.
    let snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    for (
      let i = 0;
      i < 60 && !snapshot.routes.every((r) => r.targets.length > 0 && r.targets.every((t) => t.ok));
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 500));
      snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    }
    const routes = snapshot.routes.map((r) => ({
      id: r.spec.id,
      // A per-worker route lists every worker's own URL: one of them is one process.
      url: r.targets[0]?.url ?? r.spec.metricsUrl,
      load: r.spec.loadUrl,
    }));
    expect(routes.map((r) => r.id).sort()).toEqual(Object.keys(EXPECTED).sort());
    // The Node apps and the bridge first, then the three gunicorns: seven at once would starve two cores.
    const batches = [
      routes.filter((r) => !r.id.startsWith('django-')),
      routes.filter((r) => r.id.startsWith('django-')),
    ];
    const seen: Record<string, { code: number | null; verdict: string; summary: string }> = {};
    for (const batch of batches) {
      const runs = await Promise.all(batch.map((r) => doctor(r.url, r.load)));
      batch.forEach((r, i) => (seen[r.id] = verdictOf(runs[i] as CliRun)));
    }
    const want = Object.fromEntries(
      Object.entries(EXPECTED).map(([id, w]) => [id, expect.objectContaining(w)]),
    );
    expect(seen).toEqual(want);
    expect(seen.direct?.summary).toMatch(/^braided across [2-8] responders$/);
  }, 180_000);

  it('reads the direct app with keep-alive switched on as pinned', async () => {
    const settings = (body: object) => requestJson(`${lab}/api/settings`, { method: 'POST', body });
    const snapshot = await requestJson<LabSnapshot>(`${lab}/api/snapshot`);
    const direct = snapshot.routes.find((r) => r.spec.id === 'direct');
    if (!direct) throw new Error('the lab runs no direct route');
    await settings({ metricsKeepAlive: true });
    try {
      const run = await doctor(direct.spec.metricsUrl, direct.spec.loadUrl);
      const report = JSON.parse(run.stdout) as DoctorReport;
      expect(report.diagnosis).toMatchObject({
        verdict: 'pinned',
        summary: 'pinned to one responder (keep-alive)',
        responders: { keptAlive: 1 },
      });
      expect(report.diagnosis.responders.fresh).toBeGreaterThan(1);
      expect(run.code).toBe(1);
    } finally {
      await settings({ metricsKeepAlive: false });
    }
  }, 60_000);
});
