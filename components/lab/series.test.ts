import { describe, expect, it } from 'vitest';
import type { RatePoint, ScrapePoint, WorkerInfo } from '../../server/lab/types';
import {
  counterSeries,
  type CounterSeries,
  errorSeverity,
  offsetSeconds,
  prometheusRateRows,
  rateRows,
  routeTitle,
  timeDomain,
} from './series';
import { workerStyle } from './worker-styles';

const NOW = 1_700_000_060_000;
/** The time `offset` seconds from NOW (negative: before it), Unix ms, as the series' x are. */
const second = (offset: number) => NOW + offset * 1000;

/** A scrape `secondsAgo` before NOW; `counter` null with ok=false is a failure. */
const scrape = (
  secondsAgo: number,
  truth: number,
  counter: number | null,
  answeredBy: string | null,
  ok = true,
): ScrapePoint => ({
  t: NOW - secondsAgo * 1000,
  ok,
  durationMs: 3,
  bytes: ok ? 900 : null,
  targets: 1,
  targetsUp: ok ? 1 : 0,
  answeredBy: ok ? answeredBy : null,
  counter: ok ? counter : null,
  inFlight: null,
  histogramCount: null,
  histogramSum: null,
  lastWriterGauge: null,
  truth,
  truthInFlight: 0,
  error: ok ? null : 'ECONNREFUSED',
});

describe('routeTitle', () => {
  it.each([
    { template: 'Direct: {workers} workers', workers: 4, want: 'Direct: 4 workers' },
    { template: '{workers} + {workers}', workers: 2, want: '2 + 2' },
    { template: 'StatsD bridge', workers: 8, want: 'StatsD bridge' },
  ])('$template', ({ template, workers, want }) => {
    expect(routeTitle(template, workers)).toBe(want);
  });
});

describe('offsetSeconds', () => {
  it.each([
    { t: NOW, want: 0 },
    { t: NOW - 1500, want: -1.5 },
    { t: NOW - 1234.6, want: -1.235 },
  ])('$t', ({ t, want }) => {
    expect(offsetSeconds(t, NOW)).toBe(want);
  });
});

/** Workers 7 and 8 of the pool, in slots 2 and 1: a pool that was restarted once. */
const POOL: WorkerInfo[] = [
  { id: 7, pid: 4007, uptimeSeconds: 30, slot: 2, metricsPort: null },
  { id: 8, pid: 4008, uptimeSeconds: 30, slot: 1, metricsPort: null },
];

describe('counterSeries', () => {
  it.each<{
    name: string;
    scrapes: ScrapePoint[];
    workers?: WorkerInfo[];
    slots: Record<string, number>;
    want: CounterSeries;
  }>([
    {
      name: 'braided workers: each point under its answerer, named by its slot in the pool, truth under every scrape',
      scrapes: [scrape(3, 30, 8, 'worker 7'), scrape(2, 40, 11, 'worker 8'), scrape(1, 50, 13, 'worker 7')],
      workers: POOL,
      slots: {},
      want: {
        truth: [
          { x: second(-3), y: 30 },
          { x: second(-2), y: 40 },
          { x: second(-1), y: 50 },
        ],
        scraped: [
          { x: second(-3), y: 8 },
          { x: second(-2), y: 11 },
          { x: second(-1), y: 13 },
        ],
        workers: [
          {
            answerer: 'worker 7',
            name: { label: 'w2', secondary: 'pid 4007', detail: 'worker 7, pid 4007' },
            style: workerStyle(0),
            points: [
              { x: second(-3), y: 8 },
              { x: second(-1), y: 13 },
            ],
          },
          {
            answerer: 'worker 8',
            name: { label: 'w1', secondary: 'pid 4008', detail: 'worker 8, pid 4008' },
            style: workerStyle(1),
            points: [{ x: second(-2), y: 11 }],
          },
        ],
        unidentified: [],
        failures: [],
        counts: { scrapes: 3, ok: 3, failed: 0, noValue: 0 },
      },
    },
    {
      name: 'a failure breaks the line and is marked at the last scraped value, never at zero',
      scrapes: [
        scrape(2, 40, 40, 'started 22:12:20Z'),
        scrape(1, 50, null, null, false),
        scrape(0, 60, 60, 'started 22:12:20Z'),
      ],
      slots: { 'started 22:12:20Z': 3 },
      want: {
        truth: [
          { x: second(-2), y: 40 },
          { x: second(-1), y: 50 },
          { x: second(0), y: 60 },
        ],
        scraped: [
          { x: second(-2), y: 40 },
          { x: second(-1), y: null },
          { x: second(0), y: 60 },
        ],
        workers: [
          {
            answerer: 'started 22:12:20Z',
            name: { label: 'bridge (up 2 min)', secondary: null, detail: 'started 22:12:20Z' },
            style: workerStyle(3),
            points: [
              { x: second(-2), y: 40 },
              { x: second(0), y: 60 },
            ],
          },
        ],
        unidentified: [],
        failures: [{ x: second(-1), y: 40 }],
        counts: { scrapes: 3, ok: 2, failed: 1, noValue: 0 },
      },
    },
    {
      name: 'a failure before any value is marked on the truth; unsorted input is sorted',
      scrapes: [scrape(1, 12, 12, null), scrape(2, 10, null, null, false), scrape(0, 14, null, '1')],
      slots: {},
      want: {
        truth: [
          { x: second(-2), y: 10 },
          { x: second(-1), y: 12 },
          { x: second(0), y: 14 },
        ],
        scraped: [
          { x: second(-2), y: null },
          { x: second(-1), y: 12 },
          { x: second(0), y: null },
        ],
        workers: [],
        unidentified: [{ x: second(-1), y: 12 }],
        failures: [{ x: second(-2), y: 10 }],
        counts: { scrapes: 3, ok: 2, failed: 1, noValue: 1 },
      },
    },
    {
      name: 'no scrapes yet',
      scrapes: [],
      slots: {},
      want: {
        truth: [],
        scraped: [],
        workers: [],
        unidentified: [],
        failures: [],
        counts: { scrapes: 0, ok: 0, failed: 0, noValue: 0 },
      },
    },
  ])('$name', ({ scrapes, workers, slots, want }) => {
    expect(counterSeries({ scrapes, workers: workers ?? null }, NOW, slots)).toEqual(want);
  });

  it('keeps the slots it is given, so colours follow processes', () => {
    const scrapes = [scrape(2, 1, 1, '1'), scrape(1, 2, 2, '2')];
    const series = counterSeries({ scrapes, workers: null }, NOW, { '1': 5, '2': 0 });
    expect(series.workers.map((w) => [w.answerer, w.style])).toEqual([
      ['2', workerStyle(0)],
      ['1', workerStyle(5)],
    ]);
  });
});

const rate = (secondsAgo: number, computed: number | null, truth: number | null): RatePoint => ({
  t: NOW - secondsAgo * 1000,
  computed,
  truth,
});

describe('rateRows', () => {
  it.each([
    {
      name: 'sorted, nulls kept as gaps',
      rates: [rate(1, 52, 50), rate(2, null, 49)],
      want: [
        { x: second(-2), computed: null, truth: 49 },
        { x: second(-1), computed: 52, truth: 50 },
      ],
    },
    { name: 'empty', rates: [], want: [] },
  ])('$name', ({ rates, want }) => {
    expect(rateRows({ rates })).toEqual(want);
  });
});

describe('prometheusRateRows', () => {
  it.each([
    {
      name: 'sorted, a failed query kept as a gap',
      points: [
        { t: NOW - 1000, rate: 348 },
        { t: NOW - 3000, rate: 50.5 },
        { t: NOW - 2000, rate: null },
      ],
      want: [
        { x: second(-3), prometheus: 50.5 },
        { x: second(-2), prometheus: null },
        { x: second(-1), prometheus: 348 },
      ],
    },
    { name: 'Prometheus not in the loop', points: [], want: [] },
  ])('$name', ({ points, want }) => {
    expect(prometheusRateRows({ prometheusRates: points })).toEqual(want);
  });
});

describe('timeDomain', () => {
  it.each([
    { name: 'nothing yet: the minimum window', scrapes: [], rates: [], want: [-30, 0] },
    { name: 'short history: the minimum window', scrapes: [scrape(5, 0, 0, '1')], rates: [], want: [-30, 0] },
    {
      name: 'the oldest point of either series',
      scrapes: [scrape(40.2, 0, 0, '1')],
      rates: [rate(58, 1, 1)],
      want: [-60, 0],
    },
    { name: 'rounded out to ten seconds', scrapes: [scrape(40.5, 0, 0, '1')], rates: [], want: [-50, 0] },
    { name: 'a whole window as it is', scrapes: [scrape(120, 0, 0, '1')], rates: [], want: [-120, 0] },
    // The window slides a second: its oldest point is 119 or 120 s old, and the axis does not move.
    { name: 'a window a second short', scrapes: [scrape(119.2, 0, 0, '1')], rates: [], want: [-120, 0] },
  ])('$name', ({ scrapes, rates, want }) => {
    expect(timeDomain({ scrapes, rates }, NOW, 30)).toEqual(want);
  });
});

describe('errorSeverity', () => {
  it.each([
    { percent: 0.4, want: 'good' },
    { percent: -0.99, want: 'good' },
    { percent: 1, want: 'warn' },
    { percent: -9.9, want: 'warn' },
    { percent: -74.8, want: 'bad' },
    { percent: 300, want: 'bad' },
    { percent: null, want: 'unknown' },
    { percent: Number.NaN, want: 'unknown' },
  ])('$percent → $want', ({ percent, want }) => {
    expect(errorSeverity(percent)).toBe(want);
  });
});
