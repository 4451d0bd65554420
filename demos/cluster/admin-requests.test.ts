import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  crashBodySchema,
  matchRoute,
  parseBody,
  restartBodySchema,
  scaleBodySchema,
  settingsBodySchema,
} from './admin-requests';

describe('matchRoute', () => {
  it.each([
    { method: 'GET', url: '/workers', expected: { kind: 'route', route: 'GET /workers' } },
    { method: 'PUT', url: '/workers?x=1', expected: { kind: 'route', route: 'PUT /workers' } },
    { method: 'POST', url: '/workers/crash', expected: { kind: 'route', route: 'POST /workers/crash' } },
    { method: 'POST', url: '/workers/restart', expected: { kind: 'route', route: 'POST /workers/restart' } },
    { method: 'PUT', url: '/settings', expected: { kind: 'route', route: 'PUT /settings' } },
    { method: 'GET', url: '/-/healthy', expected: { kind: 'route', route: 'GET /-/healthy' } },
    { method: 'DELETE', url: '/workers', expected: { kind: 'method-not-allowed', allow: ['GET', 'PUT'] } },
    { method: 'GET', url: '/workers/crash', expected: { kind: 'method-not-allowed', allow: ['POST'] } },
    { method: 'GET', url: '/nope', expected: { kind: 'not-found' } },
    { method: 'GET', url: '/toString', expected: { kind: 'not-found' } },
    { method: 'GET', url: '/workers/', expected: { kind: 'not-found' } },
  ])('$method $url → $expected.kind', ({ method, url, expected }) => {
    expect(matchRoute(method, url)).toEqual(expected);
  });
});

describe('parseBody', () => {
  it.each<{ name: string; schema: ZodType<unknown>; text: string; value: unknown }>([
    { name: 'scale', schema: scaleBodySchema, text: '{"count":3}', value: { count: 3 } },
    { name: 'crash, no id', schema: crashBodySchema, text: '', value: {} },
    { name: 'crash with id', schema: crashBodySchema, text: '{"id":7}', value: { id: 7 } },
    { name: 'restart, empty', schema: restartBodySchema, text: ' ', value: {} },
    {
      name: 'settings, one field',
      schema: settingsBodySchema,
      text: '{"statsdBufferSize":0}',
      value: { statsdBufferSize: 0 },
    },
    {
      name: 'settings, both',
      schema: settingsBodySchema,
      text: '{"metricsKeepAlive":true,"statsdBufferSize":65000}',
      value: { metricsKeepAlive: true, statsdBufferSize: 65_000 },
    },
  ])('accepts $name', ({ schema, text, value }) => {
    expect(parseBody(schema, text)).toEqual({ ok: true, value });
  });

  it.each<{ schema: ZodType<unknown>; text: string; error: string }>([
    { schema: scaleBodySchema, text: '{"count":', error: 'body: not valid JSON' },
    { schema: scaleBodySchema, text: '[1]', error: 'body: must be a JSON object' },
    { schema: scaleBodySchema, text: '', error: 'count: required' },
    { schema: scaleBodySchema, text: '{"count":"4"}', error: 'count: must be a number' },
    { schema: scaleBodySchema, text: '{"count":0}', error: 'count: must be between 1 and 16' },
    { schema: scaleBodySchema, text: '{"count":17}', error: 'count: must be between 1 and 16' },
    { schema: scaleBodySchema, text: '{"count":2.5}', error: 'count: must be a whole number' },
    { schema: scaleBodySchema, text: '{"count":2,"workers":3}', error: 'workers: unknown field' },
    { schema: crashBodySchema, text: '{"id":0}', error: 'id: must be a worker id (1 or more)' },
    { schema: restartBodySchema, text: '{"force":true}', error: 'force: unknown field' },
    {
      schema: settingsBodySchema,
      text: '{"metricsKeepAlive":"yes"}',
      error: 'metricsKeepAlive: must be true or false',
    },
    {
      schema: settingsBodySchema,
      text: '{"statsdBufferSize":-1}',
      error: 'statsdBufferSize: must be between 0 and 65000',
    },
    {
      schema: settingsBodySchema,
      text: '{"statsdBufferSize":70000}',
      error: 'statsdBufferSize: must be between 0 and 65000',
    },
  ])('rejects $text with "$error"', ({ schema, text, error }) => {
    expect(parseBody(schema, text)).toEqual({ ok: false, error });
  });
});
