import { describe, expect, it } from 'vitest';
import { PerSecond } from './per-second';

type Samples = Array<[t: number, sent: number]>;

describe('PerSecond', () => {
  it.each([
    { name: 'nothing recorded', samples: [] as Samples, now: 1000, want: 0 },
    { name: 'one sample is no rate yet', samples: [[0, 5]] as Samples, now: 0, want: 0 },
    {
      name: 'steady growth over a full window',
      samples: Array.from({ length: 21 }, (_, i) => [i * 100, i * 50]) as Samples,
      now: 2000,
      want: 500,
    },
    {
      name: 'while the window fills, from the first sample',
      samples: [
        [0, 0],
        [100, 20],
        [250, 50],
      ] as Samples,
      now: 250,
      want: 200,
    },
    {
      name: 'totals that stopped growing decay over the window',
      samples: Array.from({ length: 11 }, (_, i) => [i * 100, i * 100]) as Samples,
      now: 1500,
      // From the sample at 500 ms (500) to the latest (1000), over the second to 1.5 s.
      want: 500,
    },
    {
      name: 'and reach 0 a window after they stopped',
      samples: Array.from({ length: 11 }, (_, i) => [i * 100, i * 100]) as Samples,
      now: 2000,
      want: 0,
    },
    {
      name: 'records closer than the gap still move the latest totals',
      samples: [
        [0, 0],
        [1000, 100],
        [1010, 110],
        [1020, 120],
      ] as Samples,
      now: 1020,
      // From the sample at 0 (the only one at or before 20 ms) to the totals at 1020 ms.
      want: 120 / 1.02,
    },
  ])('$name', ({ samples, now, want }) => {
    const rates = new PerSecond(['sent'] as const);
    for (const [t, sent] of samples) rates.record(t, { sent });
    expect(rates.rates(now).sent).toBeCloseTo(want, 9);
  });

  it('reads many totals at once, after a long uptime of frequent records', () => {
    const rates = new PerSecond(['a', 'b'] as const);
    for (let t = 0; t <= 600_000; t += 5) rates.record(t, { a: t, b: 2 * t });
    expect(rates.rates(600_000)).toEqual({ a: 1000, b: 2000 });
  });
});
