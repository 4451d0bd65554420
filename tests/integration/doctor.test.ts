import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../server/doctor/doctor';
import { fetchMetrics } from '../../server/doctor/fetch-metrics';
import { startFakeWorkers, type FakeWorkers } from './fixtures/doctor/fake-workers';
import { runDoctorCli } from './fixtures/doctor/run-cli';
import { freePort } from './free-port';

/**
 * The doctor's CLI, run as `npm run doctor` runs it, against tiny servers this test starts on 127.0.0.1:
 * every way a target can be no metrics endpoint exits 2 with a message naming what was wrong, and the three
 * verdicts come out of a fake pre-fork app whose connections each stick to one worker.
 */

const CLI_TIMEOUT_MS = 30_000;
const METRICS = '# TYPE app_requests_total counter\napp_requests_total 7\n';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
async function serve(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let offHostHits = 0;
let endlessBytes = 0;
const urls: Record<string, string> = {};
let braid: FakeWorkers;
let pinned: FakeWorkers;

beforeAll(async () => {
  const offHost = await serve((_req, res) => {
    offHostHits += 1;
    res.end(METRICS);
  });
  const offHostPort = new URL(offHost).port;
  urls.unreachable = `http://127.0.0.1:${await freePort()}/metrics`;
  urls.html = `${await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Welcome</title>');
  })}/metrics`;
  urls.htmlAsText = `${await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('<!doctype html><title>Welcome</title>');
  })}/metrics`;
  urls.notFound = `${await serve((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no such page\n');
  })}/metrics`;
  // "localhost" is another host name than 127.0.0.1, though it is this machine: the doctor must not follow.
  urls.offHost = `${await serve((_req, res) => {
    res.writeHead(302, { location: `http://localhost:${offHostPort}/metrics` });
    res.end();
  })}/metrics`;
  urls.endless = `${await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    const line = Buffer.from(`${'endless_bytes_total 1\n'.repeat(2048)}`);
    const pump = () => {
      while (!res.destroyed && res.write(line)) endlessBytes += line.length;
    };
    res.on('drain', pump);
    pump();
  })}/metrics`;
  urls.trickle = `${await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    const timer = setInterval(() => res.write('# still going\n'), 100);
    res.on('close', () => clearInterval(timer));
  })}/metrics`;
  // One process, gzipped, behind a same-host redirect: consistent.
  let requests = 0;
  const single = await serve((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(301, { location: '/metrics/' });
      res.end();
      return;
    }
    requests += 1;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-encoding': 'gzip' });
    res.end(
      zlib.gzipSync(
        'process_start_time_seconds 1700000000.25\n' +
          '# TYPE app_requests_total counter\n' +
          `app_requests_total ${requests}\n`,
      ),
    );
  });
  urls.single = `${single}/metrics`;
  urls.redirectLoop = `${await serve((req, res) => {
    res.writeHead(307, { location: req.url === '/a' ? '/b' : '/a' });
    res.end();
  })}/a`;
  urls.bigDeclared = `${await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(64 * 1024 * 1024) });
    res.write('x 1\n');
  })}/metrics`;
  braid = await startFakeWorkers({ workers: 3, closeEach: true });
  pinned = await startFakeWorkers({ workers: 3, closeEach: false, openMetrics: true });
});

afterAll(async () => {
  await Promise.all([
    braid?.close(),
    pinned?.close(),
    ...servers.map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  ]);
});

const quick = ['--duration', '1', '--interval', '0.25', '--timeout', '1'];

describe.concurrent('the doctor CLI: targets that are no metrics endpoint exit 2', () => {
  it.each([
    { target: 'unreachable', message: /unreachable: .*connection refused \(nothing listens there\?\)/ },
    {
      target: 'html',
      message:
        /not-metrics: .* answered Content-Type "text\/html; charset=utf-8" \(a web page\), not a metrics exposition/,
    },
    { target: 'htmlAsText', message: /not-metrics: .*the body is markup \(an HTML page\?\)/ },
    { target: 'notFound', message: /http-status: .* answered HTTP 404 Not Found: no such page/ },
    {
      target: 'offHost',
      message:
        /redirect-off-host: .* redirected \(HTTP 302\) to http:\/\/localhost:\d+\/metrics, another host or port/,
    },
    { target: 'endless', message: /too-large: .*the body passed the 10 MiB cap and was cut there/ },
    { target: 'trickle', message: /timeout: .*the body did not end in time/ },
    { target: 'redirectLoop', message: /too-many-redirects: more than 3 redirects/ },
  ])('$target', async ({ target, message }) => {
    const run = await runDoctorCli([urls[target] as string, ...quick], CLI_TIMEOUT_MS);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    if (target === 'offHost') expect(offHostHits).toBe(0);
    // What the server wrote before the doctor hung up: the cap and what sat in the socket buffers.
    if (target === 'endless') expect(endlessBytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('with --json too: one JSON object naming the problem', async () => {
    const run = await runDoctorCli([urls.notFound as string, ...quick, '--json'], CLI_TIMEOUT_MS);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.fatal).toMatchObject({ problem: 'http-status' });
    expect(report.diagnosis.verdict).toBe('insufficient');
  });

  it.each([
    { args: ['ftp://127.0.0.1/metrics'], message: /only http:\/\/ and https:\/\/ URLs \(got ftp:\/\/\)/ },
    { args: ['http://127.0.0.1:1/metrics', '--rate', 'fast'], message: /--rate: needs --load/ },
    {
      args: ['http://127.0.0.1:1/metrics', '--interval', '0'],
      message: /--interval: must be a number at least 0.1/,
    },
  ])('refuses $args before scraping anything', async ({ args, message }) => {
    const run = await runDoctorCli(args, CLI_TIMEOUT_MS);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/usage: npm run doctor -- <metrics-url>/);
  });
});

describe.concurrent('the doctor CLI: verdicts', () => {
  it('--help says what each exit status means, pinned included', async () => {
    const run = await runDoctorCli(['--help'], CLI_TIMEOUT_MS);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /1 {2}braided across N responders, or pinned to one responder \(keep-alive\): pinned is a problem too/,
    );
  });

  it('one process, gzipped, behind a same-host redirect: consistent, exit 0', async () => {
    const run = await runDoctorCli(
      [urls.single as string, '--duration', '2', '--interval', '0.25'],
      CLI_TIMEOUT_MS,
    );
    expect(run.stderr).not.toMatch(/scrape doctor: (?!scraping)/);
    expect(run.stdout).toMatch(/^verdict {2}consistent$/m);
    expect(run.stdout).toMatch(/^ {2}counters going down +yes +none went down$/m);
    expect(run.code).toBe(0);
  });

  it('workers that close every connection: braided across 3 responders, exit 1, while load runs', async () => {
    const run = await runDoctorCli(
      [braid.metricsUrl, '--load', braid.workUrl, '--rate', '30', '--duration', '3', '--interval', '0.25'],
      CLI_TIMEOUT_MS,
    );
    expect(run.stdout).toMatch(/^verdict {2}braided across 3 responders$/m);
    expect(run.stdout).toMatch(/one value shared by 3 responders: workers forked in the same second/);
    expect(run.stdout).toMatch(/^false resets: counters that went down/m);
    expect(run.stdout).toMatch(/^ {2}kept-alive +\d+ +[\d.]+ {2}app_requests_total\{route="\/work"\}$/m);
    expect(run.stdout).toMatch(
      /^load {5}\d+ sent to http:\/\/127\.0\.0\.1:\d+\/work at 30\/s: \d+ answered \(200: \d+\), 0 failed/m,
    );
    expect(run.code).toBe(1);
  });

  it('a kept-alive connection held by one worker, OpenMetrics negotiated: pinned, exit 1', async () => {
    const run = await runDoctorCli(
      [pinned.metricsUrl, '--duration', '3', '--interval', '0.25', '--json'],
      CLI_TIMEOUT_MS,
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.format).toBe('openmetrics');
    expect(report.diagnosis).toMatchObject({
      verdict: 'pinned',
      summary: 'pinned to one responder (keep-alive)',
      responders: { keptAlive: 1, fresh: 3 },
    });
    expect(report.diagnosis.signals.find((s) => s.name === '_created samples')).toMatchObject({ used: true });
    // Counters go down only on the new connections.
    expect(new Set(report.diagnosis.falseResets.map((r) => r.connection))).toEqual(new Set(['fresh']));
    expect(report.diagnosis.suggestedFixes.map((f) => f.id)).toContain('keep-alive-hides-it');
  });
});

describe('fetchMetrics', () => {
  const options = { timeoutMs: 2000, maxBytes: 1024 * 1024 };

  it("sends Prometheus 3's Accept header and reads the format the Content-Type names", async () => {
    let accept = '';
    const url = await serve((req, res) => {
      accept = req.headers.accept ?? '';
      res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0' });
      res.end('# TYPE a counter\na_total 1\na_created 1700000000.5\n# EOF\n');
    });
    const fetched = await fetchMetrics(`${url}/metrics`, options);
    expect(accept).toBe(
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.7,application/openmetrics-text;version=0.0.1;q=0.6,' +
        'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.3',
    );
    expect(fetched).toMatchObject({ ok: true, format: 'openmetrics', status: 200, truncated: false });
    expect(fetched.ok && fetched.exposition.samples.map((s) => s.name)).toEqual(['a_total', 'a_created']);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const fetched = await fetchMetrics(urls.bigDeclared as string, options);
    expect(fetched).toMatchObject({ ok: false, problem: 'too-large', status: 200 });
    expect(!fetched.ok && fetched.message).toMatch(
      /the body is 64 MiB \(Content-Length\), over the 1 MiB cap/,
    );
  });

  it('follows a same-host redirect and says where it ended', async () => {
    const fetched = await fetchMetrics(urls.single as string, options);
    expect(fetched).toMatchObject({ ok: true, url: `${urls.single}/`, format: 'prometheus-text' });
  });

  it('reports an OpenMetrics body cut short as a parse error naming the line', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0' });
      res.end('# TYPE a counter\na_total 1\n');
    });
    const fetched = await fetchMetrics(url, options);
    expect(fetched).toMatchObject({ ok: false, problem: 'parse-error' });
    expect(!fetched.ok && fetched.message).toMatch(/the body is not OpenMetrics: line 2: no "# EOF" line/);
  });
});
