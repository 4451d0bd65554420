import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHosts, DEFAULT_MAX_BODY_BYTES, type GuardPolicy } from '../http/request-guard';
import { createWebServer } from './web-server';

/** The web front door over real sockets, with a stand-in lab that records what reaches it. */

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A raw HTTP/1.1 exchange, for targets and headers fetch will not send. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function startWeb(token: string | null, labPort: number, pagesSeen: string[]) {
  const policy: GuardPolicy = { hosts: allowedHosts(), token, maxBodyBytes: DEFAULT_MAX_BODY_BYTES };
  return createWebServer({
    policy,
    lab: { labOrigin: `http://127.0.0.1:${labPort}`, timeoutMs: 2000, token, log: () => undefined },
    pages: (req, res) => {
      pagesSeen.push(req.url ?? '');
      res.end('page');
    },
    log: () => undefined,
  });
}

describe('web server', () => {
  const seen: Seen[] = [];
  const pages: string[] = [];
  const lab = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  let labPort = 0;
  let open = 0;
  let guarded = 0;
  const token = 'a'.repeat(32);
  const servers: http.Server[] = [];

  beforeAll(async () => {
    labPort = await listen(lab);
    const openWeb = startWeb(null, labPort, pages);
    const tokenWeb = startWeb(token, labPort, pages);
    servers.push(lab, openWeb, tokenWeb);
    open = await listen(openWeb);
    guarded = await listen(tokenWeb);
  });
  afterAll(() => servers.forEach((s) => s.close()));

  const post = (port: number, path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });

  it('hands pages to Next.js and lab calls to the lab', async () => {
    expect(await (await fetch(`http://127.0.0.1:${open}/scenes/1`)).text()).toBe('page');
    const res = await post(open, '/api/lab/settings', { body: '{"paused":true}' });
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/settings', body: '{"paused":true}' });
  });

  it.each([
    { path: '/api/lab/nope', method: 'GET', status: 404, error: 'path: no lab endpoint /api/nope' },
    {
      path: '/api/lab/settings',
      method: 'GET',
      status: 405,
      error: 'method: /api/settings accepts POST, not GET',
    },
  ])('answers $status for $method $path without calling the lab', async ({ path, method, status, error }) => {
    const before = seen.length;
    const res = await fetch(`http://127.0.0.1:${open}${path}`, { method });
    expect([res.status, await res.json()]).toEqual([status, { error }]);
    expect(seen.length).toBe(before);
  });

  it.each([
    ['TRACE', 'TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '405'],
    ['asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '405'],
    ['GET *', 'GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '400'],
    ['bad %-encoding', 'GET /api/lab/% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '400'],
    ['foreign Host', 'GET /api/lab/snapshot HTTP/1.1\r\nHost: rebound.example:3000\r\n\r\n', '403'],
    [
      'POST to a page',
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}',
      '405',
    ],
  ])('refuses %s with a 4xx, never reaching Next.js or the lab', async (_what, request, status) => {
    const [before, pagesBefore] = [seen.length, pages.length];
    const answer = await raw(open, request);
    expect(answer.split(' ')[1]).toBe(status);
    expect([seen.length, pages.length]).toEqual([before, pagesBefore]);
  });

  it('caps bodies at the proxy: 413 for a declared and for a chunked oversized body', async () => {
    const big = 'x'.repeat(DEFAULT_MAX_BODY_BYTES + 1);
    const declared = await post(open, '/api/lab/settings', { body: JSON.stringify({ big }) });
    expect(declared.status).toBe(413);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          port: open,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/lab/settings',
          headers: { 'content-type': 'application/json' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.write(big);
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it('needs the token beyond loopback, takes it once from ?token= as a cookie, and passes it on', async () => {
    expect((await post(guarded, '/api/lab/actions/kill-bridge', { body: '{}' })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${guarded}/?token=wrong`)).status).toBe(403);
    const handed = await fetch(`http://127.0.0.1:${guarded}/scenes?token=${token}&x=1`, {
      redirect: 'manual',
    });
    expect(handed.status).toBe(303);
    expect(handed.headers.get('location')).toBe('/scenes?x=1');
    const cookie = (handed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toBe(`scrape_lab_token=${token}`);
    const res = await post(guarded, '/api/lab/actions/kill-bridge', { body: '{}', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${token}`);
    // Reads stay open.
    expect((await fetch(`http://127.0.0.1:${guarded}/api/lab/snapshot`)).status).toBe(200);
  });

  it('answers 502 naming the lab when it is down', async () => {
    const down = http.createServer();
    const port = await listen(down);
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const web = startWeb(null, port, pages);
    const webPort = await listen(web);
    try {
      const res = await fetch(`http://127.0.0.1:${webPort}/api/lab/snapshot`);
      expect([res.status, await res.json()]).toEqual([
        502,
        { error: `lab unreachable at http://127.0.0.1:${port} (ECONNREFUSED)` },
      ]);
    } finally {
      web.close();
    }
  });
});
