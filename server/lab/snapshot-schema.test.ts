import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env';
import { routeDefinitions } from '../routes/definitions';
import { parseSnapshot } from './snapshot-schema';
import { routeViewFixture, snapshotFixture } from './snapshot-fixture';

const snapshot = snapshotFixture(routeDefinitions(loadConfig({ PATH: '' })));
const withDjango = snapshotFixture(routeDefinitions(loadConfig({ PATH: '', PYTHON_DEMOS: 'on' })));
const route = routeViewFixture;

describe('parseSnapshot', () => {
  it.each([
    ['without the Django routes', snapshot],
    ['with the Django routes', withDjango],
  ])('reads a snapshot of every defined route, %s', (_, value) => {
    expect(parseSnapshot(JSON.parse(JSON.stringify(value)))).toEqual({ ok: true, snapshot: value });
  });

  it.each([
    ['no bridge', { ...snapshot, bridge: null }],
    [
      'a bridge never read',
      {
        ...snapshot,
        bridge: {
          readAt: null,
          error: 'not read yet',
          identity: null,
          udpPackets: null,
          udpPacketDrops: null,
          lines: null,
        },
      },
    ],
    ['no kernel counters', { ...snapshot, kernelUdp: { available: false, reason: 'not Linux' } }],
  ])('reads a snapshot with %s', (_, value) => {
    expect(parseSnapshot(JSON.parse(JSON.stringify(value)))).toEqual({ ok: true, snapshot: value });
  });

  it.each([
    [{ ...snapshot, epoch: 'one' }, /^epoch: /],
    [
      { ...snapshot, bridge: { ...snapshot.bridge, identity: { implementation: 'go', version: null } } },
      /^bridge\.identity\.implementation: /,
    ],
    [{ ...snapshot, kernelUdp: { available: true, since: 1 } }, /^kernelUdp\.at: /],
    [{ ...snapshot, kernelUdp: { available: false, reason: 0 } }, /^kernelUdp\.reason: /],
    [{ ...snapshot, pythonDemos: { state: 'auto', howToGet: null } }, /^pythonDemos\.state: /],
    [{ ...snapshot, pythonDemos: undefined }, /^pythonDemos: /],
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
