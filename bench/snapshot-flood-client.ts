import net from 'node:net';
import { parseArgs } from 'node:util';
import { dueAtMs, dueRequests, latencySummary, type LatencySummary } from './flood-stats';
import { ResponseScanner } from './http-response-scanner';

/**
 * A flood of `GET --path` over kept-alive connections, in a process of its own so its work is not the
 * bench's, for bench/lab-snapshot-flood.ts. Each connection has one request out at a time.
 *
 * - `--mode closed`: `--connections` connections each send the next request as soon as the last answer is
 *   complete; after `--warmup-ms`, the answers completed in `--window-ms` and their latencies count.
 * - `--mode paced`: `--rate` requests per second on schedule for `--window-ms`, over at most `--connections`
 *   connections; a request falling due while every connection has one out is skipped and counted, never
 *   sent later in a burst. Answers still out at the end get a grace period, then count as unanswered.
 *   With `--fresh` each request opens a connection of its own, as the lab's load generator does
 *   (`agent: false`), its latency counted from before the connect; `--connections` caps those open at once.
 *
 * Prints `{"event":"started"}` when the counted part begins, then one JSON line (FloodResult), and exits.
 */

export interface FloodResult {
  mode: 'closed' | 'paced';
  connections: number;
  windowSeconds: number;
  /** Paced: requests due by the schedule in the window; closed: null. */
  requested: number | null;
  /** Requests sent in the window. */
  sent: number;
  /** Paced: due while every connection had one out, so not sent. */
  skipped: number;
  /** Closed: answers completed in the window; paced: answers to the window's requests, grace included. */
  answered: number;
  /** Paced: still unanswered after the grace period; closed: 0. */
  unanswered: number;
  /** Connections the server closed or reset (after an answer too: `Connection: close`), and the requests they had out. */
  dropped: number;
  failed: number;
  statuses: Record<string, number>;
  latency: LatencySummary | null;
  /** Paced: how late each request left after it fell due. */
  sendLag: LatencySummary | null;
  bytesPerAnswer: number | null;
  clientCpuSeconds: number;
}

const GRACE_MS = 10_000;
/** A server that keeps closing connections with a request out is not being measured any more. */
const MAX_FAILED_PER_CONNECTION = 100;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    path: { type: 'string', default: '/api/snapshot' },
    mode: { type: 'string', default: 'closed' },
    connections: { type: 'string', default: '32' },
    rate: { type: 'string', default: '2000' },
    'warmup-ms': { type: 'string', default: '2000' },
    'window-ms': { type: 'string', default: '20000' },
    fresh: { type: 'boolean', default: false },
  },
  strict: true,
});

function fail(message: string): never {
  console.error(`flood client: ${message}`);
  process.exit(1);
}

function positive(flag: 'port' | 'connections' | 'rate' | 'window-ms'): number {
  const value = Number(values[flag]);
  if (!Number.isInteger(value) || value <= 0) fail(`--${flag} must be a positive integer`);
  return value;
}

if (values.mode !== 'closed' && values.mode !== 'paced') fail('--mode must be closed or paced');
const mode: FloodResult['mode'] = values.mode;
const host = values.host;
const port = positive('port');
const connections = positive('connections');
const rate = positive('rate');
const windowMs = positive('window-ms');
const warmupMs = mode === 'closed' ? Number(values['warmup-ms']) : 0;
const fresh = values.fresh;
if (fresh && mode !== 'paced') fail('--fresh is for --mode paced');
if (!(warmupMs >= 0)) fail('--warmup-ms must be 0 or more');
const request = Buffer.from(`GET ${values.path} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`, 'latin1');

/** A connection and the request it has out, if any. */
interface Conn {
  socket: net.Socket;
  /** performance.now() when its request left; null while idle. */
  sentAt: number | null;
  /** Whether that request is one the result counts (paced: sent in the window). */
  counted: boolean;
}

let windowStart = Infinity;
let windowEnd = Infinity;
let running = true;
let sent = 0;
let skipped = 0;
let answered = 0;
let dropped = 0;
let failed = 0;
let bytes = 0;
const statuses: Record<string, number> = {};
const latencies: number[] = [];
const sendLags: number[] = [];
const idle: Conn[] = [];
const open = new Set<Conn>();
/** Every socket not yet closed, connecting ones included, so that none outlives the run. */
const sockets = new Set<net.Socket>();
/** With --fresh: requests connecting or waiting for their answer. */
let outstanding = 0;

function inWindow(t: number): boolean {
  return t >= windowStart && t < windowEnd;
}

function send(conn: Conn, counted: boolean): void {
  conn.sentAt = performance.now();
  conn.counted = counted;
  if (counted) sent += 1;
  conn.socket.write(request);
}

function onAnswer(conn: Conn, status: number): void {
  const now = performance.now();
  const started = conn.sentAt ?? now;
  conn.sentAt = null;
  const counts = mode === 'closed' ? inWindow(now) : conn.counted;
  if (counts) {
    answered += 1;
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(now - started);
  }
  if (fresh) {
    outstanding -= 1;
    open.delete(conn);
    conn.socket.destroy();
  } else if (!running) return;
  else if (mode === 'closed') send(conn, inWindow(now));
  else idle.push(conn);
}

/** A request on a connection of its own, timed from before the connect. */
function sendFresh(): void {
  const startedAt = performance.now();
  outstanding += 1;
  sent += 1;
  void connect().then((conn) => {
    conn.sentAt = startedAt;
    conn.counted = true;
    conn.socket.write(request);
  });
}

function connect(): Promise<Conn> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    sockets.add(socket);
    const conn: Conn = { socket, sentAt: null, counted: false };
    const scanner = new ResponseScanner();
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.once('connect', () => {
      open.add(conn);
      resolve(conn);
    });
    socket.on('data', (text: string) => {
      if (mode === 'closed' ? inWindow(performance.now()) : conn.counted) bytes += text.length;
      let statusesDone: number[];
      try {
        statusesDone = scanner.push(text);
      } catch (error) {
        fail(String(error));
      }
      for (const status of statusesDone) onAnswer(conn, status);
    });
    socket.on('error', (error) => {
      if (!open.has(conn)) fail(`connection to ${host}:${port}: ${error.message}`);
    });
    socket.on('close', () => {
      sockets.delete(socket);
      void replace(conn);
    });
  });
}

/** A connection the server closed: its request failed; a new one takes its place while the run lasts. */
async function replace(conn: Conn): Promise<void> {
  if (!open.delete(conn)) return;
  if (fresh && conn.sentAt !== null) {
    outstanding -= 1;
    failed += 1;
  }
  if (fresh || !running) return;
  dropped += 1;
  if (conn.sentAt !== null && (mode === 'closed' || conn.counted)) failed += 1;
  const i = idle.indexOf(conn);
  if (i !== -1) idle.splice(i, 1);
  if (failed > MAX_FAILED_PER_CONNECTION * connections) fail(`${host}:${port} keeps failing requests`);
  const next = await connect();
  if (!running) return;
  if (mode === 'closed') send(next, inWindow(performance.now()));
  else idle.push(next);
}

async function closedLoop(): Promise<void> {
  const conns = await Promise.all(Array.from({ length: connections }, connect));
  for (const conn of conns) send(conn, false);
  await new Promise((r) => setTimeout(r, warmupMs));
  windowStart = performance.now();
  windowEnd = windowStart + windowMs;
  console.log(JSON.stringify({ event: 'started' }));
  await new Promise((r) => setTimeout(r, windowMs));
}

function unansweredNow(): number {
  return fresh ? outstanding : [...open].filter((c) => c.sentAt !== null && c.counted).length;
}

async function paced(): Promise<number> {
  if (!fresh) idle.push(...(await Promise.all(Array.from({ length: connections }, connect))));
  windowStart = performance.now();
  windowEnd = windowStart + windowMs;
  console.log(JSON.stringify({ event: 'started' }));
  let issued = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = dueRequests(Math.min(now, windowEnd) - windowStart, rate);
      for (; issued < due; issued += 1) {
        const lag = now - (windowStart + dueAtMs(issued, rate));
        if (fresh) {
          if (outstanding >= connections) skipped += 1;
          else {
            sendLags.push(lag);
            sendFresh();
          }
          continue;
        }
        // Oldest idle first, so every connection stays in use and none idles into the server's timeout.
        const conn = idle.shift();
        if (conn === undefined) skipped += 1;
        else {
          sendLags.push(lag);
          send(conn, true);
        }
      }
      if (now >= windowEnd) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const graceEnd = performance.now() + GRACE_MS;
  while (unansweredNow() > 0 && performance.now() < graceEnd) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return issued;
}

async function main(): Promise<void> {
  const cpu0 = process.cpuUsage();
  const requested = mode === 'paced' ? await paced() : (await closedLoop(), null);
  running = false;
  const cpu = process.cpuUsage(cpu0);
  const unanswered = mode === 'paced' ? unansweredNow() : 0;
  open.clear();
  for (const socket of [...sockets]) socket.destroy();
  const result: FloodResult = {
    mode,
    connections,
    windowSeconds: windowMs / 1000,
    requested,
    sent,
    skipped,
    answered,
    unanswered,
    dropped,
    failed,
    statuses,
    latency: latencySummary(latencies),
    sendLag: latencySummary(sendLags),
    bytesPerAnswer: answered > 0 ? bytes / answered : null,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => fail(String(error)));
