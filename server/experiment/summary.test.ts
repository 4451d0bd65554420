import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../lab/types';
import { formatTable, runBridge, runLoad, summarizeRoute } from './summary';

function p(counter: number | null, truth: number, answeredBy: string | null = 'worker 1'): ScrapePoint {
  return {
    t: 0,
    ok: counter !== null,
    durationMs: 1,
    answeredBy: counter === null ? null : answeredBy,
    counter,
    inFlight: 0,
    lastWriterGauge: null,
    truthInFlight: 0,
    histogramCount: null,
    histogramSum: null,
    truth,
    bytes: counter === null ? null : 100,
    targets: 1,
    targetsUp: counter === null ? 0 : 1,
    error: counter === null ? 'timed out' : null,
  };
}

describe('summarizeRoute', () => {
  it.each([
    {
      name: 'a correct bridge',
      points: [p(0, 0, 'b'), p(100, 100, 'b'), p(195, 200, 'b'), p(200, 200, 'b')],
      truth: 200,
      want: {
        truth: 200,
        final: 200,
        scrapes: 4,
        failedScrapes: 0,
        distinctWorkers: 1,
        maxRelativeError: 0.025,
        lost: 0,
      },
    },
    {
      name: 'a braided direct route',
      points: [
        p(20, 100, 'worker 1'),
        p(60, 200, 'worker 2'),
        p(70, 300, 'worker 3'),
        p(101, 400, 'worker 4'),
      ],
      truth: 400,
      want: {
        truth: 400,
        final: 101,
        scrapes: 4,
        failedScrapes: 0,
        distinctWorkers: 4,
        maxRelativeError: 0.8,
        lost: 299,
      },
    },
    {
      name: 'a failed final scrape leaves final and lost unknown',
      points: [p(50, 50), p(null, 100)],
      truth: 100,
      want: {
        truth: 100,
        final: null,
        scrapes: 2,
        failedScrapes: 1,
        distinctWorkers: 1,
        maxRelativeError: 0,
        lost: null,
      },
    },
    {
      name: 'scrapes before any traffic do not divide by zero',
      points: [p(0, 0), p(0, 0)],
      truth: 0,
      want: {
        truth: 0,
        final: 0,
        scrapes: 2,
        failedScrapes: 0,
        distinctWorkers: 1,
        maxRelativeError: 0,
        lost: 0,
      },
    },
  ])('$name', ({ points, truth, want }) => {
    expect(summarizeRoute(points, truth)).toEqual(want);
  });
});

describe('runBridge', () => {
  const view = {
    readAt: 1,
    error: null,
    identity: { implementation: 'builtin' as const, version: '0.1.0', note: null },
    udpPackets: 3,
    udpPacketDrops: null,
    lines: 9,
  };

  it.each([
    { name: 'the bridge read', view, want: view.identity },
    {
      name: 'read once, failing at the end: still the bridge it was',
      view: { ...view, error: 'timed out' },
      want: view.identity,
    },
    {
      name: 'never read',
      view: { ...view, identity: null, error: 'ECONNREFUSED' },
      want: { implementation: 'unknown', version: null, note: 'never read: ECONNREFUSED' },
    },
    { name: 'no bridge in this lab', view: null, want: null },
  ])('$name', ({ view, want }) => {
    expect(runBridge(view)).toEqual(want);
  });
});

describe('runLoad', () => {
  const view = {
    ratePerSecond: 5000,
    apps: 2,
    requestedPerSecond: 0,
    sentPerSecond: 0,
    skippedPerSecond: 0,
    behind: 0,
    behindSeconds: 0,
    tickLag: null,
  };
  it.each([
    {
      name: 'on schedule',
      totals: { requested: 300_000, sent: 300_000, skipped: 0, missed: 0 },
      seconds: 30,
      want: { requestedPerSecond: 10_000, sentPerSecond: 10_000, shortfall: 0 },
    },
    {
      name: 'behind: skipped and missed are not sent',
      totals: { requested: 300_000, sent: 189_000, skipped: 60_000, missed: 51_000 },
      seconds: 30,
      want: { requestedPerSecond: 10_000, sentPerSecond: 6300, shortfall: 0.37 },
    },
    {
      name: 'nothing requested',
      totals: { requested: 0, sent: 0, skipped: 0, missed: 0 },
      seconds: 0,
      want: { requestedPerSecond: 0, sentPerSecond: 0, shortfall: null },
    },
  ])('$name', ({ totals, seconds, want }) => {
    const got = runLoad({ ...view, ...totals }, seconds);
    expect(got).toMatchObject({ ...totals, seconds, ratePerSecond: 5000, apps: 2 });
    expect(got.requestedPerSecond).toBeCloseTo(want.requestedPerSecond, 9);
    expect(got.sentPerSecond).toBeCloseTo(want.sentPerSecond, 9);
    if (want.shortfall === null) expect(got.shortfall).toBeNull();
    else expect(got.shortfall).toBeCloseTo(want.shortfall, 9);
  });
});

describe('formatTable', () => {
  const routes = {
    direct: {
      truth: 400,
      final: 101,
      scrapes: 4,
      failedScrapes: 0,
      distinctWorkers: 4,
      maxRelativeError: 0.8,
      lost: 299,
      prometheus: { total: 101, rate: 44, trueRate: 20, ratio: 2.2, windowSeconds: 20 },
    },
    statsd: {
      truth: 400,
      final: null,
      scrapes: 4,
      failedScrapes: 1,
      distinctWorkers: 1,
      maxRelativeError: 0,
      lost: null,
      prometheus: { error: 'Prometheus at http://127.0.0.1:9090 is unreachable: ECONNREFUSED' },
    },
  };
  const load = runLoad(
    {
      ratePerSecond: 200,
      apps: 2,
      requestedPerSecond: 400,
      sentPerSecond: 400,
      skippedPerSecond: 0,
      behind: 0,
      behindSeconds: 0,
      requested: 4000,
      sent: 4000,
      skipped: 0,
      missed: 0,
      tickLag: null,
    },
    10,
  );
  const lab = {
    loop: { delay: { p50Ms: 0.2, p99Ms: 3.1, maxMs: 11.4 }, windowSeconds: 5, thresholdMs: 50, stalls: 1 },
    tickLag: { p50Ms: 0.1, p99Ms: 1.2, maxMs: 4 },
  };
  const kernelUdp = {
    available: true as const,
    since: 1000,
    at: 15_400,
    families: ['ipv4' as const],
    delta: { inDatagrams: 5210, inErrors: 40, rcvbufErrors: 38 },
  };

  it('aligns one row per route, Prometheus figures last, then the bridge, the kernel and Prometheus errors', () => {
    const table = formatTable(routes, {
      load,
      lab,
      bridge: { implementation: 'statsd_exporter', version: '0.30.0', note: null },
      kernelUdp,
    });
    expect(table.split('\n')).toEqual([
      'route   truth   final  lost  scrapes  failed  workers seen  max rel. error  prom total  prom rate  true rate  ratio',
      'direct    400     101   299        4       0             4          80.0 %         101       44.0       20.0  ×2.20',
      'statsd    400  failed     -        4       1             1           0.0 %           -          -          -      -',
      'load over 10.0 s: 400 req/s requested (200 per app × 2), 400 sent; 0 skipped at the concurrency cap, 0 missed, 0 still due',
      'lab: event-loop delay p99 3.1 ms, max 11.4 ms over the 5 s before the load stopped, load ticks late p99 1.2 ms, max 4.0 ms; 1 stalls over 50 ms',
      'bridge: statsd_exporter 0.30.0',
      "kernel UDP, machine-wide (every socket, not only the bridge's), 14 s from the reset: 5210 datagrams delivered, 40 receive errors (38 buffer full)",
      'statsd: Prometheus: Prometheus at http://127.0.0.1:9090 is unreachable: ECONNREFUSED',
    ]);
  });

  it.each([
    {
      name: 'no bridge, kernel counters unavailable',
      context: { load, lab, bridge: null, kernelUdp: { available: false as const, reason: 'not Linux' } },
      want: ['kernel UDP counters unavailable: not Linux'],
    },
    {
      name: 'an unknown bridge',
      context: {
        load,
        lab,
        bridge: { implementation: 'unknown' as const, version: null, note: 'never read: timed out' },
        kernelUdp: { available: false as const, reason: 'not Linux' },
      },
      want: ['bridge: unknown (never read: timed out)', 'kernel UDP counters unavailable: not Linux'],
    },
  ])('after the rows: $name', ({ context, want }) => {
    const lines = formatTable({ direct: routes.direct }, context).split('\n');
    expect(lines.slice(4)).toEqual(want);
  });
});
