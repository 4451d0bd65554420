import { describe, expect, it } from 'vitest';
import {
  burstSchema,
  ControlInputError,
  crashWorkerSchema,
  parseControl,
  settingsPatchSchema,
} from './control-schema';

describe('settings patch', () => {
  it.each([
    { body: {}, want: {} },
    { body: undefined, want: {} },
    { body: { ratePerSecond: 200 }, want: { ratePerSecond: 200 } },
    { body: { ratePerSecond: 0, paused: true }, want: { ratePerSecond: 0, paused: true } },
    {
      body: { workers: 16, scrapeIntervalSeconds: 0.25 },
      want: { workers: 16, scrapeIntervalSeconds: 0.25 },
    },
    {
      body: { metricsKeepAlive: true, statsdBufferSize: 0 },
      want: { metricsKeepAlive: true, statsdBufferSize: 0 },
    },
  ])('accepts $body', ({ body, want }) => {
    expect(parseControl(settingsPatchSchema, body)).toEqual(want);
  });

  it.each([
    { body: { ratePerSecond: 5001 }, error: /^ratePerSecond: / },
    { body: { ratePerSecond: -1 }, error: /^ratePerSecond: / },
    { body: { ratePerSecond: '50' }, error: /^ratePerSecond: .*number/ },
    { body: { workers: 0 }, error: /^workers: / },
    { body: { workers: 2.5 }, error: /^workers: / },
    { body: { workers: 17 }, error: /^workers: / },
    { body: { scrapeIntervalSeconds: 0.1 }, error: /^scrapeIntervalSeconds: / },
    { body: { scrapeIntervalSeconds: 31 }, error: /^scrapeIntervalSeconds: / },
    { body: { metricsKeepAlive: 'yes' }, error: /^metricsKeepAlive: / },
    { body: { statsdBufferSize: 70_000 }, error: /^statsdBufferSize: / },
    { body: { rate: 5 }, error: /^rate: unknown field/ },
    { body: [1, 2], error: /^body: / },
    { body: 'fast', error: /^body: / },
    { body: null, error: /^body: must be a JSON object/ },
    { body: 0, error: /^body: must be a JSON object/ },
  ])('rejects $body naming the field', ({ body, error }) => {
    expect(() => parseControl(settingsPatchSchema, body)).toThrow(ControlInputError);
    expect(() => parseControl(settingsPatchSchema, body)).toThrow(error);
  });
});

describe('crash worker', () => {
  it.each([
    { body: { route: 'direct' }, want: { route: 'direct' } },
    { body: { route: 'statsd', workerId: 3 }, want: { route: 'statsd', workerId: 3 } },
  ])('accepts $body', ({ body, want }) => {
    expect(parseControl(crashWorkerSchema, body)).toEqual(want);
  });

  it.each([
    { body: {}, error: /^route: / },
    { body: { route: '' }, error: /^route: / },
    { body: { route: 'direct', workerId: 0 }, error: /^workerId: / },
  ])('rejects $body', ({ body, error }) => {
    expect(() => parseControl(crashWorkerSchema, body)).toThrow(error);
  });
});

describe('burst', () => {
  it.each([
    { route: 'statsd', requests: 1 },
    { route: 'statsd', requests: 20_000 },
  ])('accepts $requests requests', (body) => {
    expect(parseControl(burstSchema, body)).toEqual(body);
  });

  it.each([
    { body: { route: 'statsd' }, error: /^requests: / },
    { body: { requests: 10 }, error: /^route: / },
    { body: { route: '', requests: 10 }, error: /^route: / },
    { body: { route: 'statsd', requests: 0 }, error: /^requests: / },
    { body: { route: 'statsd', requests: 20_001 }, error: /^requests: / },
    { body: { route: 'statsd', requests: 1.5 }, error: /^requests: / },
  ])('rejects $body', ({ body, error }) => {
    expect(() => parseControl(burstSchema, body)).toThrow(error);
  });
});
