import { describe, expect, it } from 'vitest';
import {
  dueAtMs,
  dueRequests,
  judgeRatios,
  latencySummary,
  pairedRatios,
  settledSpread,
} from './flood-stats';

describe('dueRequests', () => {
  it.each([
    { elapsedMs: 0, rate: 2000, want: 0 },
    { elapsedMs: 0.4, rate: 2000, want: 0 },
    { elapsedMs: 0.5, rate: 2000, want: 1 },
    { elapsedMs: 1000, rate: 2000, want: 2000 },
    { elapsedMs: 1234.9, rate: 10, want: 12 },
    { elapsedMs: 1000, rate: 0, want: 0 },
    { elapsedMs: -5, rate: 100, want: 0 },
  ])('$elapsedMs ms at $rate/s is $want', ({ elapsedMs, rate, want }) => {
    expect(dueRequests(elapsedMs, rate)).toBe(want);
  });
});

describe('dueAtMs', () => {
  it.each([
    { index: 0, rate: 2000, want: 0.5 },
    { index: 1999, rate: 2000, want: 1000 },
    { index: 11, rate: 10, want: 1200 },
  ])('request $index at $rate/s falls due at $want ms', ({ index, rate, want }) => {
    expect(dueAtMs(index, rate)).toBeCloseTo(want, 9);
    // The schedule counts it from that moment on, not a moment before.
    expect(dueRequests(want, rate)).toBe(index + 1);
    expect(dueRequests(want - 0.01, rate)).toBe(index);
  });
});

describe('latencySummary', () => {
  it.each([
    { values: [], want: null },
    { values: [7], want: { count: 1, p50Ms: 7, p90Ms: 7, p99Ms: 7, maxMs: 7 } },
    {
      values: Array.from({ length: 101 }, (_, i) => 100 - i),
      want: { count: 101, p50Ms: 50, p90Ms: 90, p99Ms: 99, maxMs: 100 },
    },
  ])('of $values.length values', ({ values, want }) => {
    expect(latencySummary(values)).toEqual(want);
  });
});

describe('settledSpread', () => {
  it.each([
    { readings: [], from: 0, want: null },
    // Readings before the window holds only this phase's answers, and empty ones, are left out.
    {
      readings: [
        { t: 2, value: 100 },
        { t: 12, value: 40 },
        { t: 13, value: null },
        { t: 14, value: 50 },
        { t: 15, value: 45 },
      ],
      from: 12,
      want: { median: 45, min: 40, max: 50 },
    },
    { readings: [{ t: 5, value: 1 }], from: 12, want: null },
  ])('from $from s', ({ readings, from, want }) => {
    expect(settledSpread(readings, from)).toEqual(want);
  });
});

describe('pairedRatios', () => {
  it.each([
    { phases: [], want: [] },
    {
      phases: [
        { kind: 'quiet', value: 40 },
        { kind: 'flood', value: 44 },
        { kind: 'quiet', value: 50 },
        { kind: 'flood', value: 40 },
        { kind: 'quiet', value: 40 },
      ],
      want: [1.1, 0.88, 0.8, 1],
    },
    // A phase without a figure pairs with nothing.
    {
      phases: [
        { kind: 'quiet', value: null },
        { kind: 'flood', value: 30 },
        { kind: 'quiet', value: 20 },
        { kind: 'flood', value: null },
      ],
      want: [1.5],
    },
    { phases: [{ kind: 'flood', value: 30 }], want: [] },
  ] as const)('of $phases.length phases', ({ phases, want }) => {
    const got = pairedRatios(phases);
    expect(got).toHaveLength(want.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? Number.NaN, 9));
  });
});

describe('judgeRatios', () => {
  it.each([
    { ratios: [], want: 'unmeasured' },
    { ratios: [1.02, 0.97, 1.1], want: 'within' },
    { ratios: [1.3, 1.11], want: 'over' },
    { ratios: [1.05, 1.2], want: 'unresolved' },
  ])('$ratios against 1.1 is $want', ({ ratios, want }) => {
    expect(judgeRatios(ratios, 1.1)).toBe(want);
  });
});
