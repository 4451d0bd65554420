import { describe, expect, it } from 'vitest';
import { SETTINGS_FIXTURE } from '../../server/lab/snapshot-fixture';
import type { LabSettings } from '../../server/lab/types';
import { planEntry } from './scene-entry';

const current: LabSettings = { ...SETTINGS_FIXTURE };

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
