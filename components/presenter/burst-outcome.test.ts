import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../../server/lab/types';
import { burstOutcome, latestMark, udpMark, udpOutcome } from './burst-outcome';

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

describe('udpMark', () => {
  const bridge = {
    readAt: 1,
    error: null,
    identity: null,
    udpPackets: 700,
    udpPacketDrops: null,
    lines: 4200,
  };
  const kernelUdp = {
    available: true as const,
    since: 5,
    at: 9,
    families: ['ipv4' as const],
    delta: { inDatagrams: 800, inErrors: 30, rcvbufErrors: 29 },
  };

  it.each([
    {
      name: 'both read',
      snapshot: { bridge, kernelUdp },
      want: { datagrams: 700, kernel: { since: 5, inErrors: 30, rcvbufErrors: 29 } },
    },
    {
      name: 'a bridge read that failed',
      snapshot: { bridge: { ...bridge, udpPackets: null }, kernelUdp },
      want: { datagrams: null, kernel: { since: 5, inErrors: 30, rcvbufErrors: 29 } },
    },
    {
      name: 'no bridge, no kernel counters',
      snapshot: { bridge: null, kernelUdp: { available: false as const, reason: 'not Linux' } },
      want: { datagrams: null, kernel: null },
    },
  ])('$name', ({ snapshot, want }) => {
    expect(udpMark(snapshot)).toEqual(want);
  });
});

describe('udpOutcome', () => {
  const kernel = (since: number, inErrors: number, rcvbufErrors = inErrors) => ({
    since,
    inErrors,
    rcvbufErrors,
  });

  it.each([
    {
      name: 'the kernel dropped what the bridge never saw',
      before: { datagrams: 100, kernel: kernel(1, 10) },
      after: { datagrams: 900, kernel: kernel(1, 19_010, 19_000) },
      want: { datagrams: 800, kernelErrors: 19_000, kernelBufferFull: 18_990 },
    },
    {
      name: 'nothing dropped',
      before: { datagrams: 100, kernel: kernel(1, 10) },
      after: { datagrams: 150, kernel: kernel(1, 10) },
      want: { datagrams: 50, kernelErrors: 0, kernelBufferFull: 0 },
    },
    {
      name: 'the kernel count started again in between',
      before: { datagrams: 100, kernel: kernel(1, 10) },
      after: { datagrams: 150, kernel: kernel(2, 0) },
      want: { datagrams: 50, kernelErrors: null, kernelBufferFull: null },
    },
    {
      name: 'kernel counters unavailable at the end',
      before: { datagrams: 100, kernel: kernel(1, 10) },
      after: { datagrams: 150, kernel: null },
      want: { datagrams: 50, kernelErrors: null, kernelBufferFull: null },
    },
    {
      name: 'kernel counters unavailable at the start',
      before: { datagrams: 100, kernel: null },
      after: { datagrams: 150, kernel: kernel(1, 10) },
      want: { datagrams: 50, kernelErrors: null, kernelBufferFull: null },
    },
    {
      name: 'the bridge restarted (its count went down)',
      before: { datagrams: 100, kernel: kernel(1, 10) },
      after: { datagrams: 20, kernel: kernel(1, 12) },
      want: { datagrams: null, kernelErrors: 2, kernelBufferFull: 2 },
    },
    {
      name: 'the bridge not read at the start',
      before: { datagrams: null, kernel: kernel(1, 10) },
      after: { datagrams: 20, kernel: kernel(1, 10) },
      want: { datagrams: null, kernelErrors: 0, kernelBufferFull: 0 },
    },
  ])('$name', ({ before, after, want }) => {
    expect(udpOutcome(before, after)).toEqual(want);
  });
});
