import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../../server/lab/types';
import {
  countValues,
  gaugeMeans,
  gaugeRows,
  latestValue,
  meanLatencyRows,
  recentMean,
  valueRows,
} from './metric-series';

const NOW = 100_000;

function scrape(t: number, over: Partial<ScrapePoint> = {}): ScrapePoint {
  return {
    t,
    ok: true,
    durationMs: 3,
    bytes: 900,
    targets: 1,
    targetsUp: 1,
    answeredBy: '1',
    counter: 10,
    inFlight: 2,
    lastWriterGauge: 1,
    truthInFlight: 3,
    histogramCount: 10,
    histogramSum: 0.2,
    truth: 10,
    error: null,
    ...over,
  };
}

const failed = (t: number) => scrape(t, { ok: false, counter: null, error: 'ECONNREFUSED' });

describe('valueRows', () => {
  it.each([
    {
      name: 'sorted by time, seconds before now',
      scrapes: [scrape(99_000, { counter: 5 }), scrape(98_000, { counter: 4 })],
      want: [
        { x: -2, value: 4 },
        { x: -1, value: 5 },
      ],
    },
    {
      name: 'a failed scrape is a gap, not a zero',
      scrapes: [scrape(98_000, { counter: 4 }), failed(99_000)],
      want: [
        { x: -2, value: 4 },
        { x: -1, value: null },
      ],
    },
    {
      name: 'a missing value is a gap',
      scrapes: [scrape(99_500, { counter: null })],
      want: [{ x: -0.5, value: null }],
    },
  ])('$name', ({ scrapes, want }) => {
    expect(valueRows(scrapes, NOW, (s) => s.counter)).toEqual(want);
  });
});

describe('meanLatencyRows', () => {
  it.each([
    {
      name: 'Δsum / Δcount in ms between scrapes',
      scrapes: [
        scrape(98_000, { histogramCount: 10, histogramSum: 0.2 }),
        scrape(99_000, { histogramCount: 20, histogramSum: 0.5 }),
      ],
      want: [null, 30],
    },
    {
      name: 'no observations in between: no value',
      scrapes: [
        scrape(98_000, { histogramCount: 10, histogramSum: 0.2 }),
        scrape(99_000, { histogramCount: 10, histogramSum: 0.2 }),
      ],
      want: [null, null],
    },
    {
      name: 'a restart (count goes down): no value, then it measures from the restart',
      scrapes: [
        scrape(97_000, { histogramCount: 100, histogramSum: 2 }),
        scrape(98_000, { histogramCount: 4, histogramSum: 0.08 }),
        scrape(99_000, { histogramCount: 14, histogramSum: 0.28 }),
      ],
      want: [null, null, 20],
    },
    {
      name: 'a failed scrape is skipped over',
      scrapes: [scrape(97_000, { histogramCount: 0, histogramSum: 0 }), failed(98_000), scrape(99_000)],
      want: [null, null, 20],
    },
  ])('$name', ({ scrapes, want }) => {
    expect(
      meanLatencyRows(scrapes, NOW).map((r) => (r.value === null ? null : Number(r.value.toFixed(6)))),
    ).toEqual(want);
  });
});

describe('gaugeRows / gaugeMeans', () => {
  it.each([
    {
      name: 'means over the rows where every gauge is known',
      scrapes: [
        scrape(97_000, { truthInFlight: 20, inFlight: 18, lastWriterGauge: 5 }),
        scrape(98_000, { truthInFlight: 30, inFlight: 32, lastWriterGauge: 7 }),
        failed(99_000),
        scrape(99_500, { truthInFlight: 9, inFlight: 9, lastWriterGauge: null }),
      ],
      want: { truth: 25, deltas: 25, lastWriter: 6, rows: 2 },
    },
    {
      name: 'no complete row: no means',
      scrapes: [failed(99_000)],
      want: { truth: null, deltas: null, lastWriter: null, rows: 0 },
    },
    { name: 'no scrapes', scrapes: [], want: { truth: null, deltas: null, lastWriter: null, rows: 0 } },
  ])('$name', ({ scrapes, want }) => {
    expect(gaugeMeans(gaugeRows(scrapes, NOW))).toEqual(want);
  });

  it('keeps the truth through a failed scrape', () => {
    expect(gaugeRows([failed(99_000)], NOW)).toEqual([{ x: -1, truth: 3, deltas: null, lastWriter: null }]);
  });
});

describe('latestValue / countValues', () => {
  it.each([
    {
      name: 'the newest successful value',
      scrapes: [scrape(99_000, { counter: 9 }), scrape(98_000, { counter: 8 })],
      want: 9,
    },
    {
      name: 'skips failures and gaps',
      scrapes: [scrape(97_000, { counter: 7 }), failed(98_000), scrape(99_000, { counter: null })],
      want: 7,
    },
    { name: 'nothing yet', scrapes: [failed(99_000)], want: null },
  ])('$name', ({ scrapes, want }) => {
    expect(latestValue(scrapes, (s) => s.counter)).toBe(want);
  });

  it.each([
    { values: [1, null, 3], want: 2 },
    { values: [null], want: 0 },
    { values: [0], want: 1 },
  ])('counts $values → $want', ({ values, want }) => {
    expect(countValues(values, (v) => v)).toBe(want);
  });
});

describe('recentMean', () => {
  const h = (t: number, count: number, sum: number) =>
    scrape(t, { histogramCount: count, histogramSum: sum });
  it.each([
    { name: 'no scrapes', scrapes: [], span: 10, want: null },
    { name: 'one scrape: no interval yet', scrapes: [h(1, 10, 0.2)], span: 10, want: null },
    {
      name: 'Δsum / Δcount over every interval within the span',
      scrapes: [h(2, 30, 0.6), h(1, 10, 0.2), h(3, 50, 1.4)],
      span: 10,
      want: { seconds: 0.03, observations: 40 },
    },
    {
      name: 'only the latest intervals when there are more than the span',
      scrapes: [h(1, 0, 0), h(2, 10, 0.1), h(3, 20, 0.5), h(4, 30, 0.9)],
      span: 2,
      want: { seconds: 0.04, observations: 20 },
    },
    {
      name: 'from after a restart, where the histogram went backwards',
      scrapes: [h(1, 100, 5), h(2, 200, 10), h(3, 10, 0.1), h(4, 30, 0.5)],
      span: 10,
      want: { seconds: 0.02, observations: 20 },
    },
    {
      name: 'failed scrapes and scrapes without the histogram are skipped',
      scrapes: [h(1, 10, 0.1), failed(2), scrape(3, { histogramCount: null }), h(4, 20, 0.3)],
      span: 10,
      want: { seconds: 0.02, observations: 10 },
    },
    {
      name: 'nothing observed in between',
      scrapes: [h(1, 10, 0.1), h(2, 10, 0.1)],
      span: 10,
      want: null,
    },
  ])('$name', ({ scrapes, span, want }) => {
    const got = recentMean(scrapes, span);
    if (want === null) expect(got).toBeNull();
    else {
      expect(got?.observations).toBe(want.observations);
      expect(got?.seconds).toBeCloseTo(want.seconds, 10);
    }
  });
});
