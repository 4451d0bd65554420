import http from 'node:http';

/** What one look at a child's ready URL found: ok on a 2xx, else why not. */
export type ReadyAnswer = { ok: true } | { ok: false; why: string };

/**
 * One GET of a child's ready URL, on a connection of its own, its body discarded. node:http, not fetch: the
 * supervisor makes no other HTTP request, and fetch would load undici into it (about 9 MB of RSS, measured).
 */
export function probeReady(url: string, timeoutMs: number): Promise<ReadyAnswer> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () =>
        resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, why: `HTTP ${status}` }),
      );
      res.on('error', (err) => resolve({ ok: false, why: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, why: err.message }));
  });
}
