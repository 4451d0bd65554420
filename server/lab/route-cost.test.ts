import { describe, expect, it } from 'vitest';
import { crashEffect, routeCost } from './route-cost';
import type { RatePoint, ScrapePoint } from './types';

const point = (t: number, counter: number | null, extra: Partial<ScrapePoint> = {}): ScrapePoint => ({
  t,
  ok: counter !== null,
  durationMs: 10,
  answeredBy: null,
  counter,
  inFlight: null,
  lastWriterGauge: null,
  truthInFlight: 0,
  histogramCount: null,
  histogramSum: null,
  truth: counter ?? 0,
  bytes: counter === null ? null : 1000,
  targets: 1,
  targetsUp: counter === null ? 0 : 1,
  error: counter === null ? 'down' : null,
  ...extra,
});

describe('routeCost', () => {
  it.each([
    {
      name: 'no scrapes yet',
      input: { scrapes: [], workers: null, pushed: false },
      want: { scrapeP50Ms: null, scrapeP95Ms: null, metricsBytes: null, processes: 0, targets: 0 },
    },
    {
      name: 'quantiles over successful scrapes only, size of the latest',
      input: {
        scrapes: [
          point(1, 1, { durationMs: 10 }),
          point(2, 2, { durationMs: 20, bytes: 1200 }),
          point(3, null, { durationMs: 500 }),
        ],
        workers: 4,
        pushed: false,
      },
      want: { scrapeP50Ms: 15, scrapeP95Ms: 19.5, metricsBytes: 1200, processes: 5, targets: 1 },
    },
    {
      name: 'a pushed route also runs the bridge; targets of the latest scrape',
      input: { scrapes: [point(1, 1, { targets: 4 })], workers: 2, pushed: true },
      want: { scrapeP50Ms: 10, scrapeP95Ms: 10, metricsBytes: 1000, processes: 4, targets: 4 },
    },
  ])('$name', ({ input, want }) => {
    expect(routeCost(input)).toEqual(want);
  });
});

describe('crashEffect', () => {
  const rates = (pairs: [number, number | null, number | null][]): RatePoint[] =>
    pairs.map(([t, computed, truth]) => ({ t, computed, truth }));

  it.each([
    {
      name: 'a merged counter that loses the dead worker: one drop, one false reset, a spike',
      scrapes: [point(1000, 100), point(2000, 120), point(3000, 90), point(4000, 110)],
      rates: rates([
        [2000, 20, 20],
        [3000, 20, 20],
        [4000, 110, 20],
      ]),
      want: { counterDrop: 30, falseResets: 1, rateSpike: 5.5 },
    },
    {
      name: 'a counter that keeps climbing: nothing',
      scrapes: [point(1000, 100), point(3000, 120), point(4000, 140)],
      rates: rates([[3000, 20, 20]]),
      want: { counterDrop: 0, falseResets: 0, rateSpike: 1 },
    },
    {
      name: 'failed scrapes and points after the window are left out',
      scrapes: [point(1000, 100), point(3000, null), point(20_000, 1)],
      rates: rates([[20_000, 500, 20]]),
      want: { counterDrop: 0, falseResets: 0, rateSpike: null },
    },
  ])('$name', ({ scrapes, rates: r, want }) => {
    expect(crashEffect({ crash: { at: 2500, workerId: 3 }, scrapes, rates: r })).toEqual({
      at: 2500,
      workerId: 3,
      ...want,
    });
  });
});
