import { describe, expect, it } from 'vitest';
import { parseSnapshotMessage } from './snapshot-message';

const route = {
  spec: { id: 'direct', title: 'Direct' },
  truth: {},
  scrapes: [],
  rates: [],
  headline: {},
  prometheus: null,
  prometheusRates: [],
};
const snapshot = {
  now: 1,
  epoch: 0,
  settings: {},
  routes: [route],
  components: [],
  prometheus: { mode: 'off', url: '', howToGet: 'install it' },
};
const without = (key: string, from: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(from).filter(([k]) => k !== key));

describe('parseSnapshotMessage', () => {
  it('accepts a snapshot and hands it back unchanged', () => {
    expect(parseSnapshotMessage(JSON.stringify(snapshot))).toEqual({ ok: true, snapshot });
  });

  it.each([
    { name: 'not JSON', data: '{nope', error: /^snapshot: invalid JSON/ },
    { name: 'an array', data: '[]', error: /^snapshot: expected an object$/ },
    { name: 'no now', data: JSON.stringify(without('now', snapshot)), error: /^now: expected a number$/ },
    {
      name: 'epoch as text',
      data: JSON.stringify({ ...snapshot, epoch: '1' }),
      error: /^epoch: expected a number$/,
    },
    { name: 'no settings', data: JSON.stringify(without('settings', snapshot)), error: /^settings: / },
    { name: 'no components', data: JSON.stringify(without('components', snapshot)), error: /^components: / },
    {
      name: 'routes not a list',
      data: JSON.stringify({ ...snapshot, routes: {} }),
      error: /^routes: expected an array$/,
    },
    {
      name: 'route without id',
      data: JSON.stringify({ ...snapshot, routes: [{ ...route, spec: { title: 'x' } }] }),
      error: /^routes\[0\]\.spec\.id: /,
    },
    {
      name: 'route without title',
      data: JSON.stringify({ ...snapshot, routes: [{ ...route, spec: { id: 'x' } }] }),
      error: /^routes\[0\]\.spec\.title: /,
    },
    {
      name: 'second route without scrapes',
      data: JSON.stringify({ ...snapshot, routes: [route, without('scrapes', route)] }),
      error: /^routes\[1\]\.scrapes: /,
    },
    {
      name: 'route without rates',
      data: JSON.stringify({ ...snapshot, routes: [without('rates', route)] }),
      error: /^routes\[0\]\.rates: /,
    },
    {
      name: 'route without headline',
      data: JSON.stringify({ ...snapshot, routes: [without('headline', route)] }),
      error: /^routes\[0\]\.headline: /,
    },
    {
      name: 'route without truth',
      data: JSON.stringify({ ...snapshot, routes: [without('truth', route)] }),
      error: /^routes\[0\]\.truth: /,
    },
    {
      name: 'no Prometheus status',
      data: JSON.stringify(without('prometheus', snapshot)),
      error: /^prometheus\.mode: expected a string$/,
    },
    {
      name: 'Prometheus figures as a number',
      data: JSON.stringify({ ...snapshot, routes: [{ ...route, prometheus: 3 }] }),
      error: /^routes\[0\]\.prometheus: expected an object or null$/,
    },
    {
      name: 'route without Prometheus rates',
      data: JSON.stringify({ ...snapshot, routes: [without('prometheusRates', route)] }),
      error: /^routes\[0\]\.prometheusRates: /,
    },
  ])('rejects $name, naming the field', ({ data, error }) => {
    const result = parseSnapshotMessage(data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
