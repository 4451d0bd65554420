import { describe, expect, it } from 'vitest';
import { routeViewFixture, snapshotFixture } from '../../server/lab/snapshot-fixture';
import type { LabSnapshot, RouteSpec, ScrapePoint } from '../../server/lab/types';
import { kernelUdpReading } from './bridge-view';
import { dashboardView, panelView } from './dashboard-view';
import { counterSeries, rateRows, timeDomain } from './series';

const NOW = 1_700_000_060_000;

const spec = (id: string, topology: RouteSpec['topology'], extra: Partial<RouteSpec> = {}): RouteSpec => ({
  id,
  title: `${id} on {workers} workers`,
  summary: `${id} summary`,
  topology,
  appId: 'node',
  loadUrl: 'http://127.0.0.1:8081/work',
  metricsUrl: 'http://127.0.0.1:8081/metrics',
  answeredBy: { kind: 'header', header: 'x-worker-id' },
  counterMetric: `${id}_total`,
  gaugeMetric: 'g',
  histogramMetric: 'h',
  ...extra,
});

const scrape = (
  secondsAgo: number,
  answeredBy: string,
  multiproc?: ScrapePoint['multiproc'],
): ScrapePoint => ({
  t: NOW - secondsAgo * 1000,
  ok: true,
  durationMs: 4,
  answeredBy,
  counter: 10,
  inFlight: 0,
  lastWriterGauge: null,
  truthInFlight: 0,
  histogramCount: null,
  histogramSum: null,
  truth: 10,
  bytes: 100,
  ...(multiproc ? { multiproc } : {}),
  targets: 1,
  targetsUp: 1,
  error: null,
});

const SPECS = [
  spec('direct', { kind: 'direct' }, { adminUrl: 'http://127.0.0.1:8091' }),
  spec('per-worker', { kind: 'per-worker' }),
  spec('statsd', { kind: 'pushed', aggregator: 'bridge' }),
  spec('multiproc', { kind: 'aggregated' }, { multiprocFilesMetric: 'files' }),
];

function lab(): LabSnapshot {
  const s = snapshotFixture(SPECS);
  return {
    ...s,
    now: NOW,
    routes: SPECS.map((sp) => ({
      ...routeViewFixture(sp),
      scrapes: [scrape(40, 'worker 1'), scrape(20, 'worker 2', { files: 3, bytes: 300 })],
    })),
  };
}

describe('dashboardView', () => {
  it.each([
    { name: 'nothing chosen: the braid beside the bridge', chosen: null, pair: ['direct', 'statsd'] },
    {
      name: 'a choice',
      chosen: ['per-worker', 'multiproc'] as [string, string],
      pair: ['per-worker', 'multiproc'],
    },
    {
      name: 'a choice the lab lacks',
      chosen: ['x', 'direct'] as [string, string],
      pair: ['direct', 'statsd'],
    },
  ])('$name', ({ chosen, pair }) => {
    const view = dashboardView(lab(), { chosen }, {});
    expect(view.pair).toEqual(pair);
    expect(view.panels.map((p) => p.id)).toEqual(pair);
  });

  it('offers every route by its title, with the worker count in place', () => {
    const view = dashboardView(lab(), { chosen: null }, {});
    expect(view.choices).toEqual(SPECS.map((s) => ({ id: s.id, title: `${s.id} on 4 workers` })));
  });
});

describe('panelView', () => {
  const snapshot = lab();
  const route = (id: string) => snapshot.routes.find((r) => r.spec.id === id) ?? snapshot.routes[0]!;

  it.each([
    { id: 'direct', facts: 'summary', canCrash: true },
    { id: 'statsd', facts: 'bridge', canCrash: false },
    { id: 'multiproc', facts: 'multiproc', canCrash: false },
  ])('$id: $facts under the title', ({ id, facts, canCrash }) => {
    const panel = panelView(route(id), snapshot, {});
    expect(panel.facts.kind).toBe(facts);
    expect(panel.canCrash).toBe(canCrash);
    expect(panel.title).toBe(`${id} on 4 workers`);
  });

  it('the bridge’s route carries its figures and the kernel’s reading at the snapshot’s clock', () => {
    const panel = panelView(route('statsd'), snapshot, {});
    expect(panel.facts).toEqual({
      kind: 'bridge',
      bridge: snapshot.bridge,
      kernel: kernelUdpReading(snapshot.kernelUdp, NOW),
      answered: route('statsd').truth.answered,
    });
  });

  it('a multiprocess route carries its latest folder', () => {
    expect(panelView(route('multiproc'), snapshot, {}).facts).toEqual({
      kind: 'multiproc',
      reading: { t: NOW - 20_000, files: 3, bytes: 300, scrapeMs: 4 },
    });
  });

  it('shapes the charts as the panel drew them, with the page’s worker slots', () => {
    const slots = { 'worker 2': 0, 'worker 1': 1 };
    const panel = panelView(route('direct'), snapshot, slots);
    expect(panel.counter).toEqual(counterSeries(route('direct'), NOW, slots));
    expect(panel.rates).toEqual(rateRows(route('direct')));
    expect(panel.domain).toEqual(timeDomain(route('direct'), NOW, 30));
    expect(panel.prometheus.state).toEqual({ kind: 'off' });
  });
});
