import { describe, expect, it } from 'vitest';
import { QuantileWindow } from './summary-quantiles';

const objectives = [
  { quantile: 0.5, error: 0.05 },
  { quantile: 0.9, error: 0.01 },
  { quantile: 0.99, error: 0.001 },
];

function window(maxAgeMs = 600_000, ageBuckets = 5): QuantileWindow {
  return new QuantileWindow({ objectives, maxAgeMs, ageBuckets, bufCap: 500, nowMs: 0 });
}

describe('QuantileWindow', () => {
  it('answers NaN for every quantile while empty', () => {
    expect(window().estimates(0)).toEqual([
      [0.5, Number.NaN],
      [0.9, Number.NaN],
      [0.99, Number.NaN],
    ]);
  });

  it('estimates within each objective’s error, for single and weighted observations', () => {
    const single = window();
    const weighted = window();
    for (let i = 1; i <= 10_000; i++) {
      single.observe(i, 1, 1);
      if (i % 10 === 0) weighted.observe(i, 10, 1);
    }
    for (const w of [single, weighted]) {
      for (const [quantile, estimate] of w.estimates(2)) {
        const error = objectives.find((o) => o.quantile === quantile)?.error ?? 0;
        expect(Math.abs(estimate / 10_000 - quantile)).toBeLessThanOrEqual(error + 0.001);
      }
    }
  });

  it('forgets observations older than max_age, one age bucket at a time', () => {
    const w = window(1000, 2);
    w.observe(100, 1, 0);
    expect(w.estimates(400)[0]?.[1]).toBe(100);
    w.observe(200, 1, 700);
    // By 1,100 ms every stream that saw 100 has been reset; 200 is still within max_age.
    expect(w.estimates(1100)[0]?.[1]).toBe(200);
    expect(w.estimates(5000)[0]?.[1]).toBeNaN();
  });

  it('sorts and de-duplicates quantiles as a Go map of objectives does', () => {
    const w = new QuantileWindow({
      objectives: [
        { quantile: 0.9, error: 0.01 },
        { quantile: 0.5, error: 0.05 },
        { quantile: 0.9, error: 0.02 },
      ],
      maxAgeMs: 1000,
      ageBuckets: 1,
      bufCap: 10,
      nowMs: 0,
    });
    expect(w.quantiles).toEqual([0.5, 0.9]);
  });
});
