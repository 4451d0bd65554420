import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { StatsD } from 'hot-shots';
import { DEFAULT_ERROR_RATE, DEFAULT_LATENCY, decideStatus, sampleLatencyMs } from '../demos/simulated-work';

/**
 * The throughput bench's sender, in its own process so it never shares an event loop with a receiver.
 * Sends the demo app's StatsD lines over UDP for a fixed time, either as fast as it can (--rate 0) or paced
 * at --rate lines per second, one line per datagram (hot-shots unbuffered) or packed into datagrams of up
 * to --max-datagram bytes as hot-shots' buffer packs them. Prints one JSON line when it starts sending and
 * one with its totals when it is done.
 */

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'max-datagram': { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
  },
  strict: true,
});

function numberFlag(flag: 'port' | 'max-datagram' | 'rate' | 'seconds'): number {
  const text = values[flag];
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value) || value < 0) {
    throw new Error(`sender: --${flag} must be a number ≥ 0, got '${text ?? ''}'`);
  }
  return value;
}

const host = values.host ?? '';
if (host === '') throw new Error('sender: --host is required');
const port = numberFlag('port');
/** 0: one line per datagram. */
const maxDatagram = numberFlag('max-datagram');
/** Lines per second; 0: as fast as the sender can. */
const rate = numberFlag('rate');
const seconds = numberFlag('seconds');

/** Requests whose lines make up the traffic, cycled; enough that the pool is not one repeated line. */
const POOL_REQUESTS = 2_000;
/** Sends between two turns of the event loop, so completions are collected and memory stays bounded. */
const CHUNK = 256;

/** A fixed-seed generator (mulberry32), so every receiver is sent the same bytes. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The six lines demos/instrument-statsd.ts sends per request, written by hot-shots itself. */
function demoLines(): string[] {
  const client = new StatsD({ mock: true });
  const random = seeded(20_251_201);
  const route = { method: 'GET', route: '/work' };
  let inFlight = 0;
  for (let i = 0; i < POOL_REQUESTS; i += 1) {
    // A few requests overlap in a worker, as under the lab's load.
    inFlight = 1 + Math.floor(random() * 4);
    client.gaugeDelta('demo.http.requests_in_flight', 1);
    client.gauge('demo.http.requests_in_flight_last_writer', inFlight);
    const status = decideStatus(random, DEFAULT_ERROR_RATE);
    client.increment(`demo.http.requests.${status}`, 1, route);
    client.timing('demo.http.request_duration', sampleLatencyMs(random, DEFAULT_LATENCY), {
      ...route,
      status: String(status),
    });
    client.gaugeDelta('demo.http.requests_in_flight', -1);
    client.gauge('demo.http.requests_in_flight_last_writer', inFlight - 1);
  }
  return client.mockBuffer ?? [];
}

interface Datagram {
  bytes: Buffer;
  lines: number;
}

/** Packs lines as hot-shots' buffer does: joined by '\n', a datagram sent before it would pass the limit. */
function datagrams(lines: string[]): Datagram[] {
  if (maxDatagram === 0) return lines.map((line) => ({ bytes: Buffer.from(line), lines: 1 }));
  const out: Datagram[] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    const added = Buffer.byteLength(line) + (current.length === 0 ? 0 : 1);
    if (current.length > 0 && length + added > maxDatagram) {
      out.push({ bytes: Buffer.from(current.join('\n')), lines: current.length });
      current = [];
      length = 0;
    }
    length += Buffer.byteLength(line) + (current.length === 0 ? 0 : 1);
    current.push(line);
  }
  if (current.length > 0) out.push({ bytes: Buffer.from(current.join('\n')), lines: current.length });
  return out;
}

async function main(): Promise<void> {
  const pool = datagrams(demoLines());
  const socket = createSocket('udp4');
  let sendErrors = 0;
  let firstError: string | null = null;
  const failed = (error: Error): void => {
    sendErrors += 1;
    firstError ??= error.message;
  };
  socket.on('error', failed);
  await new Promise<void>((resolve) => socket.connect(port, host, resolve));

  let inFlight = 0;
  const done = (error: Error | null): void => {
    inFlight -= 1;
    if (error) failed(error);
  };
  let linesSent = 0;
  let datagramsSent = 0;
  let bytesSent = 0;
  let next = 0;
  const sendOne = (): void => {
    const datagram = pool[next];
    next = next + 1 === pool.length ? 0 : next + 1;
    if (!datagram) return;
    inFlight += 1;
    try {
      socket.send(datagram.bytes, done);
    } catch (error) {
      inFlight -= 1;
      failed(error instanceof Error ? error : new Error(String(error)));
    }
    // A datagram that failed is still offered: the loss counts it.
    linesSent += datagram.lines;
    datagramsSent += 1;
    bytesSent += datagram.bytes.length;
  };

  console.log(JSON.stringify({ event: 'started' }));
  const started = performance.now();
  const until = started + seconds * 1000;
  for (let now = started; now < until; now = performance.now()) {
    if (rate === 0) {
      for (let i = 0; i < CHUNK; i += 1) sendOne();
      await yieldToLoop();
      continue;
    }
    // Paced: whatever is due by now, in turns of at most CHUNK datagrams; a 1 ms nap once caught up.
    const due = (rate * (now - started)) / 1000;
    if (linesSent >= due) {
      await sleep(1);
      continue;
    }
    for (let i = 0; i < CHUNK && linesSent < due; i += 1) sendOne();
    await yieldToLoop();
  }
  const sendSeconds = (performance.now() - started) / 1000;
  while (inFlight > 0) await yieldToLoop();
  await new Promise<void>((resolve) => socket.close(resolve));
  console.log(
    JSON.stringify({
      event: 'done',
      linesSent,
      datagramsSent,
      bytesSent,
      seconds: sendSeconds,
      sendErrors,
      firstError,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(`sender: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
