import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, readBody } from './guarded';
import { allowedHosts } from './request-guard';

/** The node:http side of the guard over a real socket: caps, drains and quiet aborts. */
describe('admit and readBody', () => {
  const logged: string[] = [];
  const bodies: string[] = [];
  const policy = { hosts: allowedHosts(), token: null, maxBodyBytes: 1024 };
  const server = http.createServer((req, res) => {
    if (!admit(req, res, policy)) return;
    void readBody(req, res, { maxBytes: policy.maxBodyBytes, log: (l) => logged.push(l) }).then((body) => {
      if (body === null) return;
      bodies.push(body);
      res.end('ok');
    });
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => server.close());

  const send = (body: Buffer | string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('reads a body within the cap', async () => {
    expect(await send('{"a":1}')).toEqual({ status: 200, text: 'ok' });
    expect(bodies.at(-1)).toBe('{"a":1}');
  });

  it('answers 413 to a 10 MB body, declared or chunked, instead of a broken pipe', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'x');
    const declared = await send(big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toEqual({ error: 'body: larger than 1024 bytes' });
    const chunked = await send(big, { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
  });

  it('logs one quiet line when the client goes away mid-body', async () => {
    const before = logged.length;
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a"',
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    const deadline = Date.now() + 2000;
    while (logged.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(logged.slice(before)).toEqual(['POST /: client went away before sending the whole body']);
  });
});
