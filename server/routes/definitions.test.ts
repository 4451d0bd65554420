import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../config/env';
import type { WorkerInfo } from '../lab/types';
import { prometheusValues, renderTemplate } from '../prometheus/config';
import { appDefinitions, needsBridge, prometheusJobs, routeDefinitions, scrapeUrls } from './definitions';

const config = loadConfig({ PATH: '' });
const routes = routeDefinitions(config);
const apps = appDefinitions(config);

describe('the route definitions', () => {
  it('name every route once, each on an app that is defined, with a job of its own', () => {
    expect(routes.map((r) => r.id)).toEqual(['direct', 'port-per-worker', 'shared-mode', 'statsd']);
    for (const r of routes)
      expect(
        apps.map((a) => a.id),
        r.id,
      ).toContain(r.appId);
    const jobs = routes.map((r) => r.prometheusJob);
    expect(new Set(jobs).size).toBe(jobs.length);
  });

  it.each([{ WORKERS: '1' }, { WORKERS: '4' }, { WORKERS: '16' }])(
    'give every port to one purpose only, with %j',
    (env) => {
      const claims = appDefinitions(loadConfig(env)).flatMap((a) => a.ports);
      const ports = claims.map((c) => `${c.protocol}/${c.port}`);
      expect(new Set(ports).size, ports.join(' ')).toBe(ports.length);
    },
  );

  it('set every port with a variable that .env.example lists', () => {
    const example = fs.readFileSync('.env.example', 'utf8');
    for (const claim of apps.flatMap((a) => a.ports)) {
      expect(example, claim.variable).toMatch(new RegExp(`^${claim.variable}=`, 'm'));
    }
  });

  it('put every route in the rendered Prometheus config', () => {
    const template = fs.readFileSync('config/prometheus.template.yml', 'utf8');
    const rendered = parse(renderTemplate(template, { ...prometheusValues(config, 1) })) as {
      scrape_configs: Array<{ job_name: string }>;
    };
    const jobs = rendered.scrape_configs.map((c) => c.job_name);
    for (const r of routes) expect(jobs, r.id).toContain(r.prometheusJob);
  });

  it("declare every app switch the lab's settings can carry on the one Node app behind every Node route", () => {
    expect(Object.fromEntries(apps.map((a) => [a.id, a.switches]))).toEqual({
      node: ['metricsKeepAlive', 'statsdBufferSize'],
    });
  });

  it('need the bridge only for a route that pushes to it', () => {
    expect(needsBridge(routes)).toBe(true);
    expect(needsBridge(routes.filter((r) => r.topology.kind !== 'pushed'))).toBe(false);
  });
});

describe('scrapeUrls', () => {
  const worker = (id: number, slot: number, metricsPort: number | null): WorkerInfo => ({
    id,
    pid: 100 + id,
    uptimeSeconds: 1,
    slot,
    metricsPort,
  });
  const byId = (id: string) => routes.find((r) => r.id === id)!;

  it.each([
    { route: 'direct', workers: [worker(1, 1, 8101)], want: ['http://127.0.0.1:8081/metrics'] },
    { route: 'shared-mode', workers: null, want: ['http://127.0.0.1:8083/metrics'] },
    {
      route: 'port-per-worker',
      workers: [worker(7, 2, 8102), worker(3, 1, 8101)],
      want: ['http://127.0.0.1:8101/metrics', 'http://127.0.0.1:8102/metrics'],
    },
    { route: 'port-per-worker', workers: null, want: [] },
    { route: 'port-per-worker', workers: [worker(1, 1, null)], want: [] },
  ])('$route with $workers.length workers', ({ route, workers, want }) => {
    expect(scrapeUrls(byId(route), workers)).toEqual(want);
  });
});

describe('prometheusJobs', () => {
  it('scrapes per-worker routes through a file the lab writes, the others at their one URL', () => {
    expect(prometheusJobs(routes, '/cfg').map(({ comment: _comment, ...job }) => job)).toEqual([
      { job: 'direct', targets: ['127.0.0.1:8081'] },
      { job: 'port-per-worker', targetsFile: '/cfg/port-per-worker-targets.json' },
      { job: 'shared-mode', targets: ['127.0.0.1:8083'] },
      { job: 'statsd', targets: ['127.0.0.1:9102'] },
    ]);
  });
});
