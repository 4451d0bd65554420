import dgram from 'node:dgram';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createStatsdInstrumentation } from './instrument-statsd';
import type { Instrumentation } from './instrumentation';

/** A stand-in for the bridge: every datagram it receives, on loopback. */
interface Sink {
  port: number;
  datagrams: string[];
  lines: () => string[];
  close: () => void;
}

async function sink(): Promise<Sink> {
  const socket = dgram.createSocket('udp4');
  const datagrams: string[] = [];
  socket.on('message', (msg) => datagrams.push(msg.toString('utf8')));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  // As large as the kernel allows (the bridge asks for 8 MiB): what this test counts is the sender.
  socket.setRecvBufferSize(8 * 1024 * 1024);
  return {
    port: socket.address().port,
    datagrams,
    lines: () => datagrams.flatMap((d) => d.split('\n')),
    close: () => socket.close(),
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

const instrumentations = new Set<Instrumentation>();
const sinks: Sink[] = [];
afterEach(async () => {
  await Promise.all([...instrumentations].map(stop));
  for (const s of sinks.splice(0)) s.close();
});

/** A worker's clean stop: what is buffered goes out. */
async function stop(instrumentation: Instrumentation): Promise<void> {
  instrumentations.delete(instrumentation);
  await instrumentation.close();
}

async function setUp(statsdBufferSize: number, gaugeIntervalMs?: number) {
  const bridge = await sink();
  sinks.push(bridge);
  const worker = (): Instrumentation => {
    const instrumentation = createStatsdInstrumentation({
      host: '127.0.0.1',
      port: bridge.port,
      settings: { metricsKeepAlive: false, statsdBufferSize },
      log: () => {},
      ...(gaugeIntervalMs === undefined ? {} : { gaugeIntervalMs }),
    });
    instrumentations.add(instrumentation);
    return instrumentation;
  };
  return { bridge, worker };
}

const LABELS = { method: 'GET', route: '/work' };
const statusOf = (i: number): number => (i % 7 === 0 ? 500 : 200);

/**
 * `count` requests as the handler makes them, each answered at once, in batches with a turn of the event
 * loop between them, so the receiver in this same process reads as fast as they are sent.
 */
async function requests(instrumentation: Instrumentation, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 1) {
    instrumentation.onStart(LABELS)(statusOf(i), 0.000_123_456);
    if (i % 10 === 9) await sleep(1);
  }
}

function tally(lines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

/** What the lab compares with the truth: every request's counter and timer line, none missing, none extra. */
function expectEveryRequest(lines: readonly string[], count: number): void {
  const fails = Array.from({ length: count }, (_, i) => statusOf(i)).filter((s) => s === 500).length;
  expect(tally(lines.filter((l) => l.startsWith('demo.http.requests.')))).toEqual({
    'demo.http.requests.200:1|c|#method:GET,route:/work': count - fails,
    'demo.http.requests.500:1|c|#method:GET,route:/work': fails,
  });
  expect(tally(lines.filter((l) => l.startsWith('demo.http.request_duration:')))).toEqual({
    'demo.http.request_duration:0.123|ms|#method:GET,route:/work,status:200': count - fails,
    'demo.http.request_duration:0.123|ms|#method:GET,route:/work,status:500': fails,
  });
}

const deltas = (lines: readonly string[]): number[] =>
  lines.filter((l) => l.startsWith('demo.http.requests_in_flight:')).map((l) => Number(l.slice(29, -2)));
const lastWriter = (lines: readonly string[]): number[] =>
  lines
    .filter((l) => l.startsWith('demo.http.requests_in_flight_last_writer:'))
    .map((l) => Number(l.slice(41, -2)));
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const counted = (bridge: Sink): number =>
  bridge.lines().filter((l) => l.startsWith('demo.http.requests.')).length;

describe('createStatsdInstrumentation', () => {
  it.each([
    { name: 'buffered in 1400 B', statsdBufferSize: 1400 },
    { name: 'unbuffered', statsdBufferSize: 0 },
  ])(
    '$name: every counter and timer line of 3,000 requests arrives, with gauges on a tick',
    async ({ statsdBufferSize }) => {
      const { bridge, worker } = await setUp(statsdBufferSize);
      const instrumentation = worker();
      await requests(instrumentation, 0, 3_000);
      await stop(instrumentation);
      await until('every counter line', () => counted(bridge) >= 3_000);
      await sleep(50);
      const lines = bridge.lines();
      expectEveryRequest(lines, 3_000);
      // A counter and a timer per request; the gauges are a few lines per tick, not four per request.
      const gauges = lines.length - 6_000;
      expect(gauges).toBeGreaterThan(0);
      expect(gauges).toBeLessThan(300);
      expect(sum(deltas(lines))).toBe(0);
      expect(lastWriter(lines).at(-1)).toBe(0);
      if (statsdBufferSize === 0) {
        // One datagram per metric: the lab's scene on unbuffered UDP loses increments one by one.
        expect(bridge.datagrams).toHaveLength(lines.length);
      } else {
        expect(bridge.datagrams.length).toBeLessThan(lines.length / 10);
        expect(bridge.datagrams.every((d) => Buffer.byteLength(d) <= 1400)).toBe(true);
      }
    },
  );

  it('loses nothing when buffering is switched off and on between requests', async () => {
    const { bridge, worker } = await setUp(1400);
    const instrumentation = worker();
    await requests(instrumentation, 0, 500);
    instrumentation.applySettings({ metricsKeepAlive: false, statsdBufferSize: 0 });
    await requests(instrumentation, 500, 500);
    instrumentation.applySettings({ metricsKeepAlive: false, statsdBufferSize: 1400 });
    await requests(instrumentation, 1_000, 500);
    await stop(instrumentation);
    await until('every counter line', () => counted(bridge) >= 1_500);
    await sleep(50);
    expectEveryRequest(bridge.lines(), 1_500);
    expect(sum(deltas(bridge.lines()))).toBe(0);
  });

  it('sums in-flight deltas from two workers, while the last writer shows one worker’s count', async () => {
    const { bridge, worker } = await setUp(0, 10);
    const [a, b] = [worker(), worker()];
    const open = [a.onStart(LABELS), a.onStart(LABELS), a.onStart(LABELS), b.onStart(LABELS)];
    await until('both workers’ deltas', () => sum(deltas(bridge.lines())) === 4);
    // Each worker sets the gauge to its own count: whichever wrote last wins, never the total of 4.
    await until('a tick of each', () => new Set(lastWriter(bridge.lines())).size === 2);
    expect(new Set(lastWriter(bridge.lines()))).toEqual(new Set([3, 1]));
    for (const done of open) done(200, 0.001);
    await until('the deltas back to zero', () => sum(deltas(bridge.lines())) === 0);
    await until('both workers at zero', () => lastWriter(bridge.lines()).filter((v) => v === 0).length === 2);
    const settled = bridge.lines().length;
    // Nothing happened since: no tick sends anything.
    await sleep(50);
    expect(bridge.lines()).toHaveLength(settled);
  });
});
