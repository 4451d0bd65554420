import { describe, expect, it } from 'vitest';
import type { RouteTopology } from '../../server/lab/types';
import { routePair } from './route-pair';

const r = (id: string, kind: RouteTopology['kind']) => ({
  id,
  topology: (kind === 'pushed' ? { kind, aggregator: 'bridge' } : { kind }) as RouteTopology,
});
const four = [r('a', 'direct'), r('b', 'per-worker'), r('c', 'aggregated'), r('d', 'pushed')];

describe('routePair', () => {
  it.each<{ name: string; routes: ReturnType<typeof r>[]; chosen: [string, string] | null; want: string[] }>([
    { name: 'the braid beside the bridge by default', routes: four, chosen: null, want: ['a', 'd'] },
    { name: 'the chosen pair', routes: four, chosen: ['c', 'b'], want: ['c', 'b'] },
    { name: 'a chosen route that is gone', routes: four, chosen: ['a', 'x'], want: ['a', 'd'] },
    { name: 'the same route twice', routes: four, chosen: ['b', 'b'], want: ['a', 'd'] },
    { name: 'no pushed route', routes: four.slice(0, 3), chosen: null, want: ['a', 'b'] },
    { name: 'one route', routes: [r('b', 'per-worker')], chosen: null, want: ['b'] },
    { name: 'none', routes: [], chosen: null, want: [] },
  ])('$name', ({ routes, chosen, want }) => {
    expect(routePair(routes, chosen)).toEqual(want);
  });
});
