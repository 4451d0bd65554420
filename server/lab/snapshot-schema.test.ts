import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env';
import { routeDefinitions } from '../routes/definitions';
import { parseSnapshot } from './snapshot-schema';
import type { LabSnapshot, RouteView } from './types';

const route = (spec: RouteView['spec']): RouteView => ({
  spec,
  truth: {
    sent: 1,
    answered: 1,
    failed: 0,
    skipped: 0,
    inFlight: 0,
    byStatus: { '200': 1 },
    byWorker: { '1': 1 },
    latencyP50Seconds: 0.04,
    latencyP90Seconds: null,
  },
  scrapes: [],
  rates: [],
  rateWindowSeconds: 10,
  headline: { errorNowPercent: null, lost: null, distinctAnswerers: 0, resets: 0 },
  workers: null,
  prometheus: null,
  prometheusRates: [],
  targets: [],
  cost: { scrapeP50Ms: null, scrapeP95Ms: null, metricsBytes: null, processes: 0, targets: 0 },
  lastCrash: null,
});

const snapshot: LabSnapshot = {
  now: 1,
  epoch: 1,
  settings: {
    ratePerSecond: 50,
    concurrency: 128,
    paused: false,
    scrapeIntervalSeconds: 1,
    workers: 4,
    metricsKeepAlive: false,
    statsdBufferSize: 1400,
  },
  routes: routeDefinitions(loadConfig({ PATH: '' })).map(route),
  components: [{ name: 'lab', state: 'up', detail: 'ok', lastOkAgeSeconds: 0 }],
  prometheus: { mode: 'off', url: 'http://127.0.0.1:9090', howToGet: 'install it' },
};

describe('parseSnapshot', () => {
  it('reads a snapshot of every defined route', () => {
    expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual({ ok: true, snapshot });
  });

  it.each([
    [{ ...snapshot, epoch: 'one' }, /^epoch: /],
    [{ ...snapshot, routes: [{ ...route(snapshot.routes[0]!.spec), cost: null }] }, /^routes\.0\.cost: /],
    [
      {
        ...snapshot,
        routes: [{ ...snapshot.routes[0]!, spec: { ...snapshot.routes[0]!.spec, topology: { kind: 'x' } } }],
      },
      /^routes\.0\.spec\.topology\.kind: /,
    ],
    [{ ...snapshot, components: [{ name: 'lab', state: 'fine' }] }, /^components\.0\.state: /],
    ['nope', /^snapshot: /],
  ])('names the first wrong field of %#', (value, error) => {
    const parsed = parseSnapshot(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});
