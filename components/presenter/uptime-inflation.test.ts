import { describe, expect, it } from 'vitest';
import type { RouteView } from '../../server/lab/types';
import { uptimeInflation } from './uptime-inflation';

const route = (over: { resets: number; rateRatio: number | null; rates: RouteView['rates'] }): RouteView =>
  ({
    headline: { errorNowPercent: null, lost: null, distinctAnswerers: 4, resets: over.resets },
    prometheus: over.rateRatio === null ? null : ({ rateRatio: over.rateRatio } as RouteView['prometheus']),
    rates: over.rates,
  }) as RouteView;

describe('uptimeInflation', () => {
  it.each([
    {
      name: "Prometheus' ratio when it has one",
      input: route({ resets: 7, rateRatio: 4.4, rates: [{ t: 1, computed: 300, truth: 100 }] }),
      epoch: 0,
      now: 35_000,
      want: { uptimeSeconds: 35, falseResets: 7, ratio: 4.4 },
    },
    {
      name: "the lab's own rate() without Prometheus",
      input: route({ resets: 2, rateRatio: null, rates: [{ t: 1, computed: 300, truth: 100 }] }),
      epoch: 10_000,
      now: 20_400,
      want: { uptimeSeconds: 10, falseResets: 2, ratio: 3 },
    },
    {
      name: 'nothing to divide yet',
      input: route({ resets: 0, rateRatio: null, rates: [{ t: 1, computed: null, truth: 0 }] }),
      epoch: 5000,
      now: 1000,
      want: { uptimeSeconds: 0, falseResets: 0, ratio: null },
    },
  ])('$name', ({ input, epoch, now, want }) => {
    expect(uptimeInflation(input, epoch, now)).toEqual(want);
  });
});
