import { describe, expect, it } from 'vitest';
import { routeViewFixture, snapshotFixture } from '../../server/lab/snapshot-fixture';
import type { RouteSpec } from '../../server/lab/types';
import { parseSnapshotMessage } from './snapshot-message';

const spec: RouteSpec = {
  id: 'direct',
  title: 'Direct',
  summary: 'any worker answers',
  topology: { kind: 'direct' },
  appId: 'node',
  loadUrl: 'http://127.0.0.1:8081/work',
  metricsUrl: 'http://127.0.0.1:8081/metrics',
  answeredBy: { kind: 'header', header: 'x-worker-id' },
  counterMetric: 'c',
  gaugeMetric: 'g',
  histogramMetric: 'h',
};
const snapshot = snapshotFixture([spec]);
const route = routeViewFixture(spec);
const without = (key: string, from: object) =>
  Object.fromEntries(Object.entries(from).filter(([k]) => k !== key));

describe('parseSnapshotMessage', () => {
  it('accepts a snapshot and hands it back unchanged', () => {
    expect(parseSnapshotMessage(JSON.stringify(snapshot))).toEqual({ ok: true, snapshot });
  });

  it.each([
    { name: 'not JSON', data: '{nope', error: /^snapshot: invalid JSON/ },
    { name: 'an array', data: '[]', error: /^snapshot: / },
    { name: 'no now', data: JSON.stringify(without('now', snapshot)), error: /^now: / },
    { name: 'a text epoch', data: JSON.stringify({ ...snapshot, epoch: 'x' }), error: /^epoch: / },
    { name: 'no settings', data: JSON.stringify(without('settings', snapshot)), error: /^settings: / },
    {
      name: 'a route without an id',
      data: JSON.stringify({ ...snapshot, routes: [{ ...route, spec: without('id', route.spec) }] }),
      error: /^routes\.0\.spec\.id: /,
    },
    {
      name: 'a route without its cost',
      data: JSON.stringify({ ...snapshot, routes: [route, without('cost', route)] }),
      error: /^routes\.1\.cost: /,
    },
    {
      name: 'an unknown Prometheus mode',
      data: JSON.stringify({ ...snapshot, prometheus: { ...snapshot.prometheus, mode: 'maybe' } }),
      error: /^prometheus\.mode: /,
    },
  ])('rejects $name, naming the field', ({ data, error }) => {
    const result = parseSnapshotMessage(data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
