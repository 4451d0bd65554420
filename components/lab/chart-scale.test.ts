import { describe, expect, it } from 'vitest';
import { nextValueAxis, valueAxis } from './chart-scale';

describe('valueAxis', () => {
  it.each([
    {
      name: 'a counter',
      values: [0, 5999],
      fromZero: false,
      domain: [0, 6000],
      ticks: [0, 2000, 4000, 6000],
    },
    {
      name: 'a window of it',
      values: [3000, 9000],
      fromZero: false,
      domain: [2000, 10000],
      ticks: [2000, 4000, 6000, 8000, 10000],
    },
    { name: 'a rate from zero', values: [48, 52], fromZero: true, domain: [0, 60], ticks: [0, 20, 40, 60] },
    {
      name: 'a false spike',
      values: [48, 916],
      fromZero: true,
      domain: [0, 1000],
      ticks: [0, 250, 500, 750, 1000],
    },
    {
      name: 'decimals without float noise',
      values: [0.1, 0.7],
      fromZero: false,
      domain: [0, 0.8],
      ticks: [0, 0.2, 0.4, 0.6, 0.8],
    },
    {
      name: 'nulls and NaN ignored',
      values: [null, 4, Number.NaN, 0],
      fromZero: false,
      domain: [0, 4],
      ticks: [0, 1, 2, 3, 4],
    },
    {
      name: 'nothing to show',
      values: [null],
      fromZero: false,
      domain: [0, 1],
      ticks: [0, 0.25, 0.5, 0.75, 1],
    },
    {
      name: 'one value, not on an edge',
      values: [40, 40],
      fromZero: false,
      domain: [20, 60],
      ticks: [20, 30, 40, 50, 60],
    },
    { name: 'all zero', values: [0, 0], fromZero: true, domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] },
  ])('$name', ({ values, fromZero, domain, ticks }) => {
    expect(valueAxis(values, fromZero)).toEqual({ domain, ticks });
  });

  it.each([
    [0.3, 17.2],
    [-5, 12],
    [1e6, 1.0004e6],
    [3, 3.0000001],
    [-7, -7],
  ])('covers [%d, %d] with between three and six ticks, from its start', (a, b) => {
    const { domain, ticks } = valueAxis([a, b]);
    expect(domain[0]).toBeLessThanOrEqual(a);
    expect(domain[1]).toBeGreaterThanOrEqual(b);
    expect(ticks[0]).toBe(domain[0]);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(6);
  });
});

describe('nextValueAxis', () => {
  const axis = valueAxis([0, 10_000]);

  it.each([
    {
      name: 'no axis yet: a fresh one with room above',
      previous: null,
      values: [0, 8000],
      want: valueAxis([0, 10_000]),
    },
    { name: 'data that fits and fills it: kept', previous: axis, values: [2000, 9000], want: axis },
    {
      name: 'data past the top: a fresh one',
      previous: axis,
      values: [4000, 10_400],
      want: valueAxis([4000, 12_000]),
    },
    {
      name: 'data under a third of it: a fresh one',
      previous: axis,
      values: [0, 3000],
      want: valueAxis([0, 3750]),
    },
    { name: 'no data: the axis as it was', previous: axis, values: [null], want: axis },
  ])('$name', ({ previous, values, want }) => {
    const next = nextValueAxis(previous, values);
    expect(next).toEqual(want);
    if (want === axis) expect(next).toBe(axis);
  });

  // useValueAxis stores the axis whenever it is a new object: the same data twice must give the same one.
  it.each([
    { name: 'flat at zero', values: [0, 0, 0], fromZero: false },
    { name: 'flat above zero', values: [5000, 5000], fromZero: false },
    { name: 'flat rate from zero', values: [50, 50], fromZero: true },
    { name: 'one value', values: [7], fromZero: false },
    { name: 'no data', values: [null], fromZero: true },
    { name: 'a counter', values: [0, 8000], fromZero: false },
  ])('the same data again keeps the same axis: $name', ({ values, fromZero }) => {
    const first = nextValueAxis(null, values, fromZero);
    const second = nextValueAxis(first, values, fromZero);
    expect(second).toBe(first);
    expect(nextValueAxis(second, values, fromZero)).toBe(first);
  });

  it('a counter growing at 50/s over a 120 s window moves its axis seldom', () => {
    let previous = null;
    let moves = 0;
    for (let t = 200; t < 500; t += 1) {
      const next = nextValueAxis(previous, [50 * (t - 120), 50 * t]);
      if (next !== previous) moves += 1;
      previous = next;
    }
    expect(moves).toBeLessThanOrEqual(10);
  });
});
