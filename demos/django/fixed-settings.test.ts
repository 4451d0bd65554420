import { describe, expect, it } from 'vitest';
import { refusedSetting } from './fixed-settings';

describe('refusedSetting', () => {
  it.each([
    { patch: {}, want: null },
    { patch: { metricsKeepAlive: false }, want: null },
    { patch: { metricsKeepAlive: false, statsdBufferSize: 0 }, want: null },
    {
      patch: { metricsKeepAlive: true },
      want: "metricsKeepAlive: the Django app is fixed at false: gunicorn's sync workers close every connection after its answer",
    },
    {
      patch: { statsdBufferSize: 1400 },
      want: 'statsdBufferSize: the Django app is fixed at 0: the DogStatsd client sends one datagram per metric and has no buffer to size',
    },
  ])('$patch', ({ patch, want }) => {
    expect(refusedSetting(patch)).toBe(want);
  });
});
