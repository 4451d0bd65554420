import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../../server/lab/types';
import { burstOutcome, latestMark } from './burst-outcome';

function scrape(t: number, truth: number, counter: number | null, ok = true): ScrapePoint {
  return {
    t,
    ok,
    durationMs: 2,
    bytes: ok ? 900 : null,
    targets: 1,
    targetsUp: ok ? 1 : 0,
    answeredBy: 'a',
    counter,
    inFlight: 0,
    lastWriterGauge: 0,
    truthInFlight: 0,
    histogramCount: null,
    histogramSum: null,
    truth,
    error: ok ? null : 'down',
  };
}

describe('latestMark', () => {
  it.each([
    {
      name: 'the newest usable scrape',
      scrapes: [scrape(2, 20, 19), scrape(1, 10, 10)],
      want: { truth: 20, counter: 19 },
    },
    {
      name: 'skips failed scrapes',
      scrapes: [scrape(1, 10, 10), scrape(2, 20, null, false)],
      want: { truth: 10, counter: 10 },
    },
    {
      name: 'skips scrapes without a counter',
      scrapes: [scrape(1, 10, 9), scrape(2, 20, null)],
      want: { truth: 10, counter: 9 },
    },
    { name: 'nothing usable', scrapes: [scrape(1, 10, null, false)], want: null },
    { name: 'no scrapes', scrapes: [], want: null },
  ])('$name', ({ scrapes, want }) => {
    expect(latestMark(scrapes)).toEqual(want);
  });
});

describe('burstOutcome', () => {
  it.each([
    {
      name: 'nothing lost',
      before: { truth: 1000, counter: 998 },
      after: { truth: 21_000, counter: 20_998 },
      want: { answered: 20_000, counted: 20_000, lost: 0, lostPercent: 0 },
    },
    {
      name: 'a quarter lost',
      before: { truth: 0, counter: 0 },
      after: { truth: 20_000, counter: 15_000 },
      want: { answered: 20_000, counted: 15_000, lost: 5000, lostPercent: 25 },
    },
    {
      name: 'the bridge ahead by a flush is not a gain',
      before: { truth: 100, counter: 90 },
      after: { truth: 200, counter: 195 },
      want: { answered: 100, counted: 105, lost: 0, lostPercent: 0 },
    },
    {
      name: 'nothing answered yet',
      before: { truth: 100, counter: 100 },
      after: { truth: 100, counter: 100 },
      want: { answered: 0, counted: 0, lost: 0, lostPercent: null },
    },
    {
      name: 'the bridge restarted in between',
      before: { truth: 100, counter: 100 },
      after: { truth: 300, counter: 50 },
      want: null,
    },
    { name: 'no mark before', before: null, after: { truth: 1, counter: 1 }, want: null },
    { name: 'no mark after', before: { truth: 1, counter: 1 }, after: null, want: null },
  ])('$name', ({ before, after, want }) => {
    expect(burstOutcome(before, after)).toEqual(want);
  });
});
