import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../lab/types';
import { formatTable, summarizeRoute } from './summary';

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

describe('formatTable', () => {
  it('aligns one row per route, Prometheus figures last, and lists Prometheus errors after the table', () => {
    const table = formatTable({
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
    });
    expect(table.split('\n')).toEqual([
      'route   truth   final  lost  scrapes  failed  workers seen  max rel. error  prom total  prom rate  true rate  ratio',
      'direct    400     101   299        4       0             4          80.0 %         101       44.0       20.0  ×2.20',
      'statsd    400  failed     -        4       1             1           0.0 %           -          -          -      -',
      'statsd: Prometheus: Prometheus at http://127.0.0.1:9090 is unreachable: ECONNREFUSED',
    ]);
  });
});
