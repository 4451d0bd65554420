import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBytes,
  formatCompact,
  formatCount,
  formatDuration,
  formatMilliseconds,
  formatPercent,
  formatRateValue,
  formatRatio,
  formatSecondsAgo,
} from './format';

describe('formatCount', () => {
  it.each([
    { value: 0, want: '0' },
    { value: 999, want: '999' },
    { value: 1000, want: '1,000' },
    { value: 1234567.6, want: '1,234,568' },
    { value: -4200, want: '\u22124,200' },
    { value: null, want: '\u2014' },
    { value: Number.NaN, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatCount(value)).toBe(want);
  });
});

describe('formatCompact', () => {
  it.each([
    { value: 0, want: '0' },
    { value: 2.5, want: '2.5' },
    { value: 950, want: '950' },
    { value: 1000, want: '1k' },
    { value: 12_345, want: '12.3k' },
    { value: 250_000, want: '250k' },
    { value: 4_500_000, want: '4.5M' },
    { value: -1500, want: '\u22121.5k' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatCompact(value)).toBe(want);
  });
});

describe('formatPercent', () => {
  it.each([
    { value: -74.83, want: '\u221274.8\u2009%' },
    { value: 3.04, want: '+3.0\u2009%' },
    { value: 0, want: '0.0\u2009%' },
    { value: -0.01, want: '0.0\u2009%' },
    { value: 99.94, want: '+99.9\u2009%' },
    { value: 100, want: '+100\u2009%' },
    { value: 7372.4, want: '+7,372\u2009%' },
    { value: -100, want: '\u2212100\u2009%' },
    { value: null, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatPercent(value)).toBe(want);
  });
});

describe('formatRateValue', () => {
  it.each([
    { value: 49.84, want: '49.8' },
    { value: 270.1, want: '270' },
    { value: 1234.4, want: '1,234' },
    { value: -0.25, want: '\u22120.3' },
    { value: null, want: '\u2014' },
    { value: Number.POSITIVE_INFINITY, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatRateValue(value)).toBe(want);
  });
});

describe('formatRatio', () => {
  it.each([
    { value: 2.874, want: '\u00d72.87' },
    { value: 1.0141, want: '\u00d71.01' },
    { value: 0.5383, want: '\u00d70.54' },
    { value: 0, want: '\u00d70.00' },
    { value: 12.345, want: '\u00d712.3' },
    { value: 99.94, want: '\u00d799.9' },
    { value: 1234.4, want: '\u00d71,234' },
    { value: -0.5, want: '\u00d7\u22120.50' },
    { value: null, want: '\u2014' },
    { value: Number.NaN, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatRatio(value)).toBe(want);
  });
});

describe('formatMilliseconds', () => {
  it.each([
    { value: 0.046338, want: '46' },
    { value: 0.0046, want: '4.6' },
    { value: 0.00001, want: '0.0' },
    { value: 1.2345, want: '1,235' },
    { value: null, want: '\u2014' },
    { value: Number.NaN, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatMilliseconds(value)).toBe(want);
  });
});

describe('formatAge', () => {
  it.each([
    { value: 0.42, want: '0.4\u2009s ago' },
    { value: 12.4, want: '12\u2009s ago' },
    { value: 300, want: '5\u2009min ago' },
    { value: -1, want: '0.0\u2009s ago' },
    { value: null, want: 'never' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatAge(value)).toBe(want);
  });
});

describe('formatSecondsAgo', () => {
  it.each([
    { value: 0, want: 'now' },
    { value: -0.3, want: 'now' },
    { value: -20, want: '20\u2009s' },
    { value: -59.6, want: '60\u2009s' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatSecondsAgo(value)).toBe(want);
  });
});

describe('formatDuration', () => {
  it.each([
    { value: 42.9, want: '42\u2009s' },
    { value: 300, want: '5\u2009min' },
    { value: 10_800, want: '3\u2009h' },
    { value: -5, want: '\u2014' },
  ])('$value → $want', ({ value, want }) => {
    expect(formatDuration(value)).toBe(want);
  });
});

describe('formatBytes', () => {
  it.each([
    { bytes: 0, want: '0\u2009B' },
    { bytes: 812, want: '812\u2009B' },
    { bytes: 999.6, want: '1.0\u2009kB' },
    { bytes: 1000, want: '1.0\u2009kB' },
    { bytes: 4230, want: '4.2\u2009kB' },
    { bytes: 123_456, want: '123\u2009kB' },
    { bytes: 999_949, want: '1,000\u2009kB' },
    { bytes: 999_950, want: '1.0\u2009MB' },
    { bytes: 1_500_000, want: '1.5\u2009MB' },
    { bytes: null, want: '\u2014' },
    { bytes: -1, want: '\u2014' },
  ])('$bytes → $want', ({ bytes, want }) => {
    expect(formatBytes(bytes)).toBe(want);
  });
});
