import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRequestError, RequestTimeoutError, requestTextAnswer } from './http-request';

/** A loopback server that answers each path as the test needs: a status, an echo, or never in time. */
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
      const status = Number(req.url?.slice(1)) || 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          body,
          length: req.headers['content-length'] ?? null,
          chunked: req.headers['transfer-encoding'] ?? null,
          type: req.headers['content-type'] ?? null,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('requestTextAnswer', () => {
  it.each([
    {
      name: 'a GET answers its status and text',
      path: '/200',
      method: 'GET' as const,
      body: undefined,
      status: 200,
      ok: true,
      sent: '',
      length: null,
    },
    {
      name: 'a 4xx is an answer, not an error',
      path: '/422',
      method: 'GET' as const,
      body: undefined,
      status: 422,
      ok: false,
      sent: '',
      length: null,
    },
    {
      name: 'a POST body goes with its length',
      path: '/200',
      method: 'POST' as const,
      body: 'a=1&b=2',
      status: 200,
      ok: true,
      sent: 'a=1&b=2',
      length: '7',
    },
    {
      name: 'an empty state change says length 0, not chunked',
      path: '/200',
      method: 'PUT' as const,
      body: undefined,
      status: 200,
      ok: true,
      sent: '',
      length: '0',
    },
  ])('$name', async ({ path, method, body, status, ok, sent, length }) => {
    const answer = await requestTextAnswer(`${base}${path}`, {
      method,
      body,
      headers: { 'content-type': 'text/plain' },
      timeoutMs: 2000,
    });
    expect({ status: answer.status, ok: answer.ok }).toEqual({ status, ok });
    const echoed = JSON.parse(answer.text) as {
      method: string;
      body: string;
      length: string | null;
      chunked: string | null;
      type: string;
    };
    expect(echoed).toEqual({ method, body: sent, length, chunked: null, type: 'text/plain' });
  });

  it('gives up at the deadline, with a timeout error', async () => {
    const err = await requestTextAnswer(`${base}/slow`, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(describeRequestError(err)).toBe('timed out');
  });

  it('fails with the system error when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const err = await requestTextAnswer(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(describeRequestError(err)).toBe(`ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe('describeRequestError', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  it.each([
    {
      name: 'a system error: its code, then its words',
      err: withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
      want: 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9',
    },
    {
      name: "fetch's wrapper: the cause's code and words",
      err: new TypeError('fetch failed', { cause: withCode('getaddrinfo ENOTFOUND x', 'ENOTFOUND') }),
      want: 'ENOTFOUND getaddrinfo ENOTFOUND x',
    },
    {
      name: 'a cause without a code: its words',
      err: new Error('outer', { cause: new Error('inner') }),
      want: 'inner',
    },
    { name: 'a plain error: its words', err: new Error('socket hang up'), want: 'socket hang up' },
    {
      name: 'a timeout of either kind',
      err: Object.assign(new Error('x'), { name: 'TimeoutError' }),
      want: 'timed out',
    },
    { name: 'not an error at all', err: 'nope', want: 'nope' },
  ])('$name', ({ err, want }) => {
    expect(describeRequestError(err)).toBe(want);
  });
});
