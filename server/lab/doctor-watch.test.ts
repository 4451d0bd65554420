import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorWatch } from './doctor-watch';
import type { YourAppSpec } from './types';

/** Two "workers" behind one port: each new connection is answered by the next, with its own counter. */
function braidedServer(): http.Server {
  const workers = [
    { start: 1_700_000_000, rss: 51_000_000, cpu: 0.5, count: 0 },
    { start: 1_700_000_002, rss: 73_000_000, cpu: 1.25, count: 0 },
  ];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const worker = workers[(req.socket as unknown as { worker: number }).worker] ?? workers[0]!;
    worker.count += 3;
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# TYPE process_start_time_seconds gauge',
        `process_start_time_seconds ${worker.start}`,
        '# TYPE process_resident_memory_bytes gauge',
        `process_resident_memory_bytes ${worker.rss}`,
        '# TYPE process_cpu_seconds_total counter',
        `process_cpu_seconds_total ${worker.cpu}`,
        '# TYPE app_requests_total counter',
        `app_requests_total ${worker.count}`,
        '',
      ].join('\n'),
    );
  });
  server.on('connection', (socket) => {
    (socket as unknown as { worker: number }).worker = connections % 2;
    connections += 1;
  });
  return server;
}

const spec = (metricsUrl: string): YourAppSpec => ({
  id: 'your-app',
  title: 'Your app',
  summary: '',
  metricsUrl,
  loadUrl: null,
  loadRatePerSecond: 0,
});

describe('DoctorWatch', () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = braidedServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a braid from scrapes on new connections, and a reset forgets them', async () => {
    const watch = new DoctorWatch(spec(url), { intervalSeconds: 1 });
    expect(watch.view().diagnosis.verdict).toBe('insufficient');
    for (let i = 0; i < 8; i += 1) await watch.scrapeNow();
    const view = watch.view();
    expect(view.window).toMatchObject({ fresh: 8, keptAlive: 8 });
    expect(view.lastError).toBeNull();
    expect(view.load).toBeNull();
    // Which worker the kept-alive connection lands on races the fresh one: braided or pinned, never consistent.
    expect(['braided', 'pinned']).toContain(view.diagnosis.verdict);
    expect(view.diagnosis.responders.ids).toHaveLength(2);
    watch.reset();
    expect(watch.view().window).toMatchObject({ fresh: 0, keptAlive: 0 });
    watch.stop();
  });

  it('says why when the target does not answer, and keeps counting the failures', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const watch = new DoctorWatch(spec(`http://127.0.0.1:${port}/metrics`), { intervalSeconds: 1 });
    await watch.scrapeNow();
    await watch.scrapeNow();
    const view = watch.view();
    expect(view.lastError).toMatch(/127\.0\.0\.1/);
    expect(view.diagnosis.scrapes.failed).toBe(4);
    expect(view.diagnosis.verdict).toBe('insufficient');
    watch.stop();
  });
});
