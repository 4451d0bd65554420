import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../../server/lab/types';
import {
  answerersOf,
  assignWorkerSlots,
  compareAnswerers,
  slotsForRoutes,
  workerStyle,
  WORKER_COLORS,
  WORKER_SHAPES,
} from './worker-styles';

type Slots = Record<string, number>;

describe('assignWorkerSlots', () => {
  it.each<{ name: string; previous: Slots; answerers: string[]; want: Slots }>([
    {
      name: 'first sight: natural order',
      previous: {},
      answerers: ['3', '1', '10', '2'],
      want: { '1': 0, '2': 1, '3': 2, '10': 3 },
    },
    {
      name: 'known workers keep their slots',
      previous: { '2': 0, '1': 1 },
      answerers: ['1', '2'],
      want: { '1': 1, '2': 0 },
    },
    {
      name: 'a replacement takes the lowest free slot, others stay',
      previous: { '1': 0, '2': 1, '3': 2 },
      answerers: ['2', '3', '5'],
      want: { '2': 1, '3': 2, '5': 0 },
    },
    { name: 'gone workers are dropped', previous: { '1': 0, '2': 1 }, answerers: ['2'], want: { '2': 1 } },
    { name: 'duplicates count once', previous: {}, answerers: ['a', 'a', 'b'], want: { a: 0, b: 1 } },
    {
      name: 'a clash in the previous map is resolved',
      previous: { a: 0, b: 0 },
      answerers: ['a', 'b'],
      want: { a: 0, b: 1 },
    },
    { name: 'nothing answered', previous: { '1': 0 }, answerers: [], want: {} },
  ])('$name', ({ previous, answerers, want }) => {
    expect(assignWorkerSlots(previous, answerers)).toEqual(want);
  });
});

describe('workerStyle', () => {
  it('gives the first 24 slots 24 different colour+shape pairs', () => {
    const pairs = new Set(Array.from({ length: 24 }, (_, i) => JSON.stringify(workerStyle(i))));
    expect(pairs.size).toBe(24);
  });

  it.each([
    { slot: 0, color: WORKER_COLORS[0], shape: WORKER_SHAPES[0] },
    { slot: 1, color: WORKER_COLORS[1], shape: WORKER_SHAPES[1] },
    { slot: 6, color: WORKER_COLORS[6], shape: WORKER_SHAPES[0] },
    { slot: 8, color: WORKER_COLORS[0], shape: WORKER_SHAPES[2] },
    { slot: -3, color: WORKER_COLORS[0], shape: WORKER_SHAPES[0] },
  ])('slot $slot', ({ slot, color, shape }) => {
    expect(workerStyle(slot)).toEqual({ color, shape });
  });
});

describe('compareAnswerers', () => {
  it.each([
    { a: 'worker 9', b: 'worker 10', sign: -1 },
    { a: 'worker 10', b: 'worker 9', sign: 1 },
    { a: 'started 18:30:43Z', b: 'started 18:30:43Z', sign: 0 },
  ])('$a vs $b', ({ a, b, sign }) => {
    expect(Math.sign(compareAnswerers(a, b))).toBe(sign);
  });
});

const scrape = (answeredBy: string | null, ok = true): ScrapePoint => ({
  t: 0,
  ok,
  durationMs: 1,
  bytes: ok ? 900 : null,
  targets: 1,
  targetsUp: ok ? 1 : 0,
  answeredBy,
  counter: ok ? 1 : null,
  inFlight: null,
  histogramCount: null,
  histogramSum: null,
  lastWriterGauge: null,
  truth: 1,
  truthInFlight: 0,
  error: ok ? null : 'ECONNREFUSED',
});

describe('answerersOf', () => {
  it.each([
    { name: 'order of first sight', scrapes: [scrape('2'), scrape('1'), scrape('2')], want: ['2', '1'] },
    {
      name: 'failed and unidentified scrapes are skipped',
      scrapes: [scrape('1', false), scrape(null)],
      want: [],
    },
  ])('$name', ({ scrapes, want }) => {
    expect(answerersOf(scrapes)).toEqual(want);
  });
});

describe('slotsForRoutes', () => {
  const routes = [
    { spec: { id: 'direct' }, scrapes: [scrape('1'), scrape('2')] },
    { spec: { id: 'statsd' }, scrapes: [scrape('bridge')] },
  ];

  it.each<{ name: string; previous: Record<string, Slots>; sameEpoch: boolean; want: Record<string, Slots> }>(
    [
      {
        name: 'same epoch keeps slots',
        previous: { direct: { '2': 0, '1': 1 } },
        sameEpoch: true,
        want: { direct: { '2': 0, '1': 1 }, statsd: { bridge: 0 } },
      },
      {
        name: 'a new epoch starts afresh',
        previous: { direct: { '2': 0, '1': 1 } },
        sameEpoch: false,
        want: { direct: { '1': 0, '2': 1 }, statsd: { bridge: 0 } },
      },
    ],
  )('$name', ({ previous, sameEpoch, want }) => {
    expect(slotsForRoutes(previous, routes, sameEpoch)).toEqual(want);
  });
});
