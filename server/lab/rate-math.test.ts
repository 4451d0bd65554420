import { describe, expect, it } from 'vitest';
import {
  countResets,
  counterCorrection,
  defaultRateWindowSeconds,
  dialectOf,
  exactRate,
  increase,
  rate,
  selectWindow,
  type Sample,
} from './rate-math';

const s = (pairs: Array<[number, number]>): Sample[] => pairs.map(([sec, v]) => ({ t: sec * 1000, v }));

const DIALECTS = ['v2', 'v3'] as const;

describe('increase and rate (extrapolatedRate), 2.x and 3.x', () => {
  it.each([
    {
      name: 'steady counter filling the window',
      samples: s([
        [0, 0],
        [10, 10],
        [20, 20],
        [30, 30],
      ]),
      end: 30,
      range: 30,
      increase: 30,
      rate: 1,
    },
    {
      name: 'samples half a gap inside both edges extrapolate to the edges',
      samples: s([
        [5, 5],
        [15, 15],
        [25, 25],
      ]),
      end: 30,
      range: 30,
      increase: 30,
      rate: 1,
    },
    {
      name: 'a drop is a counter reset: the value before it is added back',
      samples: s([
        [0, 10],
        [10, 20],
        [20, 5],
        [30, 15],
      ]),
      end: 30,
      range: 30,
      increase: 25,
      rate: 25 / 30,
      // 3.x leaves out the sample at the window's start and extrapolates 20 s of samples to 30 s instead.
      v3: { increase: 22.5, rate: 22.5 / 30 },
    },
    {
      name: 'braided workers: every hop down invents a reset',
      samples: s([
        [0, 100],
        [10, 25],
        [20, 100],
        [30, 25],
      ]),
      end: 30,
      range: 30,
      increase: 125,
      rate: 125 / 30,
    },
    {
      name: 'zero point limits extrapolation at the start; far end adds half a gap',
      samples: s([
        [10, 0],
        [20, 10],
      ]),
      end: 60,
      range: 60,
      increase: 15,
      rate: 0.25,
    },
    {
      name: 'samples outside the window are ignored',
      samples: s([
        [0, 1000],
        [40, 0],
        [50, 10],
        [60, 20],
      ]),
      end: 60,
      range: 20,
      increase: 20,
      rate: 1,
    },
    {
      name: 'a flat counter has no increase',
      samples: s([
        [0, 7],
        [10, 7],
        [20, 7],
      ]),
      end: 20,
      range: 20,
      increase: 0,
      rate: 0,
    },
  ] as Array<{
    name: string;
    samples: Sample[];
    end: number;
    range: number;
    increase: number;
    rate: number;
    v3?: { increase: number; rate: number };
  }>)('$name', ({ samples, end, range, increase: want, rate: wantRate, v3 }) => {
    for (const dialect of DIALECTS) {
      const window = { end: end * 1000, rangeSeconds: range, dialect };
      const expected = dialect === 'v3' && v3 ? v3 : { increase: want, rate: wantRate };
      expect(increase(samples, window), dialect).toBeCloseTo(expected.increase, 9);
      expect(rate(samples, window), dialect).toBeCloseTo(expected.rate, 9);
    }
  });

  it.each([
    { name: 'no samples', samples: [] as Sample[] },
    { name: 'one sample', samples: s([[10, 5]]) },
    {
      name: 'two samples at the same time',
      samples: s([
        [10, 5],
        [10, 6],
      ]),
    },
    {
      name: 'samples only outside the window',
      samples: s([
        [0, 1],
        [5, 2],
      ]),
    },
  ])('is null with $name', ({ samples }) => {
    const window = { end: 30_000, rangeSeconds: 20 };
    expect(increase(samples, window)).toBeNull();
    expect(rate(samples, window)).toBeNull();
  });
});

describe('where Prometheus 3.x differs from 2.x', () => {
  it.each([
    {
      name: 'a sample exactly at the window start: in for 2.x, out for 3.x (left-open ranges)',
      samples: s([
        [0, 0],
        [10, 20],
        [20, 30],
      ]),
      end: 20,
      range: 20,
      v2: 30,
      // 3.x sees only 20 → 30 and extrapolates back to the zero point, 10 s before the window.
      v3: 20,
    },
    {
      name: 'zero point beyond half a gap: 2.x caps first then applies the half-gap rule, 3.x the reverse',
      samples: s([
        [15, 3],
        [20, 8],
        [25, 13],
        [30, 18],
      ]),
      end: 30,
      range: 30,
      // Zero point 3 s back: 2.x extrapolates all 3 s, 3.x only half a 5 s gap.
      v2: 18,
      v3: 17.5,
    },
  ])('$name', ({ samples, end, range, v2, v3 }) => {
    const at = (dialect: 'v2' | 'v3') => increase(samples, { end: end * 1000, rangeSeconds: range, dialect });
    expect(at('v2')).toBeCloseTo(v2, 9);
    expect(at('v3')).toBeCloseTo(v3, 9);
  });

  it.each([
    { version: '2.42.0', want: 'v2' },
    { version: 'v2.53.1', want: 'v2' },
    { version: '3.0.0', want: 'v3' },
    { version: '3.16.0', want: 'v3' },
    { version: '', want: 'v3' },
    { version: null, want: 'v3' },
    { version: 'main', want: 'v3' },
  ])('Prometheus $version evaluates as $want', ({ version, want }) => {
    expect(dialectOf(version)).toBe(want);
  });
});

describe('counter resets', () => {
  it.each([
    { values: [], correction: 0, resets: 0 },
    { values: [1, 2, 3], correction: 0, resets: 0 },
    { values: [5, 1], correction: 5, resets: 1 },
    { values: [5, 1, 5, 1], correction: 10, resets: 2 },
    { values: [3, 3, 3], correction: 0, resets: 0 },
  ])('$values → correction $correction, resets $resets', ({ values, correction, resets }) => {
    const samples = values.map((v, i) => ({ t: i * 1000, v }));
    expect(counterCorrection(samples)).toBe(correction);
    expect(countResets(samples)).toBe(resets);
  });
});

describe('selectWindow', () => {
  it.each([
    { end: 20, range: 10, dialect: 'v2', want: [10, 20] },
    { end: 20, range: 10, dialect: 'v3', want: [20] },
    { end: 25, range: 10, dialect: 'v3', want: [20] },
    { end: 5, range: 10, dialect: 'v3', want: [0] },
  ] as const)('$dialect: end $end range $range keeps $want', ({ end, range, dialect, want }) => {
    const samples = s([
      [0, 0],
      [10, 1],
      [20, 2],
      [30, 3],
    ]);
    expect(
      selectWindow(samples, { end: end * 1000, rangeSeconds: range, dialect }).map((x) => x.t / 1000),
    ).toEqual(want);
  });
});

describe('exactRate', () => {
  it.each([
    {
      samples: s([
        [0, 0],
        [10, 50],
      ]),
      end: 10,
      range: 10,
      want: 5,
    },
    {
      samples: s([
        [0, 0],
        [4, 10],
        [10, 50],
      ]),
      end: 10,
      range: 6,
      want: 40 / 6,
    },
    { samples: s([[0, 0]]), end: 10, range: 10, want: null },
  ])('$samples over $range s → $want', ({ samples, end, range, want }) => {
    const got = exactRate(samples, { end: end * 1000, rangeSeconds: range });
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 9);
  });
});

describe('defaultRateWindowSeconds', () => {
  it.each([
    { interval: 0.25, want: 10 },
    { interval: 1, want: 10 },
    { interval: 5, want: 20 },
    { interval: 30, want: 120 },
  ])('interval $interval s → $want s', ({ interval, want }) => {
    expect(defaultRateWindowSeconds(interval)).toBe(want);
  });
});
