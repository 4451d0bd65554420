import { describe, expect, it } from 'vitest';
import { headline, ratePoints } from './route-view';
import type { ScrapePoint } from './types';

function point(
  sec: number,
  counter: number | null,
  truth: number,
  answeredBy: string | null = 'worker 1',
): ScrapePoint {
  return {
    t: sec * 1000,
    ok: counter !== null,
    durationMs: 2,
    answeredBy: counter === null ? null : answeredBy,
    counter,
    inFlight: 0,
    lastWriterGauge: null,
    truthInFlight: 0,
    histogramCount: counter,
    histogramSum: 0,
    truth,
    bytes: counter === null ? null : 100,
    targets: 1,
    targetsUp: counter === null ? 0 : 1,
    error: counter === null ? 'ECONNREFUSED' : null,
  };
}

describe('headline', () => {
  it.each([
    {
      name: 'no scrapes yet',
      points: [] as ScrapePoint[],
      want: { errorNowPercent: null, lost: null, inTransit: null, distinctAnswerers: 0, resets: 0 },
    },
    {
      name: 'a correct counter',
      points: [point(0, 0, 0, 'bridge'), point(1, 50, 50, 'bridge'), point(2, 100, 100, 'bridge')],
      want: { errorNowPercent: 0, lost: 0, inTransit: null, distinctAnswerers: 1, resets: 0 },
    },
    {
      name: 'a braided counter: one worker in four answers',
      points: [
        point(1, 12, 50, 'worker 1'),
        point(2, 26, 100, 'worker 2'),
        point(3, 37, 150, 'worker 3'),
        point(4, 30, 200, 'worker 4'),
      ],
      want: { errorNowPercent: -85, lost: 170, inTransit: null, distinctAnswerers: 4, resets: 1 },
    },
    {
      name: 'a failed last scrape keeps the latest good figures',
      points: [point(1, 40, 50), point(2, null, 100)],
      want: { errorNowPercent: -20, lost: 10, inTransit: null, distinctAnswerers: 1, resets: 0 },
    },
  ])('$name', ({ points, want }) => {
    expect(headline(points)).toEqual(want);
  });

  // A pushed route, flushes up to 1.5 s late: what the app answered in that window is in transit, not lost.
  it.each([
    {
      name: 'the bridge a flush behind: all of the gap is in transit',
      points: [point(0, 0, 0), point(1, 40, 50), point(2, 90, 100)],
      want: { lost: 0, inTransit: 10 },
    },
    {
      name: 'more missing than the window answered: the rest is lost',
      // 1.5 s before the last scrape the truth was 50: only the 20 answered since can be on their way.
      points: [point(0, 0, 0), point(1, 30, 50), point(2, 30, 60), point(3, 40, 70)],
      want: { lost: 10, inTransit: 20 },
    },
    {
      name: 'an old loss stays lost once the window has passed',
      points: [point(0, 0, 0), point(1, 40, 50), point(2, 40, 50), point(3, 40, 50), point(4, 90, 100)],
      want: { lost: 0, inTransit: 10 },
    },
    {
      name: 'a loss older than the window, with nothing new',
      points: [point(0, 0, 0), point(1, 40, 50), point(2, 40, 50), point(3, 40, 50)],
      want: { lost: 10, inTransit: 0 },
    },
    {
      name: 'a counter above the truth is never in transit',
      points: [point(0, 0, 0), point(1, 60, 50)],
      want: { lost: -10, inTransit: 0 },
    },
  ])('pushed: $name', ({ points, want }) => {
    expect(headline(points, { inTransitSeconds: 1.5 })).toMatchObject(want);
  });
});

describe('ratePoints', () => {
  it('puts rate() of the scrapes beside the true rate, null until two samples exist', () => {
    // At 10 s only half the 20 s window holds samples: rate() divides by the whole window, as Prometheus does.
    const points = [point(0, 0, 0), point(10, 100, 100), point(20, 200, 200)];
    expect(ratePoints(points, 20)).toEqual([
      { t: 0, computed: null, truth: null },
      { t: 10_000, computed: 5, truth: 10 },
      { t: 20_000, computed: 10, truth: 10 },
    ]);
  });

  it('turns braided drops into phantom traffic while the truth stays flat', () => {
    const points = [
      point(0, 100, 400, 'worker 1'),
      point(10, 25, 400, 'worker 2'),
      point(20, 100, 400, 'worker 1'),
    ];
    const last = ratePoints(points, 20).at(-1);
    expect(last?.truth).toBe(0);
    // 100 → 25 reads as a reset, so the climb back to 100 counts as 100 new requests.
    expect(last?.computed).toBeCloseTo(100 / 20, 9);
  });

  it.each([
    { dialect: 'v2', want: 30 / 20 },
    { dialect: 'v3', want: 20 / 20 },
  ] as const)('evaluates rate() as Prometheus $dialect would', ({ dialect, want }) => {
    // 3.x leaves the sample at the window's start out (left-open), so it sees 20 → 30 only.
    const points = [point(0, 0, 0), point(10, 20, 20), point(20, 30, 30)];
    expect(ratePoints(points, 20, dialect).at(-1)?.computed).toBeCloseTo(want, 9);
  });

  it('skips failed scrapes for the computed rate but not for the truth', () => {
    const points = [point(0, 0, 0), point(10, null, 100), point(20, 200, 200)];
    expect(ratePoints(points, 20)[1]).toEqual({ t: 10_000, computed: null, truth: 10 });
  });
});
