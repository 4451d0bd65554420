import { describe, expect, it } from 'vitest';
import type {
  ComponentStatus,
  CrashEffect,
  LabSettings,
  PrometheusFigures,
  RouteSpec,
  RouteTopology,
  RouteView,
  ScrapePoint,
} from '../../server/lab/types';
import {
  crashCell,
  crashReading,
  dropsOutsideCrash,
  loadSummary,
  lostText,
  priceText,
  prometheusCell,
  routeVerdict,
  scoreboardRows,
  shortTitle,
  slackFor,
  topologyText,
  type ScoreboardInput,
} from './scoreboard-view';

const NOW = 1_700_000_100_000;
const MINUS = '\u2212';

/** One scrape a second up to NOW, `counter` given per scrape (null: a failed scrape). */
function scrapes(counters: (number | null)[], truthOf: (i: number) => number): ScrapePoint[] {
  return counters.map((counter, i) => ({
    t: NOW - (counters.length - 1 - i) * 1000,
    ok: counter !== null,
    durationMs: 3,
    answeredBy: null,
    counter,
    inFlight: null,
    lastWriterGauge: null,
    truthInFlight: 0,
    histogramCount: null,
    histogramSum: null,
    truth: truthOf(i),
    bytes: counter === null ? null : 4200,
    targets: 1,
    targetsUp: counter === null ? 0 : 1,
    error: counter === null ? 'ECONNREFUSED' : null,
  }));
}

/** Counts the drops in a counter sequence, as the lab's headline does. */
const resetsOf = (counters: (number | null)[]) => {
  const values = counters.filter((c): c is number => c !== null);
  return values.filter((v, i) => i > 0 && v < (values[i - 1] ?? 0)).length;
};

function route(
  over: {
    id?: string;
    topology?: RouteTopology;
    counters?: (number | null)[];
    truthOf?: (i: number) => number;
    lastCrash?: CrashEffect | null;
    prometheus?: PrometheusFigures | null;
    /** Whether Prometheus scrapes the route (it has a job). */
    scraped?: boolean;
    /** A multiprocess route: every successful scrape reports this folder. */
    multiproc?: { files: number; bytes: number };
  } = {},
): RouteView {
  const counters = over.counters ?? [100, 200, 300, 400];
  const truthOf = over.truthOf ?? ((i: number) => (i + 1) * 100);
  const { multiproc } = over;
  const points = scrapes(counters, truthOf).map((p) => (p.ok && multiproc ? { ...p, multiproc } : p));
  const latest = [...points].reverse().find((p) => p.ok);
  return {
    spec: {
      id: over.id ?? 'r',
      title: 'Route — {workers} workers',
      summary: '',
      topology: over.topology ?? { kind: 'direct' },
      appId: 'node',
      loadUrl: 'http://127.0.0.1:1/work',
      metricsUrl: 'http://127.0.0.1:1/metrics',
      answeredBy: { kind: 'header', header: 'x-worker-id' },
      counterMetric: 'c',
      gaugeMetric: 'g',
      histogramMetric: 'h',
      ...(over.scraped === false ? {} : { prometheusJob: 'r' }),
      ...(multiproc ? { multiprocFilesMetric: 'files', multiprocBytesMetric: 'bytes' } : {}),
    },
    truth: {
      sent: 0,
      answered: 0,
      failed: 0,
      skipped: 0,
      inFlight: 0,
      byStatus: {},
      byWorker: {},
      latencyP50Seconds: null,
      latencyP90Seconds: null,
      latencyDelayed: 0,
    },
    scrapes: points,
    rates: [],
    rateWindowSeconds: 10,
    headline: {
      errorNowPercent:
        latest?.counter == null ? null : ((latest.counter - latest.truth) / latest.truth) * 100,
      lost: latest?.counter == null ? null : latest.truth - latest.counter,
      inTransit: null,
      distinctAnswerers: 1,
      resets: resetsOf(counters),
    },
    workers: [],
    prometheus: over.prometheus ?? null,
    prometheusRates: [],
    targets: [],
    cost: { scrapeP50Ms: 2.5, scrapeP95Ms: 11.2, metricsBytes: 4230, processes: 5, targets: 4 },
    lastCrash: over.lastCrash ?? null,
  };
}

const crash = (over: Partial<CrashEffect> = {}): CrashEffect => ({
  at: NOW - 15_000,
  workerId: 7,
  counterDrop: 0,
  falseResets: 0,
  rateSpike: 1,
  ...over,
});

/** Twenty scrapes of 100 requests a second each, starting at 1,000. */
const steady = (i: number) => 1000 + i * 100;
const twenty = Array.from({ length: 20 }, (_, i) => steady(i));

describe('topologyText', () => {
  it.each<{ spec: Pick<RouteSpec, 'topology' | 'multiprocFilesMetric'>; want: RegExp }>([
    { spec: { topology: { kind: 'direct' } }, want: /^any worker answers$/ },
    { spec: { topology: { kind: 'per-worker' } }, want: /^every worker scraped, summed$/ },
    { spec: { topology: { kind: 'aggregated' } }, want: /^primary merges over IPC$/ },
    {
      spec: { topology: { kind: 'aggregated' }, multiprocFilesMetric: 'files' },
      want: /^workers’ files merged$/,
    },
    { spec: { topology: { kind: 'pushed', aggregator: 'bridge' } }, want: /^workers push to a bridge$/ },
  ])('$spec.topology.kind, $spec.multiprocFilesMetric', ({ spec, want }) => {
    expect(topologyText(spec)).toMatch(want);
  });
});

describe('shortTitle', () => {
  it.each([
    { title: 'Direct scrape — {workers} workers', want: 'Direct scrape' },
    { title: 'Shared mode — the primary merges {workers} registries', want: 'Shared mode' },
    { title: 'StatsD bridge', want: 'StatsD bridge' },
    { title: '{workers} workers - hyphenated', want: '4 workers' },
  ])('$title → $want', ({ title, want }) => {
    expect(shortTitle(title, 4)).toBe(want);
  });
});

describe('routeVerdict', () => {
  it.each<{
    name: string;
    counters: (number | null)[];
    truthOf?: (i: number) => number;
    lastCrash?: CrashEffect | null;
    want: { text: string; severity: string; why: RegExp };
  }>([
    {
      name: 'no successful scrape yet',
      counters: [null, null],
      want: { text: 'no data yet', severity: 'unknown', why: /no successful scrape/ },
    },
    {
      name: 'too few requests yet to tell a lag from an error',
      counters: [30, 60, 90],
      want: { text: 'measuring', severity: 'unknown', why: /^300 requests so far$/ },
    },
    {
      name: 'braided shows early: two drops in five scrapes',
      counters: [50, 25, 150, 100, 250],
      want: { text: 'braided', severity: 'bad', why: /^down 2 times/ },
    },
    {
      name: 'the counter matches the truth',
      counters: twenty,
      truthOf: steady,
      want: { text: 'exact', severity: 'good', why: /^matches the truth$/ },
    },
    {
      name: 'behind by half an interval of traffic (a StatsD flush)',
      counters: twenty.map((c) => c - 50),
      truthOf: steady,
      want: { text: 'exact', severity: 'good', why: /matches/ },
    },
    {
      name: 'hopping between four workers: down again and again, with no crash',
      counters: twenty.map((c, i) => Math.round(c / (i % 2 === 0 ? 4 : 2))),
      truthOf: steady,
      want: { text: 'braided', severity: 'bad', why: /^down 9 times, no crash to blame$/ },
    },
    {
      name: 'braided, with a crash whose window holds drops of the braid too',
      counters: twenty.map((c, i) => Math.round(c / (i % 2 === 0 ? 4 : 2))),
      truthOf: steady,
      lastCrash: crash({ at: NOW - 9500, counterDrop: 300, falseResets: 5 }),
      want: {
        text: 'braided',
        severity: 'bad',
        why: /^down 4 times, no crash to blame; a crash took 500$/,
      },
    },
    {
      name: 'braided, and a crash took counts too: drops in its window are left to it',
      counters: twenty.map((c, i) => Math.round(c / (i % 2 === 0 ? 4 : 2))),
      truthOf: steady,
      lastCrash: crash({ counterDrop: 400, falseResets: 1 }),
      want: {
        text: 'braided',
        severity: 'bad',
        why: /^down 3 times, no crash to blame; a crash took 800$/,
      },
    },
    {
      name: 'pinned to one worker: smooth, a quarter of the truth',
      counters: twenty.map((c) => c / 4),
      truthOf: steady,
      want: { text: 'undercounts', severity: 'bad', why: /^misses 2,175 of 2,900$/ },
    },
    {
      name: 'more than the truth',
      counters: twenty.map((c) => c * 2),
      truthOf: steady,
      want: { text: 'overcounts', severity: 'bad', why: /^counts 2,900 too many$/ },
    },
    {
      name: 'exact but for what a crash took away (one drop, explained by the crash)',
      counters: [...twenty.slice(0, 10), ...twenty.slice(10).map((c) => c - 700)],
      truthOf: steady,
      lastCrash: crash({ at: NOW - 10_500, counterDrop: 700, falseResets: 1 }),
      want: {
        text: 'drops on crash',
        severity: 'warn',
        why: /^exact, until a crash took 700$/,
      },
    },
    {
      name: 'a crash that lost nothing but made the counter go down once',
      counters: twenty,
      truthOf: steady,
      lastCrash: crash({ falseResets: 1 }),
      want: { text: 'drops on crash', severity: 'warn', why: /^exact, but a crash made 1 false reset$/ },
    },
    {
      name: 'a crash that changed nothing, once its window is over',
      counters: twenty,
      truthOf: steady,
      lastCrash: crash(),
      want: { text: 'exact, survives a crash', severity: 'good', why: /a crash changed nothing/ },
    },
    {
      name: 'a crash still being measured, nothing dropped yet',
      counters: twenty,
      truthOf: steady,
      lastCrash: crash({ at: NOW - 3000 }),
      want: { text: 'exact', severity: 'good', why: /measuring the crash/ },
    },
    {
      name: 'a crash older than every scrape shown is not counted',
      counters: twenty.map((c) => c - 700),
      truthOf: steady,
      lastCrash: crash({ at: NOW - 60_000, counterDrop: 700 }),
      want: { text: 'undercounts', severity: 'bad', why: /^misses 700 of/ },
    },
  ])('$name → $want.text', ({ counters, truthOf, lastCrash, want }) => {
    const r = route({ counters, truthOf, lastCrash });
    const got = routeVerdict({ route: r, now: NOW, slack: 100, ratePerSecond: 100 });
    expect(got.text).toBe(want.text);
    expect(got.severity).toBe(want.severity);
    expect(got.why).toMatch(want.why);
  });

  it.each([
    { name: 'a slow scrape: what it read ahead is no overcount', durationMs: 1500, want: 'exact' },
    { name: 'a fast scrape cannot explain as much', durationMs: 3, want: 'overcounts' },
  ])('a counter 120 ahead of the truth, at 100 req/s: $name', ({ durationMs, want }) => {
    const r = route({ counters: twenty.map((c) => c + 120), truthOf: steady });
    const slow = { ...r, scrapes: r.scrapes.map((s) => ({ ...s, durationMs })) };
    expect(routeVerdict({ route: slow, now: NOW, slack: 100, ratePerSecond: 100 }).text).toBe(want);
  });
});

/** The twenty steady scrapes, `loss` short of the truth from the first scrape at or after the default crash. */
const afterCrash = (loss: number) => twenty.map((c, i) => (i >= 5 ? c - loss : c));

describe('dropsOutsideCrash', () => {
  it.each<{
    name: string;
    counters: (number | null)[];
    crashAt: number | null;
    want: { drops: number; scrapes: number };
  }>([
    { name: 'a steady counter', counters: [1, 2, 3, 4], crashAt: null, want: { drops: 0, scrapes: 4 } },
    { name: 'a braid', counters: [4, 2, 6, 3, 8], crashAt: null, want: { drops: 2, scrapes: 5 } },
    {
      name: 'failed scrapes are left out',
      counters: [4, null, 2, null, 6],
      crashAt: null,
      want: { drops: 1, scrapes: 3 },
    },
    {
      name: 'the drop right after a crash is the crash’s',
      counters: [10, 20, 30, 5, 15, 25],
      crashAt: NOW - 2500,
      want: { drops: 0, scrapes: 3 },
    },
    {
      name: 'drops before the crash still count',
      counters: [10, 5, 30, 5, 15, 25],
      crashAt: NOW - 2500,
      want: { drops: 1, scrapes: 3 },
    },
  ])('$name', ({ counters, crashAt, want }) => {
    expect(
      dropsOutsideCrash(
        scrapes(counters, (i) => i),
        crashAt,
      ),
    ).toEqual(want);
  });
});

describe('crashReading', () => {
  it.each<{
    name: string;
    counters: (number | null)[];
    lastCrash: CrashEffect | null;
    want: { loss: number | null; hurt: boolean; measuring: boolean } | null;
  }>([
    { name: 'no crash', counters: twenty, lastCrash: null, want: null },
    {
      name: 'counts gone for good, though the scraped line barely fell',
      counters: afterCrash(700),
      lastCrash: crash({ counterDrop: 10, falseResets: 1 }),
      want: { loss: 700, hurt: true, measuring: false },
    },
    {
      name: 'a lag within the tolerance is no loss',
      counters: afterCrash(30),
      lastCrash: crash(),
      want: { loss: 30, hurt: false, measuring: false },
    },
    {
      name: 'a false reset hurts even when nothing is lost',
      counters: twenty,
      lastCrash: crash({ falseResets: 1 }),
      want: { loss: 0, hurt: true, measuring: false },
    },
    {
      name: 'no scrape since the crash yet',
      counters: twenty,
      lastCrash: crash({ at: NOW + 1 }),
      want: { loss: null, hurt: false, measuring: true },
    },
    {
      name: 'no scrape before it left in the window',
      counters: twenty,
      lastCrash: crash({ at: NOW - 60_000 }),
      want: null,
    },
  ])('$name', ({ counters, lastCrash, want }) => {
    const got = crashReading(route({ counters, truthOf: steady, lastCrash }), NOW, 50);
    expect(got === null ? null : { loss: got.loss, hurt: got.hurt, measuring: got.measuring }).toEqual(want);
  });
});

describe('crashCell', () => {
  it.each<{
    name: string;
    counters?: number[];
    lastCrash: CrashEffect | null;
    want: { value: string; note: RegExp; severity: string; brief?: string };
  }>([
    {
      name: 'no crash',
      lastCrash: null,
      want: { value: 'no crash yet', note: /^$/, severity: 'unknown', brief: '' },
    },
    {
      name: 'counts lost, one false reset, a spike',
      counters: afterCrash(1234),
      lastCrash: crash({ counterDrop: 40, falseResets: 1, rateSpike: 3.14 }),
      want: {
        value: `${MINUS}1,234`,
        note: /^1 false reset · rate ×3\.14 · crashed 15\ss ago$/,
        severity: 'bad',
        brief: '1 false reset',
      },
    },
    {
      name: 'nothing lost, window over',
      lastCrash: crash({ rateSpike: 1.02 }),
      want: {
        value: 'no loss',
        note: /^0 false resets · rate ×1\.02 · crashed 15\ss ago$/,
        severity: 'good',
      },
    },
    {
      name: 'a false reset without a lasting loss',
      lastCrash: crash({ falseResets: 2, rateSpike: null }),
      want: {
        value: 'no loss',
        note: /^2 false resets · crashed 15\ss ago$/,
        severity: 'bad',
        brief: '2 false resets',
      },
    },
    {
      name: 'still measuring, nothing lost so far',
      lastCrash: crash({ at: NOW - 2000, rateSpike: null }),
      want: { value: 'no loss', note: /measuring, crashed 2\.0\ss ago$/, severity: 'unknown' },
    },
    {
      name: 'no scrape since the crash yet',
      lastCrash: crash({ at: NOW + 1, rateSpike: null }),
      want: { value: 'measuring', note: /^0 false resets · measuring, crashed /, severity: 'unknown' },
    },
    {
      name: 'older than the scrapes shown',
      lastCrash: crash({ at: NOW - 600_000 }),
      want: {
        value: 'too old',
        note: /^crashed 10\smin ago: out of the window$/,
        severity: 'unknown',
        brief: 'out of the window',
      },
    },
  ])('$name', ({ counters, lastCrash, want }) => {
    const got = crashCell(route({ counters: counters ?? twenty, truthOf: steady, lastCrash }), NOW, 50);
    expect(got.value).toBe(want.value);
    expect(got.note).toMatch(want.note);
    expect(got.severity).toBe(want.severity);
    if (want.brief !== undefined) expect(got.brief).toBe(want.brief);
    expect(got.at).toBe(lastCrash?.at ?? null);
  });
});

const figures = (over: Partial<PrometheusFigures> = {}): PrometheusFigures => ({
  t: NOW - 500,
  windowSeconds: 10,
  rate: { value: 287, error: null },
  increase: { value: 2870, error: null },
  total: { value: 5000, error: null },
  p90Seconds: { value: 0.01, error: null },
  trueRate: 100,
  trueTotal: 5000,
  rateRatio: 2.87,
  totalRatio: 1,
  ...over,
});
const down = (e: string) => ({ value: null, error: e });

describe('prometheusCell', () => {
  it.each<{
    name: string;
    mode: 'managed' | 'off';
    scraped?: boolean;
    prometheus: PrometheusFigures | null;
    component?: ComponentStatus;
    want: { value: string; note: RegExp; severity: string };
  }>([
    {
      name: 'not installed',
      mode: 'off',
      prometheus: null,
      want: { value: 'no Prometheus', note: /not installed/, severity: 'unknown' },
    },
    {
      name: 'route not scraped',
      mode: 'managed',
      scraped: false,
      prometheus: null,
      want: { value: 'no Prometheus', note: /not scraped/, severity: 'unknown' },
    },
    {
      name: 'no answer yet',
      mode: 'managed',
      prometheus: null,
      want: { value: '\u2014', note: /waiting/, severity: 'unknown' },
    },
    {
      name: 'down',
      mode: 'managed',
      prometheus: null,
      component: {
        name: 'prometheus',
        state: 'down',
        detail: 'ECONNREFUSED',
        note: null,
        lastOkAgeSeconds: 4,
      },
      want: { value: 'no Prometheus', note: /Prometheus is down: ECONNREFUSED/, severity: 'unknown' },
    },
    {
      name: 'every query failing the same way',
      mode: 'managed',
      prometheus: figures({
        rate: down('boom'),
        increase: down('boom'),
        total: down('boom'),
        p90Seconds: down('boom'),
        rateRatio: null,
      }),
      want: { value: 'no Prometheus', note: /boom/, severity: 'unknown' },
    },
    {
      name: 'too high',
      mode: 'managed',
      prometheus: figures(),
      want: { value: '×2.87', note: /too high/, severity: 'bad' },
    },
    {
      name: 'matches',
      mode: 'managed',
      prometheus: figures({ rateRatio: 1.01 }),
      want: { value: '×1.01', note: /matches/, severity: 'good' },
    },
  ])('$name', ({ mode, scraped, prometheus, component, want }) => {
    const r = route({ prometheus, scraped });
    const got = prometheusCell(r, { mode }, component, NOW);
    expect(got).toEqual({
      value: want.value,
      note: expect.stringMatching(want.note),
      severity: want.severity,
    });
  });
});

const SETTINGS: LabSettings = {
  ratePerSecond: 100,
  concurrency: 64,
  paused: false,
  scrapeIntervalSeconds: 1,
  workers: 4,
  metricsKeepAlive: false,
  statsdBufferSize: 1400,
};

describe('slackFor', () => {
  it.each([
    { rate: 100, interval: 1, want: 100 },
    { rate: 100, interval: 0.25, want: 100 },
    { rate: 50, interval: 5, want: 250 },
  ])('$rate req/s at a $interval s interval → $want', ({ rate, interval, want }) => {
    expect(slackFor({ ratePerSecond: rate, scrapeIntervalSeconds: interval })).toBe(want);
  });
});

describe('scoreboardRows', () => {
  const snapshot: ScoreboardInput = {
    now: NOW,
    settings: SETTINGS,
    prometheus: { mode: 'managed', url: 'http://127.0.0.1:9090', howToGet: null, version: '3.16.0' },
    components: [],
    routes: [
      route({ id: 'a', counters: twenty, truthOf: steady }),
      route({
        id: 'b',
        topology: { kind: 'per-worker' },
        counters: twenty,
        truthOf: steady,
        prometheus: figures({ rateRatio: 1 }),
      }),
    ],
  };

  it.each([
    { ids: undefined, want: ['a', 'b'] },
    { ids: ['b', 'a'], want: ['b', 'a'] },
    { ids: ['b', 'missing'], want: ['b'] },
  ])('rows for $ids', ({ ids, want }) => {
    expect(scoreboardRows(snapshot, ids).map((r) => r.id)).toEqual(want);
  });

  it('fills every cell of a row from its route', () => {
    const row = scoreboardRows(snapshot, ['b'])[0];
    expect(row).toMatchObject({
      id: 'b',
      title: 'Route',
      shape: topologyText({ topology: { kind: 'per-worker' } }),
      error: { value: '0.0\u2009%', note: '0 lost', severity: 'good' },
      prometheus: { value: '×1.00', severity: 'good' },
      scrape: { value: '2.5 / 11', note: 'p50 / p95' },
      size: { value: '4.2\u2009kB' },
      processes: { value: '5', note: '4 targets' },
      crash: { value: 'no crash yet', at: null },
      multiproc: null,
      verdict: { text: 'exact', severity: 'good' },
    });
  });

  it('a multiprocess route’s row counts the files its latest scrape merged', () => {
    const folder = route({
      id: 'm',
      topology: { kind: 'aggregated' },
      multiproc: { files: 12, bytes: 786_432 },
    });
    const [row] = scoreboardRows({ ...snapshot, routes: [folder] });
    expect(row).toMatchObject({
      shape: 'workers’ files merged',
      size: { value: '4.2\u2009kB', note: '12 files merged' },
      multiproc: { value: '12 files', note: '786\u2009kB merged' },
    });
  });
});

describe('loadSummary', () => {
  const routes = [route({ id: 'a' }), route({ id: 'b' })];
  it.each([
    {
      settings: SETTINGS,
      want: '2 routes on 1 app · 100 req/s to each app · 4 workers · a scrape every 1\u2009s · direct: close \u2014 hopping',
    },
    {
      settings: { ...SETTINGS, paused: true, workers: 1, metricsKeepAlive: true, scrapeIntervalSeconds: 0.5 },
      want: '2 routes on 1 app · load paused · 1 worker · a scrape every 0.5\u2009s · direct: keep-alive \u2014 pinned',
    },
  ])('$want', ({ settings, want }) => {
    expect(loadSummary({ routes, settings })).toBe(want);
  });
});

describe('lostText', () => {
  it.each([
    { lost: null, inTransit: null, want: 'no scrape yet' },
    { lost: 0, inTransit: null, want: '0 lost' },
    { lost: 1234, inTransit: null, want: '1,234 lost' },
    { lost: -3, inTransit: null, want: '3 ahead' },
    { lost: 0, inTransit: 0, want: '0 lost' },
    { lost: 0, inTransit: 9, want: '9 in transit' },
    { lost: 16, inTransit: 9, want: '16 lost, 9 in transit' },
    { lost: -2, inTransit: 0, want: '2 ahead' },
  ])('$lost, $inTransit in transit → $want', ({ lost, inTransit, want }) => {
    expect(lostText(lost, inTransit)).toBe(want);
  });
});

describe('priceText', () => {
  const cell = (value: string, note = '') => ({ value, note, severity: 'unknown' as const });
  it.each([
    {
      row: { processes: cell('5', '4 targets'), size: cell('46.6\u2009kB'), scrape: cell('9.9 / 17') },
      want: '5 processes · 4 targets · 46.6\u2009kB of /metrics · scrape 9.9 / 17\u2009ms',
    },
    {
      row: { processes: cell('0', '0 targets'), size: cell('\u2014'), scrape: cell('\u2014') },
      want: '0 processes · 0 targets · \u2014 of /metrics · scrape \u2014\u2009ms',
    },
  ])('$want', ({ row, want }) => {
    expect(priceText(row)).toBe(want);
  });
});
