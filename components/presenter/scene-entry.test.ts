import { describe, expect, it } from 'vitest';
import type { LabSettings } from '../../server/lab/types';
import { describeSetting, entryItems, planEntry } from './scene-entry';

const current: LabSettings = {
  ratePerSecond: 50,
  concurrency: 128,
  paused: false,
  scrapeIntervalSeconds: 1,
  workers: 4,
  metricsKeepAlive: false,
  statsdBufferSize: 1400,
};

describe('planEntry', () => {
  it.each([
    {
      name: 'sends only what differs',
      settings: { workers: 1, ratePerSecond: 50, paused: false },
      resetOnEntry: false,
      lastEntered: '1-x',
      want: { patch: { workers: 1 }, reset: false },
    },
    {
      name: 'nothing differs: empty patch',
      settings: { workers: 4, metricsKeepAlive: false },
      resetOnEntry: false,
      lastEntered: null,
      want: { patch: {}, reset: false },
    },
    {
      name: 'reset even when the settings match',
      settings: { workers: 4 },
      resetOnEntry: true,
      lastEntered: null,
      want: { patch: {}, reset: true },
    },
    {
      name: 'several fields, booleans and zero included',
      settings: { paused: true, metricsKeepAlive: true, statsdBufferSize: 0 },
      resetOnEntry: true,
      lastEntered: '2-other',
      want: { patch: { paused: true, metricsKeepAlive: true, statsdBufferSize: 0 }, reset: true },
    },
    {
      name: 'a reload of the scene entered last changes nothing',
      settings: { workers: 1 },
      resetOnEntry: true,
      lastEntered: '9-this',
      want: null,
    },
  ])('$name', ({ settings, resetOnEntry, lastEntered, want }) => {
    expect(planEntry({ scene: { id: '9-this', settings, resetOnEntry }, current, lastEntered })).toEqual(
      want,
    );
  });
});

describe('describeSetting', () => {
  it.each([
    { key: 'workers', value: 1, want: '1 worker' },
    { key: 'workers', value: 4, want: '4 workers' },
    { key: 'ratePerSecond', value: 200, want: '200 req/s per app' },
    { key: 'paused', value: true, want: 'load paused' },
    { key: 'paused', value: false, want: 'load running' },
    { key: 'metricsKeepAlive', value: true, want: 'direct: keep-alive \u2014 pinned' },
    { key: 'metricsKeepAlive', value: false, want: 'direct: close \u2014 hopping' },
    { key: 'scrapeIntervalSeconds', value: 0.5, want: 'scrape every 0.5\u2009s' },
    { key: 'statsdBufferSize', value: 0, want: 'StatsD buffering off' },
    { key: 'statsdBufferSize', value: 1400, want: 'StatsD buffer 1400\u2009B' },
    { key: 'concurrency', value: 64, want: 'concurrency 64' },
  ] as const)('$key $value → $want', ({ key, value, want }) => {
    expect(describeSetting(key, value)).toBe(want);
  });
});

describe('entryItems', () => {
  it.each([
    {
      name: 'in a fixed order, with reset last',
      scene: { settings: { statsdBufferSize: 0, workers: 4 }, resetOnEntry: true },
      lab: current,
      want: [
        { key: 'workers', text: '4 workers', now: null },
        { key: 'statsdBufferSize', text: 'StatsD buffering off', now: 'StatsD buffer 1400\u2009B' },
        { key: 'reset', text: 'counters from zero', now: null },
      ],
    },
    {
      name: 'before the first snapshot nothing is marked as changed',
      scene: { settings: { paused: false }, resetOnEntry: false },
      lab: null,
      want: [{ key: 'paused', text: 'load running', now: null }],
    },
    {
      name: 'a scene that sets nothing',
      scene: { settings: {}, resetOnEntry: false },
      lab: current,
      want: [],
    },
  ])('$name', ({ scene, lab, want }) => {
    expect(entryItems(scene, lab)).toEqual(want);
  });
});
