import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import StatsD from 'hot-shots';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { startBridge, type Bridge } from '../../server/bridge/bridge';
import { startUdpListener } from '../../server/bridge/listener';
import { startTcpListener } from '../../server/bridge/tcp-listener';
import { parseExposition, type Exposition } from '../../server/lab/exposition-parser';
import { requireRealPart, statsdExporterBinary } from './real-parts';

/**
 * The built-in StatsD bridge over real sockets: UDP and TCP in, Prometheus text out. What statsd_exporter
 * also does is asserted against both: the same command line runs the bridge and the real exporter
 * (tools/bin/statsd_exporter).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAPPING = 'config/statsd-mapping.yml';
const PROJECT_MAPPING = parseYaml(readFileSync(path.join(ROOT, MAPPING), 'utf8')) as { mappings: unknown[] };
/** The project file's mappings, however many it holds today. */
const MAPPINGS = PROJECT_MAPPING.mappings.length;
const HOST = '127.0.0.1';
/** The request guard takes state changes as JSON only, the lifecycle API included. */
const LIFECYCLE = { method: 'POST', headers: { 'content-type': 'application/json' } };

/** This file binds 32000-32999 only, each port checked free for TCP and UDP before it is handed out. */
let lastPort = 31999;
async function port(): Promise<number> {
  while (lastPort < 32999) {
    lastPort++;
    if (await isFree(lastPort)) return lastPort;
  }
  throw new Error('no free port left in 32000-32999');
}

async function isFree(candidate: number): Promise<boolean> {
  const tcp = net.createServer();
  const udp = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(candidate, HOST, resolve);
    });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(candidate, HOST, resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    tcp.close();
    udp.close();
  }
}

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

/** Scrapes until `done` holds; delivery is asynchronous, so assertions follow the last scrape. */
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

async function sendDatagrams(udpPort: number, datagrams: Array<string | Buffer>): Promise<void> {
  const socket = dgram.createSocket('udp4');
  for (const datagram of datagrams) {
    await new Promise<void>((resolve, reject) =>
      socket.send(datagram, udpPort, HOST, (err) => (err ? reject(err) : resolve())),
    );
  }
  socket.close();
}

type Closed = 'end' | 'reset';

/** Writes data on one connection and half-closes it; resolves once the server has closed its side too. */
function sendTcp(tcpPort: number, data: string | Buffer): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port: tcpPort }, () => socket.end(data));
    let closed: Closed = 'end';
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') closed = 'reset';
      else reject(err);
    });
    socket.on('close', () => resolve(closed));
    socket.resume();
  });
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
    const statsdPort = await port();
    bridge = await startBridge({
      host: HOST,
      udpPort: statsdPort,
      tcpPort: statsdPort,
      webPort: await port(),
      mappingFile: MAPPING,
      lifecycle: true,
      onQuit: () => quits++,
      warn: (message) => warnings.push(message),
      log: () => undefined,
    });
  });

  afterEach(() => bridge.close());

  it('reports the ports it bound and the receive buffer it got', () => {
    expect(bridge.udpPort).toBeGreaterThanOrEqual(32000);
    expect(bridge.tcpPort).toBe(bridge.udpPort);
    expect(bridge.webPort).toBeGreaterThanOrEqual(32000);
    expect(bridge.mappingCount).toBe(MAPPINGS);
    // Linux grants the 8 MiB asked for up to net.core.rmem_max, and a smaller grant must have been said.
    if (process.platform === 'linux') {
      const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
      expect(bridge.recvBufferBytes).toBe(Math.min(8 * 1024 * 1024, rmemMax));
    }
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
    expect(sum(exposition, 'statsd_exporter_udp_packet_drops_total')).toBe(0);
    // Batched: each datagram carried many lines (a line here is about 60 bytes).
    const packets = sum(exposition, 'statsd_exporter_udp_packets_total');
    expect(packets).toBeGreaterThan(5000 / 30);
    expect(packets).toBeLessThan(5000 / 15);
  });

  it('sums 5,000 hot-shots increments sent over TCP', async () => {
    const errors: Error[] = [];
    const client = new StatsD({
      host: HOST,
      port: bridge.udpPort,
      protocol: 'tcp',
      errorHandler: (err) => errors.push(err),
    });
    for (let i = 0; i < 5000; i++)
      client.increment('demo.http.requests.200', 1, { method: 'GET', route: '/' });
    await closeClient(client);
    expect(errors).toEqual([]);
    const exposition = await scrapeUntil(
      bridge.webPort,
      (e) => sum(e, 'demo_http_requests_total') === 5000,
      '5,000 increments',
    );
    expect(sum(exposition, 'statsd_exporter_lines_total')).toBe(5000);
    expect(sum(exposition, 'statsd_exporter_udp_packets_total')).toBe(0);
    expect(sum(exposition, 'statsd_exporter_tcp_connections_total')).toBe(1);
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
    for (const endpoint of ['/-/quit', '/-/reload']) {
      const get = await fetch(`${base}${endpoint}`);
      expect([endpoint, get.status, get.headers.get('allow')]).toEqual([endpoint, 405, 'POST, PUT']);
    }
    const withBody = await fetch(`${base}/-/reload`, { ...LIFECYCLE, body: '{}' });
    expect([withBody.status, await withBody.json()]).toEqual([
      400,
      { error: 'body: /-/reload takes no body' },
    ]);
    expect(quits).toBe(0);

    const reload = await fetch(`${base}/-/reload`, { ...LIFECYCLE, method: 'PUT' });
    expect([reload.status, await reload.text()]).toEqual([
      200,
      `Reloaded the mapping file: ${MAPPINGS} mappings.\n`,
    ]);
    const quit = await fetch(`${base}/-/quit`, LIFECYCLE);
    expect(quit.status).toBe(200);
    await quit.text();
    const deadline = Date.now() + 5000;
    while (quits === 0 && Date.now() < deadline) await sleep(10);
    expect(quits).toBe(1);
  });

  it('refuses and counts TCP connections beyond its cap, and serves the ones it holds', async () => {
    const statsdPort = await port();
    const capped = await startBridge({
      host: HOST,
      udpPort: statsdPort,
      tcpPort: statsdPort,
      webPort: await port(),
      mappingFile: MAPPING,
      maxTcpConnections: 2,
      warn: (message) => warnings.push(message),
    });
    try {
      const open = await Promise.all(
        [1, 2].map(async () => {
          const socket = net.connect({ host: HOST, port: statsdPort });
          await once(socket, 'connect');
          return socket;
        }),
      );
      await scrapeUntil(capped.webPort, (e) => sum(e, 'statsd_exporter_tcp_connections_total') === 2, 'two');
      // Closed on arrival: whether the client sees an end or a reset is the kernel's timing.
      await sendTcp(statsdPort, 'demo.http.requests.200:1|c\n');
      let exposition = await scrapeUntil(
        capped.webPort,
        (e) => sum(e, 'statsd_exporter_tcp_connection_errors_total') === 1,
        'the refused connection counted',
      );
      expect(sum(exposition, 'statsd_exporter_tcp_connections_total')).toBe(2);
      expect(sum(exposition, 'statsd_exporter_lines_total')).toBe(0);
      expect(warnings.some((w) => w.includes('refused a StatsD TCP connection: 2 are open'))).toBe(true);

      for (const socket of open) socket.end('demo.http.requests.200:1|c\n');
      exposition = await scrapeUntil(capped.webPort, (e) => sum(e, 'demo_http_requests_total') === 2, 'two');
      expect(sum(exposition, 'statsd_exporter_lines_total')).toBe(2);
    } finally {
      await capped.close();
    }
  });
});

describe('StatsD listeners whose handler fails', () => {
  const fail = (): never => {
    throw new Error('handler bug');
  };

  it('UDP: counts the datagram as dropped and warns once, not per datagram', async () => {
    let drops = 0;
    const warnings: string[] = [];
    const udp = await startUdpListener({
      host: HOST,
      port: await port(),
      recvBufferBytes: 1024 * 1024,
      onPacket: fail,
      countDrop: () => drops++,
      warn: (message) => warnings.push(message),
    });
    try {
      await sendDatagrams(udp.port, ['a:1|c', 'b:1|c', 'c:1|c']);
      const deadline = Date.now() + 5000;
      while (drops < 3 && Date.now() < deadline) await sleep(10);
      expect(drops).toBe(3);
      expect(warnings.filter((w) => w.includes('dropped a StatsD datagram'))).toEqual([
        'bridge: dropped a StatsD datagram its handler failed on: Error: handler bug (1 so far)',
      ]);
    } finally {
      await udp.close();
    }
  });

  it('TCP: counts each line as a connection error and keeps reading the connection', async () => {
    const counts = { connection: 0, connectionError: 0, tooLongLine: 0 };
    const warnings: string[] = [];
    const tcp = await startTcpListener({
      host: HOST,
      port: await port(),
      maxConnections: 10,
      onLine: fail,
      count: {
        connection: () => counts.connection++,
        connectionError: () => counts.connectionError++,
        tooLongLine: () => counts.tooLongLine++,
      },
      warn: (message) => warnings.push(message),
    });
    try {
      expect(await sendTcp(tcp.port, 'a:1|c\nb:1|c\nc:1|c')).toBe('end');
      expect(counts).toEqual({ connection: 1, connectionError: 3, tooLongLine: 0 });
      expect(warnings).toEqual(['bridge: failed to handle a StatsD TCP line: Error: handler bug (1 so far)']);
    } finally {
      await tcp.close();
    }
  });
});

interface Target {
  name: string;
  command: string;
  prefix: string[];
  /** Only the exporter may be missing (npm run tools builds it); CI must have it. */
  skip: boolean;
  /** How a refused reload shows in the log. */
  refusedReloadLog: RegExp;
  /** The exporter answers 200 to every reload; the bridge says when the file was refused. */
  refusedReloadStatus: number;
}

const EXPORTER = statsdExporterBinary();
// Throws in CI when the binary is missing; elsewhere warns and skips its runs.
const RUN_EXPORTER = requireRealPart('statsd_exporter', EXPORTER);
const TARGETS: Target[] = [
  {
    name: 'the built-in bridge',
    command: process.execPath,
    prefix: ['--import', 'tsx', 'server/bridge/main.ts'],
    skip: false,
    refusedReloadLog: new RegExp(
      `kept the previous mapping \\(${MAPPINGS + 1} mappings\\); reloading failed: ` +
        'invalid mapping config .*\\n\\s+mappings\\[0\\]\\.name',
    ),
    refusedReloadStatus: 500,
  },
  {
    name: 'statsd_exporter 0.30.0',
    command: EXPORTER ?? 'statsd_exporter',
    prefix: [],
    skip: !RUN_EXPORTER,
    refusedReloadLog: /Error reloading config/,
    refusedReloadStatus: 200,
  },
];

/** The project mapping and one more, for test.reload.*. */
const MAPPING_WITH_RELOAD = stringifyYaml({
  ...PROJECT_MAPPING,
  mappings: [
    ...PROJECT_MAPPING.mappings,
    {
      match: 'test.reload.*',
      name: 'reloaded_total',
      help: 'Lines mapped by the reloaded mapping file.',
      labels: { which: '$1' },
    },
  ],
});
const BAD_MAPPING = 'mappings:\n  - match: test.reload.*\n    name: "not a metric name!"\n';

interface Running {
  statsdPort: number;
  webPort: number;
  mappingFile: string;
  output: () => string;
  exited: Promise<number | null>;
  signal: (signal: NodeJS.Signals) => void;
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`${target.name}, from statsd_exporter's command line`, () => {
    let dir: string;
    const running: Running[] = [];

    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'bridge-test-'));
    });

    afterEach(async () => {
      for (const child of running.splice(0)) {
        child.signal('SIGTERM');
        await child.exited;
      }
      await rm(dir, { recursive: true, force: true });
    });

    async function start({ lifecycle = false } = {}): Promise<Running> {
      const [statsdPort, webPort] = [await port(), await port()];
      const mappingFile = path.join(dir, 'mapping.yml');
      await writeFile(mappingFile, readFileSync(path.join(ROOT, MAPPING)));
      const chunks: string[] = [];
      const child = spawn(
        target.command,
        [
          ...target.prefix,
          `--statsd.listen-udp=${HOST}:${statsdPort}`,
          `--statsd.listen-tcp=${HOST}:${statsdPort}`,
          `--web.listen-address=${HOST}:${webPort}`,
          `--statsd.mapping-config=${mappingFile}`,
          ...(lifecycle ? ['--web.enable-lifecycle'] : []),
        ],
        { cwd: ROOT, env: { ...process.env, BIND_HOST: HOST } },
      );
      child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
      const exited = once(child, 'exit').then(([code]) => code as number | null);
      const handle: Running = {
        statsdPort,
        webPort,
        mappingFile,
        output: () => chunks.join(''),
        exited,
        signal: (signal) => void child.kill(signal),
      };
      running.push(handle);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const status = await fetch(`http://${HOST}:${webPort}/-/ready`).then(
          (res) => res.status,
          () => 0,
        );
        if (status === 200) return handle;
        await sleep(50);
      }
      throw new Error(`${target.name} never became ready:\n${handle.output()}`);
    }

    it('counts and maps TCP lines, on as many connections as come, beside UDP on the same port', async () => {
      const bridge = await start();
      const tagged = (status: string, route: string): string =>
        `demo.http.requests.${status}:1|c|#method:GET,route:${route}`;
      expect(await sendTcp(bridge.statsdPort, `${tagged('200', '/a')}\n${tagged('200', '/a')}\r\n`)).toBe(
        'end',
      );
      expect(await sendTcp(bridge.statsdPort, `${tagged('500', '/b')}\n\n${tagged('200', '/b')}`)).toBe(
        'end',
      );
      await sendDatagrams(bridge.statsdPort, [tagged('404', '/c')]);
      const exposition = await scrapeUntil(
        bridge.webPort,
        (e) => sum(e, 'demo_http_requests_total') === 5,
        'five increments',
      );
      expect(sum(exposition, 'demo_http_requests_total', { status: '200', route: '/a' })).toBe(2);
      expect(sum(exposition, 'demo_http_requests_total', { status: '500', route: '/b' })).toBe(1);
      expect(sum(exposition, 'demo_http_requests_total', { status: '200', route: '/b' })).toBe(1);
      expect(sum(exposition, 'demo_http_requests_total', { status: '404', route: '/c' })).toBe(1);
      // The empty line counts as a line, as the exporter counts it.
      expect(sum(exposition, 'statsd_exporter_lines_total')).toBe(6);
      expect(sum(exposition, 'statsd_exporter_tcp_connections_total')).toBe(2);
      expect(sum(exposition, 'statsd_exporter_tcp_connection_errors_total')).toBe(0);
      expect(sum(exposition, 'statsd_exporter_tcp_too_long_lines_total')).toBe(0);
      expect(sum(exposition, 'statsd_exporter_udp_packets_total')).toBe(1);
    });

    it('counts a too-long TCP line and drops its connection; lines before it and on new connections count', async () => {
      const bridge = await start();
      // A counter line of exactly n bytes, its name unique per case so every event shows apart.
      const line = (tag: string, n: number): string => `${tag}${'x'.repeat(n - tag.length - 4)}:1|c`;
      // A refused connection is reset, as the exporter's is when bytes it did not read remain; after a
      // 4096-byte last line none remain there, and its close is an orderly one (null: either).
      const cases: Array<[string, string, { lines: number; tooLong: number; closed: Closed | null }]> = [
        ['4095 bytes and \\n', `${line('a', 4095)}\n`, { lines: 1, tooLong: 0, closed: 'end' }],
        ['4096 bytes and \\n', `${line('b', 4096)}\n`, { lines: 0, tooLong: 1, closed: 'reset' }],
        ['4094 bytes and \\r\\n', `${line('c', 4094)}\r\n`, { lines: 1, tooLong: 0, closed: 'end' }],
        ['4095 bytes and \\r\\n', `${line('d', 4095)}\r\n`, { lines: 0, tooLong: 1, closed: 'reset' }],
        ['a 4095-byte last line', line('e', 4095), { lines: 1, tooLong: 0, closed: 'end' }],
        ['a 4096-byte last line', line('f', 4096), { lines: 0, tooLong: 1, closed: null }],
        // The connection is dropped at the too-long line: the one after it is never read.
        [
          'a line, a too-long one, a line',
          `before:1|c\n${'x'.repeat(5000)}\nafter:1|c\n`,
          { lines: 1, tooLong: 1, closed: 'reset' },
        ],
      ];
      const total = { lines: 0, tooLong: 0, connections: 0 };
      for (const [name, data, expected] of cases) {
        const closed = await sendTcp(bridge.statsdPort, data);
        total.lines += expected.lines;
        total.tooLong += expected.tooLong;
        total.connections += 1;
        // The server closes after the lines it read were counted, so this scrape is final.
        const exposition = await scrape(bridge.webPort);
        expect([name, expected.closed ?? closed]).toEqual([name, closed]);
        expect([
          name,
          sum(exposition, 'statsd_exporter_lines_total'),
          sum(exposition, 'statsd_exporter_tcp_too_long_lines_total'),
          sum(exposition, 'statsd_exporter_tcp_connections_total'),
        ]).toEqual([name, total.lines, total.tooLong, total.connections]);
      }
      const exposition = await scrapeUntil(
        bridge.webPort,
        (e) => sum(e, 'statsd_exporter_events_total', { type: 'counter' }) === total.lines,
        `${total.lines} counter events`,
      );
      expect(sum(exposition, 'before')).toBe(1);
      expect(sum(exposition, 'after')).toBe(0);
      expect(sum(exposition, 'statsd_exporter_tcp_connection_errors_total')).toBe(0);

      // A new connection is served as before.
      expect(await sendTcp(bridge.statsdPort, 'after:1|c\n')).toBe('end');
      await scrapeUntil(bridge.webPort, (e) => sum(e, 'after') === 1, 'the line on a new connection');
    });

    it('counts a connection the client resets as a TCP connection error', async () => {
      const bridge = await start();
      const socket = net.connect({ host: HOST, port: bridge.statsdPort });
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      socket.write('demo.http.requests.200:1|c\n');
      await scrapeUntil(bridge.webPort, (e) => sum(e, 'statsd_exporter_lines_total') === 1, 'the line');
      socket.resetAndDestroy();
      const exposition = await scrapeUntil(
        bridge.webPort,
        (e) => sum(e, 'statsd_exporter_tcp_connection_errors_total') === 1,
        'the reset counted',
      );
      expect(sum(exposition, 'statsd_exporter_tcp_connections_total')).toBe(1);
    });

    it('re-reads the mapping file on SIGHUP, and keeps the one in force when the new one is bad', async () => {
      const bridge = await start();
      const reloads = (e: Exposition, outcome: string): number =>
        sum(e, 'statsd_exporter_config_reloads_total', { outcome });
      await sendTcp(bridge.statsdPort, 'test.reload.before:1|c\n');
      let exposition = await scrapeUntil(
        bridge.webPort,
        (e) => sum(e, 'statsd_exporter_events_unmapped_total') === 1,
        'the unmapped line',
      );
      expect(sum(exposition, 'statsd_exporter_loaded_mappings')).toBe(MAPPINGS);

      await writeFile(bridge.mappingFile, MAPPING_WITH_RELOAD);
      bridge.signal('SIGHUP');
      exposition = await scrapeUntil(bridge.webPort, (e) => reloads(e, 'success') === 1, 'a good reload');
      expect(sum(exposition, 'statsd_exporter_loaded_mappings')).toBe(MAPPINGS + 1);
      await sendTcp(bridge.statsdPort, 'test.reload.good:1|c\n');
      await scrapeUntil(
        bridge.webPort,
        (e) => sum(e, 'reloaded_total', { which: 'good' }) === 1,
        'the line mapped by the new file',
      );

      await writeFile(bridge.mappingFile, BAD_MAPPING);
      bridge.signal('SIGHUP');
      exposition = await scrapeUntil(bridge.webPort, (e) => reloads(e, 'failure') === 1, 'a refused reload');
      expect([reloads(exposition, 'success'), sum(exposition, 'statsd_exporter_loaded_mappings')]).toEqual([
        1,
        MAPPINGS + 1,
      ]);
      await sendTcp(bridge.statsdPort, 'test.reload.kept:1|c\n');
      await scrapeUntil(
        bridge.webPort,
        (e) => sum(e, 'reloaded_total', { which: 'kept' }) === 1,
        'the line mapped by the mapping kept',
      );
      expect(bridge.output()).toMatch(target.refusedReloadLog);
    });

    it('serves /-/reload and /-/quit only with --web.enable-lifecycle', async () => {
      const without = await start();
      for (const endpoint of ['/-/reload', '/-/quit']) {
        const res = await fetch(`http://${HOST}:${without.webPort}${endpoint}`, LIFECYCLE);
        expect([endpoint, res.status]).toEqual([endpoint, 404]);
      }
      expect((await fetch(`http://${HOST}:${without.webPort}/-/ready`)).status).toBe(200);

      const bridge = await start({ lifecycle: true });
      const base = `http://${HOST}:${bridge.webPort}`;
      await writeFile(bridge.mappingFile, MAPPING_WITH_RELOAD);
      const good = await fetch(`${base}/-/reload`, LIFECYCLE);
      expect(good.status).toBe(200);
      await good.text();
      let exposition = await scrape(bridge.webPort);
      expect(sum(exposition, 'statsd_exporter_config_reloads_total', { outcome: 'success' })).toBe(1);
      expect(sum(exposition, 'statsd_exporter_loaded_mappings')).toBe(MAPPINGS + 1);

      await writeFile(bridge.mappingFile, BAD_MAPPING);
      const bad = await fetch(`${base}/-/reload`, { ...LIFECYCLE, method: 'PUT' });
      expect(bad.status).toBe(target.refusedReloadStatus);
      await bad.text();
      exposition = await scrape(bridge.webPort);
      expect(sum(exposition, 'statsd_exporter_config_reloads_total', { outcome: 'failure' })).toBe(1);
      expect(sum(exposition, 'statsd_exporter_loaded_mappings')).toBe(MAPPINGS + 1);

      const quit = await fetch(`${base}/-/quit`, LIFECYCLE);
      expect([quit.status, await quit.text()]).toEqual([
        200,
        expect.stringMatching(/^Requesting termination/),
      ]);
      expect(await bridge.exited).toBe(0);
    });

    it('serves a landing page at / with its name, version and a link to /metrics', async () => {
      const bridge = await start();
      const page = await fetch(`http://${HOST}:${bridge.webPort}/`);
      const type = page.headers.get('content-type')?.toLowerCase();
      expect([page.status, type]).toEqual([200, 'text/html; charset=utf-8']);
      const html = await page.text();
      expect(html).toMatch(/<h1>[^<]*StatsD[^<]*<\/h1>/i);
      expect(html).toMatch(/Version: [^<]*\d+\.\d+\.\d+/);
      expect(html).toContain('href="/metrics"');
      const head = await fetch(`http://${HOST}:${bridge.webPort}/`, { method: 'HEAD' });
      expect([head.status, await head.text()]).toEqual([200, '']);
      expect((await fetch(`http://${HOST}:${bridge.webPort}/no-such-page`)).status).toBe(404);
    });
  });
}

describe('bridge CLI (npm run bridge)', () => {
  const started: Array<{ kill: () => void; exited: Promise<unknown> }> = [];

  // A test that fails before stopping its bridge must not leave it running.
  afterEach(async () => {
    for (const bridge of started.splice(0)) {
      bridge.kill();
      await bridge.exited;
    }
  });

  function run(args: string[]): { output: () => string; exited: Promise<number | null>; kill: () => void } {
    const chunks: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/bridge/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, BIND_HOST: HOST },
    });
    child.stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
    const bridge = {
      output: () => chunks.join(''),
      exited: once(child, 'exit').then(([code]) => code as number | null),
      kill: () => void child.kill('SIGTERM'),
    };
    started.push(bridge);
    return bridge;
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
    [['--statsd.listen-tcp=nowhere'], /--statsd\.listen-tcp: 'nowhere' is not host:port/],
    [['--mapping', 'config/no-such-file.yml'], /config\/no-such-file\.yml/],
  ])('exits 2 on %j', async (args, message) => {
    const bridge = run(args);
    expect(await bridge.exited).toBe(2);
    expect(bridge.output()).toMatch(message);
  });

  it('exits 1 when its TCP port is taken, naming it', async () => {
    const [udpPort, webPort] = [await port(), await port()];
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(udpPort, HOST, resolve));
    try {
      const bridge = run(['--udp-port', String(udpPort), '--web-port', String(webPort)]);
      expect(await bridge.exited).toBe(1);
      expect(bridge.output()).toContain(`cannot listen for StatsD on tcp://${HOST}:${udpPort}`);
    } finally {
      taken.close();
    }
  });

  it.each([
    ['POST /-/quit', (webPort: number) => void fetch(`http://${HOST}:${webPort}/-/quit`, LIFECYCLE)],
    ['SIGTERM', (_webPort: number, kill: () => void) => kill()],
  ])('logs its ports and receive buffer at start and exits 0 on %s', async (_how, stop) => {
    const [udpPort, webPort] = [await port(), await port()];
    const bridge = run([
      ...['--udp-port', String(udpPort), '--web-port', String(webPort), '--mapping', MAPPING],
      '--web.enable-lifecycle',
    ]);
    await whenReady(webPort, bridge.output);
    expect(bridge.output()).toContain(
      `StatsD on udp://${HOST}:${udpPort} and tcp://${HOST}:${udpPort}, metrics on http://${HOST}:${webPort}/metrics, mapping ${MAPPING} (${MAPPINGS} mappings), UDP receive buffer `,
    );
    expect(bridge.output()).toMatch(/UDP receive buffer \d+ KiB granted/);
    const exposition = await scrape(webPort);
    expect(sum(exposition, 'process_start_time_seconds')).toBeGreaterThan(0);
    stop(webPort, bridge.kill);
    expect(await bridge.exited).toBe(0);
  });

  it('listens on no TCP port with --tcp-port off', async () => {
    const [udpPort, webPort] = [await port(), await port()];
    const bridge = run(['--udp-port', String(udpPort), '--tcp-port', 'off', '--web-port', String(webPort)]);
    await whenReady(webPort, bridge.output);
    expect(bridge.output()).toContain(`StatsD on udp://${HOST}:${udpPort} and no TCP,`);
    expect(await isFree(udpPort)).toBe(false); // the UDP side holds it
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: HOST, port: udpPort }, () => resolve('connected'));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    expect(refused).toBe('ECONNREFUSED');
    bridge.kill();
    expect(await bridge.exited).toBe(0);
  });
});
