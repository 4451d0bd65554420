import { describe, expect, it } from 'vitest';
import { SLIDER_STEPS, niceRate, rateFromSlider, sliderFromRate } from './rate-scale';

describe('niceRate', () => {
  it.each([
    { rate: 0, want: 0 },
    { rate: -4, want: 0 },
    { rate: 7.4, want: 7 },
    { rate: 47, want: 45 },
    { rate: 348, want: 350 },
    { rate: 2140, want: 2100 },
    { rate: Number.NaN, want: 0 },
  ])('$rate → $want', ({ rate, want }) => {
    expect(niceRate(rate)).toBe(want);
  });
});

describe('rateFromSlider / sliderFromRate (quadratic, max 5000)', () => {
  it.each([
    { position: 0, rate: 0 },
    { position: 100, rate: 50 },
    { position: 200, rate: 200 },
    { position: 500, rate: 1250 },
    { position: SLIDER_STEPS, rate: 5000 },
  ])('position $position ↔ $rate req/s', ({ position, rate }) => {
    expect(rateFromSlider(position, 5000)).toBe(rate);
    expect(sliderFromRate(rate, 5000)).toBe(position);
  });

  it.each([
    { position: -10, want: 0 },
    { position: SLIDER_STEPS * 2, want: 5000 },
  ])('clamps position $position', ({ position, want }) => {
    expect(rateFromSlider(position, 5000)).toBe(want);
  });

  it.each([
    { rate: 9000, want: SLIDER_STEPS },
    { rate: -1, want: 0 },
  ])('clamps rate $rate', ({ rate, want }) => {
    expect(sliderFromRate(rate, 5000)).toBe(want);
  });
});
