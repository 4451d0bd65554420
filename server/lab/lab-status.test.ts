import { describe, expect, it } from 'vitest';
import { labStatus, loadShortfall } from './lab-status';
import type { LoadView } from './types';

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
  ...over,
});

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
      load: load({ ratePerSecond: 0, requestedPerSecond: 0, sentPerSecond: 0 }),
      paused: true,
      detail: 'load paused',
      note: null,
    },
  ])('$name', ({ load: view, paused, detail, note }) => {
    expect(labStatus({ load: view, paused })).toEqual({
      name: 'lab',
      state: 'up',
      detail,
      note,
      lastOkAgeSeconds: 0,
    });
  });
});
