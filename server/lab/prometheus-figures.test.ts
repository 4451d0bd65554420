import { describe, expect, it } from 'vitest';
import { buildFigures, toFigure } from './prometheus-figures';

const ok = (value: number): PromiseSettledResult<number> => ({ status: 'fulfilled', value });
const failed = (message: string): PromiseSettledResult<number> => ({
  status: 'rejected',
  reason: new Error(message),
});

describe('toFigure', () => {
  it.each([
    { answer: ok(12.5), want: { value: 12.5, error: null } },
    { answer: ok(0), want: { value: 0, error: null } },
    { answer: ok(Number.NaN), want: { value: null, error: 'no data: nothing observed in the window' } },
    {
      answer: failed('Prometheus at x is unreachable'),
      want: { value: null, error: 'Prometheus at x is unreachable' },
    },
    {
      answer: { status: 'rejected', reason: 'plain' } as PromiseSettledResult<number>,
      want: { value: null, error: 'plain' },
    },
  ])('$answer → $want', ({ answer, want }) => {
    expect(toFigure(answer)).toEqual(want);
  });
});

describe('buildFigures', () => {
  it.each([
    {
      name: 'a correct route',
      answers: { rate: ok(50), increase: ok(500), total: ok(1000), p90Seconds: ok(0.045) },
      trueRate: 50,
      trueTotal: 1000,
      want: { rateRatio: 1, totalRatio: 1 },
    },
    {
      name: 'phantom traffic from resets',
      answers: { rate: ok(110), increase: ok(1100), total: ok(260), p90Seconds: ok(0.05) },
      trueRate: 50,
      trueTotal: 1000,
      want: { rateRatio: 2.2, totalRatio: 0.26 },
    },
    {
      name: 'Prometheus down: no ratios, not zero',
      answers: {
        rate: failed('down'),
        increase: failed('down'),
        total: failed('down'),
        p90Seconds: failed('down'),
      },
      trueRate: 50,
      trueTotal: 1000,
      want: { rateRatio: null, totalRatio: null },
    },
    {
      name: 'no truth yet',
      answers: { rate: ok(0), increase: ok(0), total: ok(0), p90Seconds: ok(Number.NaN) },
      trueRate: null,
      trueTotal: 0,
      want: { rateRatio: null, totalRatio: null },
    },
  ])('$name', ({ answers, trueRate, trueTotal, want }) => {
    const figures = buildFigures(1000, 10, answers, trueRate, trueTotal);
    for (const key of ['rateRatio', 'totalRatio'] as const) {
      const expected = want[key];
      if (expected === null) expect(figures[key]).toBeNull();
      else expect(figures[key]).toBeCloseTo(expected, 9);
    }
    expect(figures).toMatchObject({ t: 1000, windowSeconds: 10, trueRate, trueTotal });
  });
});
