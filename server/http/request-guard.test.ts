import { describe, expect, it } from 'vitest';
import {
  allowedHosts,
  checkRequest,
  cookieValue,
  hostName,
  isLoopback,
  type GuardPolicy,
  type GuardedRequest,
} from './request-guard';

const open: GuardPolicy = { hosts: allowedHosts('lab'), token: null, maxBodyBytes: 64 * 1024 };
const locked: GuardPolicy = { ...open, token: 't'.repeat(32) };
const json = { host: '127.0.0.1:9300', 'content-type': 'application/json' };

const req = (method: string, url: string, headers: GuardedRequest['headers'] = json): GuardedRequest => ({
  method,
  url,
  headers,
});

describe('checkRequest', () => {
  it.each<[string, GuardedRequest, GuardPolicy, number | 'ok', RegExp?]>([
    ['a read from loopback', req('GET', '/api/snapshot', { host: '127.0.0.1:9300' }), open, 'ok'],
    ['a read by service name', req('GET', '/metrics', { host: 'lab:9300' }), open, 'ok'],
    ['a read as localhost', req('HEAD', '/', { host: 'localhost' }), open, 'ok'],
    ['a read as [::1]', req('GET', '/', { host: '[::1]:3000' }), open, 'ok'],
    ['a JSON post from curl', req('POST', '/api/settings'), open, 'ok'],
    [
      'a same-origin post from the page',
      req('POST', '/api/settings', {
        ...json,
        origin: 'http://127.0.0.1:9300',
        'sec-fetch-site': 'same-origin',
      }),
      open,
      'ok',
    ],
    [
      'JSON with a charset',
      req('PUT', '/x', { ...json, 'content-type': 'Application/JSON; charset=utf-8' }),
      open,
      'ok',
    ],
    [
      'a foreign Host (DNS rebinding)',
      req('GET', '/api/snapshot', { host: 'evil.example:9300' }),
      open,
      403,
      /^host: /,
    ],
    ['no Host', req('GET', '/', {}), open, 400, /^host: /],
    ['a Host with a path', req('GET', '/', { host: 'lab/x' }), open, 400, /^host: /],
    ['TRACE', req('TRACE', '/'), open, 405, /^method: TRACE/],
    ['DELETE', req('DELETE', '/api/settings'), open, 405, /^method: /],
    ['OPTIONS', req('OPTIONS', '/api/settings'), open, 405, /^method: /],
    ['target *', req('GET', '*'), open, 400, /^target: /],
    ['an absolute target', req('GET', 'http://evil.example/'), open, 400, /^target: /],
    ['a scheme-relative target', req('GET', '//evil.example/'), open, 400, /^target: /],
    ['bad %-encoding', req('GET', '/api/lab/%'), open, 400, /^target: bad %-encoding/],
    ['bad %-encoding before a query', req('GET', '/a%zz?b=1'), open, 400, /^target: /],
    [
      'a cross-site no-cors post',
      req('POST', '/api/actions/kill-bridge', {
        ...json,
        'content-type': 'text/plain',
        'sec-fetch-site': 'cross-site',
      }),
      open,
      403,
      /^origin: refused a cross-site request/,
    ],
    [
      'a same-site post from another port',
      req('POST', '/api/settings', { ...json, 'sec-fetch-site': 'same-site' }),
      open,
      403,
      /^origin: /,
    ],
    [
      'a form post from another origin',
      req('POST', '/api/settings', { ...json, origin: 'http://evil.example' }),
      open,
      403,
      /^origin: "http:\/\/evil.example"/,
    ],
    ['Origin: null', req('POST', '/api/settings', { ...json, origin: 'null' }), open, 403, /^origin: /],
    [
      'an origin on another port of this host',
      req('POST', '/api/settings', { ...json, origin: 'http://127.0.0.1:3000' }),
      open,
      403,
      /^origin: /,
    ],
    ...(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'].map((type) => [
      `a ${type} post`,
      req('POST', '/api/settings', { ...json, 'content-type': type }),
      open,
      403,
      /^content-type: must be application\/json/,
    ]) as [string, GuardedRequest, GuardPolicy, number, RegExp][]),
    ['a post with no content type', req('POST', '/x', { host: 'lab' }), open, 403, /content-type: .*missing/],
    [
      'a declared oversized body',
      req('POST', '/x', { ...json, 'content-length': '70000' }),
      open,
      413,
      /^body: /,
    ],
    ['a post without the token', req('POST', '/x'), locked, 401, /^token: /],
    ['a post with a wrong token', req('POST', '/x', { ...json, authorization: 'Bearer nope' }), locked, 401],
    [
      'a post with the token',
      req('POST', '/x', { ...json, authorization: `Bearer ${'t'.repeat(32)}` }),
      locked,
      'ok',
    ],
    [
      'a post with the token cookie',
      req('POST', '/x', { ...json, cookie: `a=b; scrape_lab_token=${'t'.repeat(32)}` }),
      locked,
      'ok',
    ],
    ['a read without the token', req('GET', '/api/snapshot', { host: 'lab' }), locked, 'ok'],
  ])('%s', (_what, request, policy, want, error) => {
    const verdict = checkRequest(request, policy);
    if (want === 'ok') {
      expect(verdict.ok).toBe(true);
    } else {
      expect(verdict).toMatchObject({ ok: false, status: want });
      if (error && !verdict.ok) expect(verdict.error).toMatch(error);
    }
  });

  it('decodes the path and keeps the query apart', () => {
    expect(checkRequest(req('GET', '/api/lab/a%20b?since=1', { host: 'lab' }), open)).toEqual({
      ok: true,
      path: '/api/lab/a b',
      search: '?since=1',
      changesState: false,
    });
  });

  it('cuts echoed input short', () => {
    const verdict = checkRequest(req('GET', '/', { host: `${'a'.repeat(500)}.example` }), open);
    expect(!verdict.ok && verdict.error.length).toBeLessThan(200);
  });
});

describe('allowedHosts', () => {
  it.each([
    [[], ['localhost', '127.0.0.1', '::1']],
    [
      ['lab', 'LAB', ' Web '],
      ['localhost', '127.0.0.1', '::1', 'lab', 'web'],
    ],
    [
      ['0.0.0.0', '::', undefined, ''],
      ['localhost', '127.0.0.1', '::1'],
    ],
    [['[fe80::1]'], ['localhost', '127.0.0.1', '::1', 'fe80::1']],
  ])('%j', (names, want) => {
    expect([...allowedHosts(...names)]).toEqual(want);
  });
});

describe('hostName', () => {
  it.each([
    ['127.0.0.1:3000', '127.0.0.1'],
    ['Localhost', 'localhost'],
    ['[::1]:9300', '::1'],
    ['statsd-app:8092', 'statsd-app'],
    ['', null],
    ['a b', null],
    ['lab:port', null],
    [undefined, null],
  ])('%j → %j', (value, want) => {
    expect(hostName(value)).toBe(want);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['192.168.1.2', false],
    ['lab', false],
  ])('%s → %s', (address, want) => {
    expect(isLoopback(address)).toBe(want);
  });
});

describe('cookieValue', () => {
  it.each([
    ['a=1; b=2', 'b', '2'],
    ['a=1', 'b', undefined],
    [undefined, 'a', undefined],
    ['a = x=y ', 'a', 'x=y'],
  ])('%j %s', (header, name, want) => {
    expect(cookieValue(header, name)).toBe(want);
  });
});
