import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ERROR_RATE,
  DEFAULT_LATENCY,
  decideStatus,
  sampleLatencyMs,
  scaleLatency,
  type Random,
} from './simulated-work';

/** mulberry32: a tiny seeded PRNG, so the statistical checks below give the same draws on every run. */
function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('sampleLatencyMs', () => {
  it.each([
    { medianMs: 20, sigma: 0.6, seed: 1 },
    { medianMs: 20, sigma: 0.6, seed: 2 },
    { medianMs: 5, sigma: 1, seed: 3 },
    { medianMs: 100, sigma: 0.2, seed: 4 },
  ])('has median $medianMs ms over 20 001 draws (sigma $sigma, seed $seed)', ({ medianMs, sigma, seed }) => {
    const random = seeded(seed);
    const samples = Array.from({ length: 20_001 }, () => sampleLatencyMs(random, { medianMs, sigma }));
    expect(median(samples) / medianMs).toBeGreaterThan(0.96);
    expect(median(samples) / medianMs).toBeLessThan(1.04);
  });

  it('spreads wider with a larger sigma', () => {
    const p90 = (sigma: number): number => {
      const random = seeded(7);
      const samples = Array.from({ length: 10_001 }, () => sampleLatencyMs(random, { medianMs: 20, sigma }));
      return samples.sort((a, b) => a - b)[9_000] ?? Number.NaN;
    };
    expect(p90(1)).toBeGreaterThan(p90(0.3));
  });

  it.each([
    { draws: [0, 0.25], expected: 20 },
    { draws: [1 - Math.exp(-0.5), 0], expected: 20 * Math.exp(0.6) },
    { draws: [1 - Math.exp(-0.5), 0.5], expected: 20 * Math.exp(-0.6) },
  ])('maps the draws $draws to $expected ms', ({ draws, expected }) => {
    const queue = [...draws];
    const random: Random = () => queue.shift() ?? Number.NaN;
    expect(sampleLatencyMs(random, { medianMs: 20, sigma: 0.6 })).toBeCloseTo(expected, 9);
  });
});

describe('decideStatus', () => {
  it.each([
    { draw: 0, errorRate: 0.02, expected: 500 },
    { draw: 0.0199, errorRate: 0.02, expected: 500 },
    { draw: 0.02, errorRate: 0.02, expected: 200 },
    { draw: 0.99, errorRate: 0.02, expected: 200 },
    { draw: 0, errorRate: 0, expected: 200 },
    { draw: 0.99, errorRate: 1, expected: 500 },
  ])('answers $expected for draw $draw at error rate $errorRate', ({ draw, errorRate, expected }) => {
    expect(decideStatus(() => draw, errorRate)).toBe(expected);
  });

  it('fails about 2 % of 50 000 seeded requests at the default rate', () => {
    const random = seeded(11);
    const failures = Array.from({ length: 50_000 }, () => decideStatus(random, DEFAULT_ERROR_RATE)).filter(
      (s) => s === 500,
    ).length;
    expect(failures / 50_000).toBeGreaterThan(0.018);
    expect(failures / 50_000).toBeLessThan(0.022);
  });
});

describe('scaleLatency', () => {
  it.each([
    { scale: 1, medianMs: 20 },
    { scale: 0.5, medianMs: 10 },
    { scale: 3, medianMs: 60 },
    { scale: 0, medianMs: 0 },
  ])('makes the median $medianMs ms at scale $scale, keeping sigma', ({ scale, medianMs }) => {
    expect(scaleLatency(DEFAULT_LATENCY, scale)).toEqual({ medianMs, sigma: DEFAULT_LATENCY.sigma });
  });

  it('samples 0 ms for every draw at scale 0', () => {
    const random = seeded(5);
    const zero = scaleLatency(DEFAULT_LATENCY, 0);
    expect(Array.from({ length: 1_000 }, () => sampleLatencyMs(random, zero)).every((ms) => ms === 0)).toBe(
      true,
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses scale %s', (scale) => {
    expect(() => scaleLatency(DEFAULT_LATENCY, scale)).toThrow(RangeError);
  });
});
