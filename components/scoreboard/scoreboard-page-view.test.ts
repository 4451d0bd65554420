import { describe, expect, it } from 'vitest';
import { snapshotFixture } from '../../server/lab/snapshot-fixture';
import type { RouteSpec, YourAppView } from '../../server/lab/types';
import { scoreboardPageView, scoreboardTable, wiringView } from './scoreboard-page-view';

const spec = (id: string, appId = 'node'): RouteSpec => ({
  id,
  title: id,
  summary: '',
  topology: { kind: 'direct' },
  appId,
  loadUrl: 'http://127.0.0.1:8081/work',
  metricsUrl: 'http://127.0.0.1:8081/metrics',
  answeredBy: { kind: 'header', header: 'x-worker-id' },
  counterMetric: 'c',
  gaugeMetric: 'g',
  histogramMetric: 'h',
});

const yourApp: YourAppView = {
  spec: {
    id: 'your-app',
    title: 'Your app',
    summary: '',
    metricsUrl: 'http://127.0.0.1:8000/metrics',
    loadUrl: null,
    loadRatePerSecond: 20,
  },
  diagnosis: {
    verdict: 'consistent',
    summary: 'consistent',
    responders: { fresh: 1, keptAlive: 1, ids: ['a'] },
    signals: [],
    falseResets: [],
    suggestedFixes: [],
    scrapes: { fresh: 10, keptAlive: 10, failed: 0 },
    rateWindowSeconds: 4,
    notes: [],
  },
  window: { fresh: 10, keptAlive: 10, seconds: 9 },
  load: null,
  lastError: null,
};

const lab = (ids: string[], withYourApp = false) => ({
  ...snapshotFixture(ids.map((id) => spec(id))),
  yourApp: withYourApp ? yourApp : null,
});

describe('scoreboardTable', () => {
  it.each([
    { name: 'every route, in the lab’s order', ids: ['a', 'b'], routeIds: undefined, rows: ['a', 'b'] },
    { name: 'a scene’s routes, in its order', ids: ['a', 'b', 'c'], routeIds: ['c', 'a'], rows: ['c', 'a'] },
    { name: 'routes the lab lacks left out', ids: ['a'], routeIds: ['x', 'a'], rows: ['a'] },
  ])('$name', ({ ids, routeIds, rows }) => {
    const table = scoreboardTable(lab(ids), routeIds);
    expect(table.rows.map((r) => r.id)).toEqual(rows);
    expect(table.load).toMatch(new RegExp(`^${rows.length} routes? on 1 app`));
  });

  it.each([
    {
      name: 'four routes are roomy',
      ids: ['a', 'b', 'c', 'd'],
      withYourApp: false,
      routeIds: undefined,
      dense: false,
    },
    {
      name: 'five routes are dense',
      ids: ['a', 'b', 'c', 'd', 'e'],
      withYourApp: false,
      routeIds: undefined,
      dense: true,
    },
    {
      name: 'your app counts as a row',
      ids: ['a', 'b', 'c', 'd'],
      withYourApp: true,
      routeIds: undefined,
      dense: true,
    },
    {
      name: 'a scene shows no your-app row',
      ids: ['a', 'b', 'c', 'd'],
      withYourApp: true,
      routeIds: ['a'],
      dense: false,
    },
  ])('$name', ({ ids, withYourApp, routeIds, dense }) => {
    const table = scoreboardTable(lab(ids, withYourApp), routeIds);
    expect(table.dense).toBe(dense);
    expect(table.yourApp !== null).toBe(withYourApp && routeIds === undefined);
  });
});

describe('wiringView', () => {
  const snapshot = lab(['a', 'b']);
  const slots = { b: { 'worker 1': 2 } };

  it.each([
    { name: 'none open', routeId: null, want: null },
    { name: 'a route the lab lacks', routeId: 'x', want: null },
  ])('$name: no diagram', ({ routeId, want }) => {
    expect(wiringView(snapshot, routeId, slots)).toBe(want);
  });

  it.each([
    { routeId: 'b', slots: { 'worker 1': 2 } },
    { routeId: 'a', slots: {} },
  ])('route $routeId: the route, the lab’s state and its slots', ({ routeId, slots: want }) => {
    const view = wiringView(snapshot, routeId, slots);
    expect(view?.route.spec.id).toBe(routeId);
    expect(view?.settings).toBe(snapshot.settings);
    expect(view?.components).toBe(snapshot.components);
    expect(view?.now).toBe(snapshot.now);
    expect(view?.slots).toEqual(want);
  });
});

describe('scoreboardPageView', () => {
  it('carries the snapshot’s clock and epoch with the table and the open wiring', () => {
    const snapshot = lab(['a']);
    const view = scoreboardPageView(snapshot, { wiring: 'a' }, {});
    expect(view).toEqual({
      now: snapshot.now,
      epoch: snapshot.epoch,
      table: scoreboardTable(snapshot),
      wiring: wiringView(snapshot, 'a', {}),
    });
  });
});
