import { describe, expect, it } from 'vitest';
import { isPromClientMessage, parseToPrimary, parseToWorker } from './messages';

const settings = { metricsKeepAlive: true, statsdBufferSize: 1400 };

describe('parseToWorker', () => {
  it.each([
    { raw: { type: 'settings', seq: 3, settings }, want: { type: 'settings', seq: 3, settings } },
    { raw: { type: 'shutdown' }, want: { type: 'shutdown' } },
    { raw: { type: 'crash', extra: 1 }, want: { type: 'crash' } },
    { raw: { type: 'settings', seq: 1.5, settings }, want: null },
    { raw: { type: 'settings', seq: 1, settings: { ...settings, statsdBufferSize: -1 } }, want: null },
    { raw: { type: 'settings', seq: 1, settings: { ...settings, statsdBufferSize: 70_000 } }, want: null },
    { raw: { type: 'settings', seq: 1, settings: { ...settings, metricsKeepAlive: 'yes' } }, want: null },
    { raw: { type: 'settings', seq: 1 }, want: null },
    { raw: { type: 'reboot' }, want: null },
    { raw: 'shutdown', want: null },
    { raw: null, want: null },
  ])('reads $raw as $want', ({ raw, want }) => {
    expect(parseToWorker(raw)).toEqual(want);
  });

  it('copies the settings it accepts, dropping fields it does not know', () => {
    const parsed = parseToWorker({ type: 'settings', seq: 1, settings: { ...settings, other: 1 } });
    expect(parsed).toStrictEqual({ type: 'settings', seq: 1, settings });
  });
});

describe('parseToPrimary', () => {
  it.each([
    { raw: { type: 'settings-applied', seq: 7 }, want: { type: 'settings-applied', seq: 7 } },
    { raw: { type: 'settings-applied', seq: '7' }, want: null },
    { raw: { type: 'prom-client:getMetricsRes' }, want: null },
    { raw: undefined, want: null },
  ])('reads $raw as $want', ({ raw, want }) => {
    expect(parseToPrimary(raw)).toEqual(want);
  });
});

describe('isPromClientMessage', () => {
  it.each([
    { raw: { type: 'prom-client:getMetricsReq' }, want: true },
    { raw: { type: 'settings' }, want: false },
    { raw: null, want: false },
  ])('$raw: $want', ({ raw, want }) => {
    expect(isPromClientMessage(raw)).toBe(want);
  });
});
