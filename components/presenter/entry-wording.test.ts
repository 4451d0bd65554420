import { describe, expect, it } from 'vitest';
import { SETTINGS_FIXTURE } from '../../server/lab/snapshot-fixture';
import type { LabSettings } from '../../server/lab/types';
import { describeSetting, entryText, entryWording, settingValue, type EntryTense } from './entry-wording';
import { SCENES } from './scenes';

const lab: LabSettings = { ...SETTINGS_FIXTURE };

describe('describeSetting and settingValue', () => {
  it.each([
    { key: 'workers', value: 1, text: '1 worker', alone: '1' },
    { key: 'workers', value: 4, text: '4 workers', alone: '4' },
    { key: 'ratePerSecond', value: 200, text: '200 req/s per app', alone: '200 req/s' },
    { key: 'paused', value: true, text: 'load paused', alone: 'paused' },
    { key: 'paused', value: false, text: 'load running', alone: 'running' },
    {
      key: 'metricsKeepAlive',
      value: true,
      text: 'direct: keep-alive \u2014 pinned',
      alone: 'keep-alive \u2014 pinned',
    },
    {
      key: 'metricsKeepAlive',
      value: false,
      text: 'direct: close \u2014 hopping',
      alone: 'close \u2014 hopping',
    },
    { key: 'scrapeIntervalSeconds', value: 0.5, text: 'scrape every 0.5\u2009s', alone: '0.5\u2009s' },
    { key: 'statsdBufferSize', value: 0, text: 'StatsD buffering off', alone: 'off' },
    { key: 'statsdBufferSize', value: 1400, text: 'StatsD buffer 1400\u2009B', alone: '1400\u2009B' },
    { key: 'concurrency', value: 64, text: 'concurrency 64', alone: '64' },
  ] as const)('$key $value → "$text", alone "$alone"', ({ key, value, text, alone }) => {
    expect(describeSetting(key, value)).toBe(text);
    expect(settingValue(key, value)).toBe(alone);
  });
});

/** One row: a scene's entry against the lab above (or none yet), and the line it reads as. */
interface Row {
  name: string;
  settings: Partial<LabSettings>;
  resetOnEntry?: boolean;
  current?: LabSettings | null;
  tense: EntryTense;
  want: string;
}

describe('entryText(entryWording(...))', () => {
  it.each<Row>([
    // One row per setting kind the scenes use, before entry, differing from the lab.
    { name: 'workers', settings: { workers: 1 }, tense: 'before', want: 'will set: 1 worker (now 4)' },
    {
      name: 'load rate',
      settings: { ratePerSecond: 200 },
      tense: 'before',
      want: 'will set: 200 req/s per app (now 50 req/s)',
    },
    {
      name: 'load paused',
      settings: { paused: true },
      tense: 'before',
      want: 'will set: load paused (now running)',
    },
    {
      name: 'connection policy',
      settings: { metricsKeepAlive: true },
      tense: 'before',
      want: 'will set: direct: keep-alive \u2014 pinned (now close \u2014 hopping)',
    },
    {
      name: 'scrape interval',
      settings: { scrapeIntervalSeconds: 5 },
      tense: 'before',
      want: 'will set: scrape every 5\u2009s (now 1\u2009s)',
    },
    {
      name: 'StatsD buffering off',
      settings: { statsdBufferSize: 0 },
      tense: 'before',
      want: 'will set: StatsD buffering off (now 1400\u2009B)',
    },
    {
      name: 'StatsD buffering back on',
      settings: { statsdBufferSize: 1400 },
      current: { ...lab, statsdBufferSize: 0 },
      tense: 'before',
      want: 'will set: StatsD buffer 1400\u2009B (now off)',
    },
    {
      name: 'concurrency',
      settings: { concurrency: 64 },
      tense: 'before',
      want: 'will set: concurrency 64 (now 128)',
    },
    // Matching settings are kept, and said so.
    {
      name: 'every setting already matches',
      settings: { workers: 4, paused: false, metricsKeepAlive: false },
      tense: 'before',
      want: 'keeps: 4 workers, load running, direct: close \u2014 hopping',
    },
    {
      name: 'changes first, then what is kept, each in the fixed order',
      settings: { statsdBufferSize: 1400, paused: false, ratePerSecond: 100, workers: 1 },
      tense: 'before',
      want: 'will set: 1 worker (now 4), 100 req/s per app (now 50 req/s) \u00b7 keeps: load running, StatsD buffer 1400\u2009B',
    },
    // The reset comes first, whatever the settings do.
    {
      name: 'a reset with settings that match',
      settings: { workers: 4 },
      resetOnEntry: true,
      tense: 'before',
      want: 'resets the lab \u00b7 keeps: 4 workers',
    },
    { name: 'a reset alone', settings: {}, resetOnEntry: true, tense: 'before', want: 'resets the lab' },
    { name: 'nothing at all', settings: {}, tense: 'before', want: 'changes nothing in the lab' },
    // Before the first snapshot nothing is known to match: every setting is one it will set.
    {
      name: 'no lab yet',
      settings: { workers: 4, paused: false },
      resetOnEntry: true,
      current: null,
      tense: 'before',
      want: 'resets the lab \u00b7 will set: 4 workers, load running',
    },
    // After entry: what the scene set, and where the presenter has moved the lab since.
    {
      name: 'after entry, nothing moved',
      settings: { workers: 4, metricsKeepAlive: false },
      resetOnEntry: true,
      tense: 'after',
      want: 'reset the lab \u00b7 set: 4 workers, direct: close \u2014 hopping',
    },
    {
      name: 'after entry, the presenter pinned the connection',
      settings: { workers: 4, metricsKeepAlive: false },
      current: { ...lab, metricsKeepAlive: true },
      tense: 'after',
      want: 'set: 4 workers, direct: close \u2014 hopping (now keep-alive \u2014 pinned)',
    },
    { name: 'after entry, nothing to set', settings: {}, tense: 'after', want: 'changes nothing in the lab' },
  ])('$name', ({ settings, resetOnEntry = false, current = lab, tense, want }) => {
    expect(entryText(entryWording({ settings, resetOnEntry }, current, tense))).toBe(want);
  });

  // The issue's case: scene 2 previewed while the lab still runs scene 3's four workers.
  it('scene 2 seen from scene 3', () => {
    const [two, three] = [SCENES[1], SCENES[2]];
    if (two === undefined || three === undefined) throw new Error('missing scenes');
    const current: LabSettings = { ...lab, ...three.settings };
    expect(entryText(entryWording(two, current, 'before'))).toBe(
      'resets the lab \u00b7 will set: 1 worker (now 4) \u00b7 keeps: 100 req/s per app, load running, direct: close \u2014 hopping, scrape every 1\u2009s',
    );
  });
});
