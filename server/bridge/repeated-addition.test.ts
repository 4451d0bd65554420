import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRepeated } from './repeated-addition';

function naive(sum: number, value: number, times: number): number {
  let s = sum;
  for (let i = 0; i < times; i++) s += value;
  return s;
}

describe('addRepeated', () => {
  // [start, value, times, what Go 1.26's `for i := 0; i < times; i++ { s += v }` printed]
  it.each<[number, number, number, string]>([
    [0, 0.1, 1000000, '100000.00000133288'],
    [0, 0.001, 199999, '199.9990000005909'],
    [1e16, 1, 1000, '1e+16'],
    [1e16, 3, 1000, '1.0000000000004e+16'],
    [0, 5e-324, 100000, '4.94066e-319'],
    [-0.5, 0.3, 10, '2.5'],
    [10, -0.3, 1000, '-290.0000000000053'],
    [0, 1e308, 5, '+Inf'],
    [1e-320, -1e-322, 1000, '-8.8813e-320'],
    [0, 0.7, 1000000, '699999.9999944658'],
    [2.5, 1e-16, 100000, '2.5'],
    [0, 0.3, 500000, '150000.00000016307'],
    [1, -1e-16, 1000000, '0.9999999998889777'],
    [9.00719925474099e15, 1, 10, '9.007199254740992e+15'],
    [9.007199254740991e15, 0.5, 10, '9.007199254740992e+15'],
  ])('%d + %d × %d = %s, as Go’s loop', (sum, value, times, expected) => {
    const result = addRepeated(sum, value, times);
    expect(result).toBe(expected === '+Inf' ? Number.POSITIVE_INFINITY : Number(expected));
  });

  it.each<[number, number, number, number]>([
    [1, 0, 5, 1],
    [-0, 0, 3, 0],
    [1, Number.NaN, 2, Number.NaN],
    [1, Number.POSITIVE_INFINITY, 2 ** 62, Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY, 1, 10, Number.NEGATIVE_INFINITY],
    [5, 1, 0, 5],
  ])('%d + %d × %d = %d (the special cases)', (sum, value, times, expected) => {
    expect(addRepeated(sum, value, times)).toBe(expected);
  });

  it('matches a plain loop for random sums, values and counts', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    const tiny = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e-3, max: 1e-3 });
    fc.assert(
      fc.property(
        fc.oneof(finite, tiny),
        fc.oneof(finite, tiny),
        fc.integer({ min: 0, max: 3000 }),
        (s, v, n) => {
          expect(addRepeated(s, v, n)).toBe(naive(s, v, n));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('adds 2^62 tiny steps in bounded time, saturating as the loop would', () => {
    const started = performance.now();
    // 1 + 2^-53 rounds back to 1 every time: the sum never moves.
    expect(addRepeated(1, 2 ** -53, 2 ** 62)).toBe(1);
    // From 0 the sum climbs until the step is below half the spacing, then stays there.
    expect(addRepeated(0, 1, 2 ** 62)).toBe(2 ** 53);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
