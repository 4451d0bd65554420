import { describe, expect, it } from 'vitest';
import { parseExposition } from './exposition-parser';
import { createLabHealthRegistry } from './lab-health-metrics';
import type { LoadView } from './types';

const loadView = (over: Partial<LoadView> = {}): LoadView => ({
  ratePerSecond: 5000,
  apps: 2,
  requestedPerSecond: 10_000,
  sentPerSecond: 6300,
  skippedPerSecond: 0,
  behind: 420,
  behindSeconds: 0.4,
  requested: 90_000,
  sent: 60_000,
  skipped: 1000,
  missed: 28_580,
  tickLag: { p50Ms: 2, p99Ms: 40, maxMs: 80 },
  ...over,
});

const LOOP_AND_DELAYED = [
  ['scrape_lab_event_loop_delay_seconds', { quantile: '0.5' }, 0.001],
  ['scrape_lab_event_loop_delay_seconds', { quantile: '0.99' }, 0.12],
  ['scrape_lab_event_loop_delay_seconds', { quantile: '1' }, 0.38],
  ['scrape_lab_event_loop_stalls_total', {}, 7],
  ['scrape_lab_latency_delayed_total', { route: 'direct' }, 41],
  ['scrape_lab_latency_delayed_total', { route: 'statsd' }, 0],
] as const;

const STREAM = [
  ['scrape_lab_stream_readers', {}, 2],
  ['scrape_lab_stream_readers_dropped_total', {}, 3],
] as const;

describe('createLabHealthRegistry', () => {
  it.each([
    {
      name: 'load running',
      load: loadView(),
      want: [
        ...LOOP_AND_DELAYED,
        ['scrape_lab_load_tick_lag_seconds', { quantile: '0.5' }, 0.002],
        ['scrape_lab_load_tick_lag_seconds', { quantile: '0.99' }, 0.04],
        ['scrape_lab_load_tick_lag_seconds', { quantile: '1' }, 0.08],
        ['scrape_lab_load_requested_total', {}, 90_000],
        ['scrape_lab_load_missed_total', {}, 28_580],
        ['scrape_lab_load_behind_requests', {}, 420],
        ...STREAM,
      ],
    },
    {
      name: 'load paused: no tick lag',
      load: loadView({ tickLag: null, behind: 0 }),
      want: [
        ...LOOP_AND_DELAYED,
        ['scrape_lab_load_requested_total', {}, 90_000],
        ['scrape_lab_load_missed_total', {}, 28_580],
        ['scrape_lab_load_behind_requests', {}, 0],
        ...STREAM,
      ],
    },
  ])('exports, in seconds and with help: $name', async ({ load, want }) => {
    const registry = createLabHealthRegistry({
      loop: () => ({
        delay: { p50Ms: 1, p99Ms: 120, maxMs: 380 },
        windowSeconds: 5,
        thresholdMs: 50,
        stalls: 7,
      }),
      load: () => load,
      latencyDelayed: () => [
        { route: 'direct', count: 41 },
        { route: 'statsd', count: 0 },
      ],
      stream: () => ({ readers: 2, dropped: 3, maxBacklogBytes: 1024 * 1024 }),
    });
    const parsed = parseExposition(await registry.metrics());
    expect(parsed.samples.map((s) => [s.name, s.labels])).toEqual(
      want.map(([name, labels]) => [name, labels]),
    );
    parsed.samples.forEach((s, i) => expect(s.value).toBeCloseTo(want[i]?.[2] as number, 9));
    for (const [name] of want) expect(parsed.help.get(name as string)).toBeTruthy();
    expect(parsed.types.get('scrape_lab_event_loop_stalls_total')).toBe('counter');
    expect(parsed.types.get('scrape_lab_event_loop_delay_seconds')).toBe('gauge');
  });
});
