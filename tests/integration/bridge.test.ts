import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import StatsD from 'hot-shots';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../server/bridge/bridge';
import { parseExposition, type Exposition } from '../../server/lab/exposition-parser';
import { freePort } from './free-port';

/** The built-in StatsD bridge over real sockets: UDP in, Prometheus text out, with the project mapping file. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAPPING = 'config/statsd-mapping.yml';
const HOST = '127.0.0.1';
/** The request guard takes state changes as JSON only, /-/quit included. */
const QUIT = { method: 'POST', headers: { 'content-type': 'application/json' } };

async function scrape(webPort: number): Promise<Exposition> {
  const res = await fetch(`http://${HOST}:${webPort}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseExposition(await res.text());
}

function sum(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

/** Scrapes until `done` holds; UDP delivery is asynchronous, so assertions follow the last scrape. */
async function scrapeUntil(
  webPort: number,
  done: (e: Exposition) => boolean,
  what: string,
): Promise<Exposition> {
  const deadline = Date.now() + 15_000;
  let last: Exposition | null = null;
  while (Date.now() < deadline) {
    last = await scrape(webPort);
    if (done(last)) return last;
    await sleep(25);
  }
  throw new Error(`gave up waiting for ${what}; last scrape had ${last?.samples.length ?? 0} samples`);
}

async function sendDatagrams(port: number, datagrams: Array<string | Buffer>): Promise<void> {
  const socket = dgram.createSocket('udp4');
  for (const datagram of datagrams) {
    await new Promise<void>((resolve, reject) =>
      socket.send(datagram, port, HOST, (err) => (err ? reject(err) : resolve())),
    );
  }
  socket.close();
}

function closeClient(client: InstanceType<typeof StatsD>): Promise<void> {
  return new Promise((resolve, reject) => client.close((err) => (err ? reject(err) : resolve())));
}

describe('bridge in process', () => {
  let bridge: Bridge;
  let quits: number;
  const warnings: string[] = [];

  beforeEach(async () => {
    quits = 0;
    bridge = await startBridge({
      host: HOST,
      udpPort: 0,
      webPort: 0,
      mappingFile: MAPPING,
      lifecycle: true,
      onQuit: () => quits++,
      warn: (message) => warnings.push(message),
    });
  });

  afterEach(() => bridge.close());

  it('reports the ports it bound and the receive buffer it got', () => {
    expect(bridge.udpPort).toBeGreaterThan(0);
    expect(bridge.webPort).toBeGreaterThan(0);
    expect(bridge.mappingCount).toBe(4);
    expect(bridge.recvBufferBytes).toBeGreaterThan(0);
    // A smaller buffer than asked is fine, but it must have been said.
    if (bridge.recvBufferBytes < 8 * 1024 * 1024) {
      expect(warnings.some((w) => w.includes('UDP receive buffer'))).toBe(true);
    }
  });

  it('sums exactly 5,000 hot-shots increments sent in 1,400-byte datagrams', async () => {
    const statuses = ['200', '404', '500'];
    const routes = ['/api/items', '/api/slow'];
    const sent = new Map<string, number>();
    const errors: Error[] = [];
    const client = new StatsD({
      host: HOST,
      port: bridge.udpPort,
      protocol: 'udp',
      maxBufferSize: 1400,
      errorHandler: (err) => errors.push(err),
    });
    for (let i = 0; i < 5000; i++) {
      const status = statuses[i % statuses.length] ?? '200';
      const route = routes[i % routes.length] ?? '/';
      client.increment(`demo.http.requests.${status}`, 1, { method: i % 7 === 0 ? 'POST' : 'GET', route });
      sent.set(status, (sent.get(status) ?? 0) + 1);
    }
    await closeClient(client);
    expect(errors).toEqual([]);

    const exposition = await scrapeUntil(
      bridge.webPort,
      (e) => sum(e, 'statsd_exporter_lines_total') >= 5000,
      '5,000 lines',
    );
    expect(exposition.types.get('demo_http_requests_total')).toBe('counter');
    expect(sum(exposition, 'demo_http_requests_total')).toBe(5000);
    for (const [status, count] of sent) {
      expect([status, sum(exposition, 'demo_http_requests_total', { status })]).toEqual([status, count]);
    }
    const labelSets = exposition.samples
      .filter((s) => s.name === 'demo_http_requests_total')
      .map((s) => Object.keys(s.labels).sort().join(','));
    expect(new Set(labelSets)).toEqual(new Set(['method,route,status']));
    expect(sum(exposition, 'statsd_exporter_lines_total')).toBe(5000);
    expect(sum(exposition, 'statsd_exporter_sample_errors_total')).toBe(0);
    expect(sum(exposition, 'statsd_exporter_events_total', { type: 'counter' })).toBe(5000);
    // Batched: each datagram carried many lines (a line here is about 60 bytes).
    const packets = sum(exposition, 'statsd_exporter_udp_packets_total');
    expect(packets).toBeGreaterThan(5000 / 30);
    expect(packets).toBeLessThan(5000 / 15);
  });

  it('turns ms timers into seconds and DogStatsD tags into labels', async () => {
    await sendDatagrams(bridge.udpPort, [
      'demo.http.request_duration:250|ms|#method:GET,route:/api/items,status:200\n' +
        'demo.http.request_duration:40|ms|#method:GET,route:/api/items,status:200',
    ]);
    const name = 'demo_http_request_duration_seconds';
    const labels = { method: 'GET', route: '/api/items', status: '200' };
    const exposition = await scrapeUntil(
      bridge.webPort,
      (e) => sum(e, `${name}_count`) === 2,
      'two observations',
    );
    expect(exposition.types.get(name)).toBe('histogram');
    expect(exposition.help.get(name)).toBe('Time the demo app took to answer an HTTP request, in seconds.');
    expect(sum(exposition, `${name}_count`, labels)).toBe(2);
    expect(sum(exposition, `${name}_sum`, labels)).toBeCloseTo(0.29, 10);
    const bucket = (le: string): number => sum(exposition, `${name}_bucket`, { ...labels, le });
    expect(['0.025', '0.05', '0.1', '0.25', '0.5', '+Inf'].map(bucket)).toEqual([0, 1, 1, 2, 2, 2]);
  });

  it('applies +1/-1 gauge deltas from hot-shots', async () => {
    const client = new StatsD({ host: HOST, port: bridge.udpPort, protocol: 'udp', maxBufferSize: 1400 });
    for (const delta of [1, 1, 1, -1, 1, -1]) client.gaugeDelta('demo.http.requests_in_flight', delta);
    await closeClient(client);
    const exposition = await scrapeUntil(
      bridge.webPort,
      (e) => sum(e, 'statsd_exporter_events_total', { type: 'gauge' }) === 6,
      'six gauge events',
    );
    expect(exposition.types.get('demo_http_requests_in_flight')).toBe('gauge');
    expect(sum(exposition, 'demo_http_requests_in_flight')).toBe(2);
  });

  it('counts garbage by reason and keeps serving /metrics', async () => {
    const garbage = [
      'garbage',
      'x:abc|c',
      'x:1|zz',
      'x:1:2|c',
      'x:1',
      'demo.http.requests.500:1|c|@bad|#method:GET,route:/',
      'demo.http.requests.200:1|c|#method:GET,route:/',
    ].join('\n');
    const notUtf8 = Buffer.concat([
      Buffer.from('demo.http.requests.'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(':1|c'),
    ]);
    await sendDatagrams(bridge.udpPort, [garbage, notUtf8, Buffer.alloc(0), Buffer.alloc(60_000, 0x7c)]);

    const exposition = await scrapeUntil(
      bridge.webPort,
      (e) => sum(e, 'statsd_exporter_udp_packets_total') === 4,
      'four datagrams',
    );
    const errors = (reason: string): number =>
      sum(exposition, 'statsd_exporter_sample_errors_total', { reason });
    expect({
      malformed_line: errors('malformed_line'),
      malformed_value: errors('malformed_value'),
      illegal_event: errors('illegal_event'),
      invalid_extended_aggregate_type: errors('invalid_extended_aggregate_type'),
      not_enough_parts_after_colon: errors('not_enough_parts_after_colon'),
      invalid_sample_factor: errors('invalid_sample_factor'),
    }).toEqual({
      malformed_line: 3, // 'garbage', the bad UTF-8 line, the 60 kB line of '|'
      malformed_value: 1,
      illegal_event: 1,
      invalid_extended_aggregate_type: 1,
      not_enough_parts_after_colon: 1,
      invalid_sample_factor: 1,
    });
    // A bad sample rate is counted yet the sample kept, as statsd_exporter does.
    expect(sum(exposition, 'demo_http_requests_total')).toBe(2);
    expect(sum(exposition, 'statsd_exporter_lines_total')).toBe(10);
  });

  it('serves the health, readiness and lifecycle endpoints', async () => {
    const base = `http://${HOST}:${bridge.webPort}`;
    expect((await fetch(`${base}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${base}/-/ready`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const getQuit = await fetch(`${base}/-/quit`);
    expect([getQuit.status, getQuit.headers.get('allow')]).toEqual([405, 'POST, PUT']);
    expect(quits).toBe(0);

    const quit = await fetch(`${base}/-/quit`, QUIT);
    expect(quit.status).toBe(200);
    await quit.text();
    const deadline = Date.now() + 5000;
    while (quits === 0 && Date.now() < deadline) await sleep(10);
    expect(quits).toBe(1);
  });
});

describe('bridge CLI (npm run bridge)', () => {
  function run(args: string[]): { output: () => string; exited: Promise<number | null>; kill: () => void } {
    const chunks: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/bridge/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, BIND_HOST: HOST },
    });
    child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
    return {
      output: () => chunks.join(''),
      exited: once(child, 'exit').then(([code]) => code as number | null),
      kill: () => child.kill('SIGTERM'),
    };
  }

  async function whenReady(webPort: number, output: () => string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const status = await fetch(`http://${HOST}:${webPort}/-/ready`).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) return;
      await sleep(50);
    }
    throw new Error(`the bridge never became ready:\n${output()}`);
  }

  it.each([
    [['--bogus'], /bogus/],
    [['--udp-port', 'nine'], /--udp-port: 'nine' is not a port number/],
    [['--mapping', 'config/no-such-file.yml'], /config\/no-such-file\.yml/],
  ])('exits 2 on %j', async (args, message) => {
    const bridge = run(args);
    expect(await bridge.exited).toBe(2);
    expect(bridge.output()).toMatch(message);
  });

  it.each([
    ['POST /-/quit', (webPort: number) => void fetch(`http://${HOST}:${webPort}/-/quit`, QUIT)],
    ['SIGTERM', (_webPort: number, kill: () => void) => kill()],
  ])('logs its ports at start and exits 0 on %s', async (_how, stop) => {
    const [udpPort, webPort] = [await freePort(), await freePort()];
    const bridge = run([
      ...['--udp-port', String(udpPort), '--web-port', String(webPort), '--mapping', MAPPING],
      '--web.enable-lifecycle',
    ]);
    await whenReady(webPort, bridge.output);
    expect(bridge.output()).toContain(
      `StatsD on udp://${HOST}:${udpPort}, metrics on http://${HOST}:${webPort}/metrics, mapping ${MAPPING}`,
    );
    const exposition = await scrape(webPort);
    expect(sum(exposition, 'process_start_time_seconds')).toBeGreaterThan(0);
    stop(webPort, bridge.kill);
    expect(await bridge.exited).toBe(0);
  });
});
