import { describe, expect, it } from 'vitest';
import { bufferText, counterText, intervalText, shareText, stateText } from './diagram-text';

const T = '\u2009';

describe('shareText', () => {
  it.each([
    { fraction: 0.254, want: `25${T}%` },
    { fraction: 1, want: `100${T}%` },
    { fraction: 0.004, want: `<1${T}%` },
    { fraction: 0, want: `0${T}%` },
    { fraction: Number.NaN, want: `0${T}%` },
  ])('$fraction → $want', ({ fraction, want }) => {
    expect(shareText(fraction)).toBe(want);
  });
});

describe('intervalText', () => {
  it.each([
    { seconds: 1, want: `1${T}s` },
    { seconds: 0.25, want: `0.25${T}s` },
    { seconds: 15, want: `15${T}s` },
  ])('$seconds → $want', ({ seconds, want }) => {
    expect(intervalText(seconds)).toBe(want);
  });
});

describe('bufferText', () => {
  it.each([
    { bytes: 1400, want: `1,400${T}B buffer` },
    { bytes: 0, want: 'no buffer' },
  ])('$bytes → $want', ({ bytes, want }) => {
    expect(bufferText(bytes)).toBe(want);
  });
});

describe('counterText', () => {
  it.each([
    { value: 12_345, want: '12,345' },
    { value: 99_999, want: '99,999' },
    { value: 123_456, want: '123k' },
    { value: 4_500_000, want: '4.5M' },
    { value: null, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(counterText(value)).toBe(want);
  });
});

describe('stateText', () => {
  it.each([
    { state: 'up', want: 'up' },
    { state: 'down', want: 'down' },
    { state: 'absent', want: 'not installed' },
    { state: 'unknown', want: 'unknown' },
  ] as const)('$state → $want', ({ state, want }) => {
    expect(stateText(state)).toBe(want);
  });
});
