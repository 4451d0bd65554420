import { describe, expect, it } from 'vitest';
import type {
  ComponentStatus,
  PrometheusFigure,
  PrometheusFigures,
  RatePoint,
  ScrapePoint,
} from '../../server/lab/types';
import {
  latestLabFigures,
  prometheusBlockState,
  rateRatioReading,
  readRatio,
  sharedError,
  totalRatioReading,
} from './prometheus-view';

const value = (v: number): PrometheusFigure => ({ value: v, error: null });
const failed = (error: string): PrometheusFigure => ({ value: null, error });

describe('readRatio', () => {
  it.each([
    { ratio: 2.874, text: '\u00d72.87', severity: 'bad', verdict: '\u25b2 too high' },
    { ratio: 1.0501, text: '\u00d71.05', severity: 'bad', verdict: '\u25b2 too high' },
    { ratio: 1.05, text: '\u00d71.05', severity: 'good', verdict: '\u2713 matches' },
    { ratio: 1, text: '\u00d71.00', severity: 'good', verdict: '\u2713 matches' },
    { ratio: 0.95, text: '\u00d70.95', severity: 'good', verdict: '\u2713 matches' },
    { ratio: 0.9499, text: '\u00d70.95', severity: 'bad', verdict: '\u25bc too low' },
    { ratio: 0.25, text: '\u00d70.25', severity: 'bad', verdict: '\u25bc too low' },
    { ratio: null, text: '\u2014', severity: 'unknown', verdict: 'because' },
    { ratio: Number.NaN, text: '\u2014', severity: 'unknown', verdict: 'because' },
  ])('$ratio → $text, $severity', ({ ratio, text, severity, verdict }) => {
    expect(readRatio(ratio, 'because')).toEqual({ text, severity, verdict });
  });
});

describe('rateRatioReading', () => {
  it.each([
    { name: 'a ratio', rate: value(348), trueRate: 50, rateRatio: 6.96, verdict: '\u25b2 too high' },
    {
      name: 'Prometheus failed',
      rate: failed('no data: x'),
      trueRate: 50,
      rateRatio: null,
      verdict: 'no rate() from Prometheus',
    },
    { name: 'no truth yet', rate: value(3), trueRate: null, rateRatio: null, verdict: 'no true rate yet' },
    {
      name: 'paused, yet Prometheus sees traffic',
      rate: value(31),
      trueRate: 0,
      rateRatio: null,
      verdict: 'no true traffic in the window',
    },
  ])('$name', ({ rate, trueRate, rateRatio, verdict }) => {
    expect(rateRatioReading({ rate, trueRate, rateRatio }).verdict).toBe(verdict);
  });
});

describe('totalRatioReading', () => {
  it.each([
    { name: 'a ratio', total: value(1244), totalRatio: 0.538, verdict: '\u25bc too low' },
    {
      name: 'Prometheus failed',
      total: failed('down'),
      totalRatio: null,
      verdict: 'no total from Prometheus',
    },
    { name: 'nothing answered yet', total: value(0), totalRatio: null, verdict: 'no true requests yet' },
  ])('$name', ({ total, totalRatio, verdict }) => {
    expect(totalRatioReading({ total, totalRatio }).verdict).toBe(verdict);
  });
});

describe('sharedError', () => {
  const down = 'Prometheus at http://127.0.0.1:9090 is unreachable';
  it.each([
    { name: 'all down alike', figures: [failed(down), failed(down), failed(down)], want: down },
    { name: 'one answered', figures: [failed(down), value(1), failed(down)], want: null },
    { name: 'different errors', figures: [failed(down), failed('no data: x')], want: null },
    { name: 'all answered', figures: [value(1), value(2)], want: null },
    { name: 'nothing asked', figures: [], want: null },
  ])('$name', ({ figures, want }) => {
    expect(sharedError(figures)).toBe(want);
  });
});

describe('latestLabFigures', () => {
  const rate = (t: number, computed: number | null): RatePoint => ({ t, computed, truth: 50 });
  const scrape = (t: number, counter: number | null, ok = true): ScrapePoint => ({
    t,
    ok,
    durationMs: 2,
    bytes: ok ? 900 : null,
    targets: 1,
    targetsUp: ok ? 1 : 0,
    answeredBy: null,
    counter,
    inFlight: null,
    histogramCount: null,
    histogramSum: null,
    lastWriterGauge: null,
    truth: 0,
    truthInFlight: 0,
    error: ok ? null : 'ECONNRESET',
  });
  it.each([
    {
      name: 'the latest points with a value, whatever their order',
      rates: [rate(3, 270), rate(1, 211), rate(4, null)],
      scrapes: [scrape(5, 1216), scrape(2, 990), scrape(6, null, false), scrape(7, null)],
      want: { rate: 270, total: 1216 },
    },
    {
      name: 'nothing yet',
      rates: [rate(1, null)],
      scrapes: [scrape(1, null, false)],
      want: { rate: null, total: null },
    },
  ])('$name', ({ rates, scrapes, want }) => {
    expect(latestLabFigures({ rates, scrapes })).toEqual(want);
  });
});

describe('prometheusBlockState', () => {
  const NOW = 1_700_000_000_000;
  const figures = (ageMs: number, rate: PrometheusFigure = value(50)): PrometheusFigures => ({
    t: NOW - ageMs,
    windowSeconds: 10,
    rate,
    increase: rate,
    total: rate.error === null ? value(900) : rate,
    p90Seconds: rate.error === null ? value(0.04) : rate,
    trueRate: 50,
    trueTotal: 900,
    rateRatio: rate.value === null ? null : 1,
    totalRatio: 1,
  });
  const component = (state: ComponentStatus['state'], detail: string): ComponentStatus => ({
    name: 'prometheus',
    state,
    detail,
    note: null,
    lastOkAgeSeconds: null,
  });
  const down = component('down', 'not ready at http://127.0.0.1:9090');
  const fresh = figures(800);

  it.each([
    {
      name: 'not installed',
      mode: 'off' as const,
      scraped: true,
      f: null,
      c: undefined,
      want: { kind: 'off' },
    },
    {
      name: 'a route Prometheus does not scrape',
      mode: 'managed' as const,
      scraped: false,
      f: null,
      c: undefined,
      want: { kind: 'not-scraped' },
    },
    {
      name: 'starting up',
      mode: 'managed' as const,
      scraped: true,
      f: null,
      c: component('starting', ''),
      want: { kind: 'waiting' },
    },
    {
      name: 'down before its first answer',
      mode: 'external' as const,
      scraped: true,
      f: null,
      c: down,
      want: { kind: 'error', message: 'Prometheus is down: not ready at http://127.0.0.1:9090' },
    },
    {
      name: 'answers gone stale while it is down',
      mode: 'managed' as const,
      scraped: true,
      f: figures(42_000),
      c: down,
      want: {
        kind: 'error',
        message: 'no answer from Prometheus for 42 s: not ready at http://127.0.0.1:9090',
      },
    },
    {
      name: 'answers gone stale with no reason given',
      mode: 'managed' as const,
      scraped: true,
      f: figures(6_000),
      c: component('up', 'ready'),
      want: { kind: 'error', message: 'no answer from Prometheus for 6 s' },
    },
    {
      name: 'every query failed alike',
      mode: 'managed' as const,
      scraped: true,
      f: figures(500, failed('Prometheus at http://127.0.0.1:9090 is unreachable')),
      c: component('up', 'ready'),
      want: { kind: 'error', message: 'Prometheus at http://127.0.0.1:9090 is unreachable' },
    },
    {
      name: 'fresh answers',
      mode: 'managed' as const,
      scraped: true,
      f: fresh,
      c: component('up', 'ready'),
      want: { kind: 'values', figures: fresh },
    },
  ])('$name', ({ mode, scraped, f, c, want }) => {
    expect(prometheusBlockState({ mode, scraped, figures: f, component: c, now: NOW })).toEqual(want);
  });
});
