import { describe, expect, it } from 'vitest';
import { labOrigin, resolveLabEndpoint } from './lab-proxy';

describe('resolveLabEndpoint', () => {
  it.each([
    { method: 'GET', segments: ['snapshot'], want: { ok: true, path: 'snapshot', stream: false } },
    { method: 'get', segments: ['stream'], want: { ok: true, path: 'stream', stream: true } },
    {
      method: 'POST',
      segments: ['settings'],
      want: { ok: true, path: 'settings', stream: false, timeoutMs: 40_000 },
    },
    {
      method: 'POST',
      segments: ['actions', 'crash-worker'],
      want: { ok: true, path: 'actions/crash-worker', stream: false },
    },
    {
      method: 'POST',
      segments: ['actions', 'kill-bridge'],
      want: { ok: true, path: 'actions/kill-bridge', stream: false, timeoutMs: 30_000 },
    },
    {
      method: 'POST',
      segments: ['actions', 'reset'],
      want: { ok: true, path: 'actions/reset', stream: false, timeoutMs: 70_000 },
    },
    {
      method: 'POST',
      segments: ['actions', 'burst'],
      want: { ok: true, path: 'actions/burst', stream: false, timeoutMs: 180_000 },
    },
    { method: 'GET', segments: ['actions', 'burst'], want: { ok: false, status: 405, allow: 'POST' } },
    { method: 'GET', segments: ['actions', 'secret'], want: { ok: false, status: 404 } },
    { method: 'GET', segments: ['..', 'metrics'], want: { ok: false, status: 404 } },
    { method: 'GET', segments: [], want: { ok: false, status: 404 } },
    { method: 'POST', segments: ['snapshot'], want: { ok: false, status: 405, allow: 'GET' } },
    { method: 'GET', segments: ['settings'], want: { ok: false, status: 405, allow: 'POST' } },
    { method: 'DELETE', segments: ['actions', 'reset'], want: { ok: false, status: 405, allow: 'POST' } },
  ])('$method /$segments', ({ method, segments, want }) => {
    const match = resolveLabEndpoint(method, segments);
    if (want.ok) {
      expect(match).toEqual({
        ok: true,
        endpoint: {
          method: method.toUpperCase(),
          path: want.path,
          stream: want.stream,
          ...('timeoutMs' in want ? { timeoutMs: want.timeoutMs } : {}),
        },
      });
    } else {
      expect(match).toMatchObject({
        ok: false,
        status: want.status,
        ...(want.allow ? { allow: want.allow } : {}),
      });
    }
  });
});

describe('labOrigin', () => {
  it.each([
    { LAB_HOST: '127.0.0.1', LAB_PORT: 9300, want: 'http://127.0.0.1:9300' },
    { LAB_HOST: 'lab', LAB_PORT: 80, want: 'http://lab:80' },
    { LAB_HOST: '::1', LAB_PORT: 9300, want: 'http://[::1]:9300' },
    { LAB_HOST: '[::1]', LAB_PORT: 9300, want: 'http://[::1]:9300' },
  ])('$LAB_HOST:$LAB_PORT', ({ want, ...config }) => {
    expect(labOrigin(config)).toBe(want);
  });
});
