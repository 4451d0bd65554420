import { describe, expect, it } from 'vitest';
import { labStatus, loadShortfall } from './lab-status';
import type { LoadView, LoopDelayView } from './types';

const load = (over: Partial<LoadView> = {}): LoadView => ({
  ratePerSecond: 5000,
  apps: 2,
  requestedPerSecond: 10_000,
  sentPerSecond: 10_000,
  skippedPerSecond: 0,
  behind: 0,
  behindSeconds: 0,
  requested: 50_000,
  sent: 50_000,
  skipped: 0,
  missed: 0,
  tickLag: { p50Ms: 0.2, p99Ms: 1.5, maxMs: 3 },
  ...over,
});

const loop = (maxMs = 12, p99Ms = 4): LoopDelayView => ({
  delay: { p50Ms: 0.3, p99Ms, maxMs },
  windowSeconds: 5,
  thresholdMs: 50,
  stalls: 0,
});

const HEALTH =
  'event-loop delay p50 0.3 ms, p99 4.0 ms, max 12 ms over 5 s · load ticks late p50 0.2 ms, p99 1.5 ms, ' +
  'max 3.0 ms · 0 latencies timed across a stall over 50 ms left out of the quantiles · 2 stream readers, 1 ' +
  'dropped for falling 1024 KiB behind';

const stream = { readers: 2, dropped: 1, maxBacklogBytes: 1024 * 1024 };

describe('loadShortfall', () => {
  it.each([
    { over: {}, want: 0 },
    { over: { sentPerSecond: 6300 }, want: 0.37 },
    { over: { requestedPerSecond: 0, sentPerSecond: 0 }, want: null },
    // A window edge can count a few more sent than requested: never a negative shortfall.
    { over: { sentPerSecond: 10_020 }, want: 0 },
  ])('$over → $want', ({ over, want }) => {
    const got = loadShortfall(load(over));
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 9);
  });
});

describe('labStatus', () => {
  it.each([
    {
      name: 'the loop held up beyond the threshold: a note, the figures in the detail',
      load: load(),
      paused: false,
      loop: loop(380, 120),
      delayed: 41,
      detail:
        'load 10000 req/s requested (5000 per app × 2), 10000 sent · event-loop delay p50 0.3 ms, p99 120 ms, ' +
        'max 380 ms over 5 s · load ticks late p50 0.2 ms, p99 1.5 ms, max 3.0 ms · 41 latencies timed across ' +
        'a stall over 50 ms left out of the quantiles · 2 stream readers, 1 dropped for falling 1024 KiB behind',
      note: 'loop held 380 ms',
    },
  ])('$name', ({ load: view, paused, loop: loopView, delayed, detail, note }) => {
    expect(
      labStatus({ load: view, paused, loop: loopView, delayedLatencies: delayed, stream }),
    ).toMatchObject({
      detail,
      note,
    });
  });

  it.each([
    {
      name: 'on schedule: figures in the detail, no note',
      load: load(),
      paused: false,
      detail: 'load 10000 req/s requested (5000 per app × 2), 10000 sent',
      note: null,
    },
    {
      name: 'one app: no per-app split',
      load: load({ apps: 1, requestedPerSecond: 200, sentPerSecond: 199.6, ratePerSecond: 200 }),
      paused: false,
      detail: 'load 200 req/s requested, 200 sent',
      note: null,
    },
    {
      name: 'behind: how far, and why',
      load: load({
        sentPerSecond: 6240,
        skippedPerSecond: 2000,
        behind: 4200,
        behindSeconds: 0.42,
        missed: 900,
      }),
      paused: false,
      detail:
        'load 10000 req/s requested (5000 per app × 2), 6240 sent — 38 % behind (2000/s skipped at the ' +
        'concurrency cap; 4200 due and not sent, 0.42 s late; 900 missed since the reset)',
      note: 'load 38 % behind',
    },
    {
      name: 'paused',
      load: load({ ratePerSecond: 0, requestedPerSecond: 0, sentPerSecond: 0, tickLag: null }),
      paused: true,
      detail: 'load paused',
      note: null,
      health: HEALTH.replace(' · load ticks late p50 0.2 ms, p99 1.5 ms, max 3.0 ms', ''),
    },
  ])('$name', ({ load: view, paused, detail, note, health = HEALTH }) => {
    expect(labStatus({ load: view, paused, loop: loop(), delayedLatencies: 0, stream })).toEqual({
      name: 'lab',
      state: 'up',
      detail: `${detail} · ${health}`,
      note,
      lastOkAgeSeconds: 0,
    });
  });
});
