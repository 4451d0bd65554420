import net from 'node:net';
import { parseArgs } from 'node:util';
import { ResponseScanner } from './http-response-scanner';
import { cpuSeconds } from './proc-cpu';

/**
 * A closed-loop HTTP load client in a process of its own, for bench/instrumentation-overhead.ts:
 * `--connections` kept-alive sockets each send `GET --path`, wait for the whole answer and send the next,
 * for `--warmup-ms` and then `--window-ms`. It counts the answers completed inside the window and reads the
 * CPU seconds of `--cpu-pids` (the app's processes) and its own at the window's edges, so the bench can tell
 * a saturated app from a saturated client. Prints one JSON line (LoadResult) and exits.
 */

export interface LoadResult {
  windowSeconds: number;
  /** Answers completed inside the window. */
  windowAnswers: number;
  /** Answers over warm-up and window, by status. */
  statuses: Record<string, number>;
  totalAnswers: number;
  /** CPU seconds the given pids used inside the window, summed; null where /proc cannot say. */
  appCpuSeconds: number | null;
  clientCpuSeconds: number;
}

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    path: { type: 'string', default: '/work' },
    connections: { type: 'string', default: '64' },
    'warmup-ms': { type: 'string', default: '1500' },
    'window-ms': { type: 'string', default: '4000' },
    'cpu-pids': { type: 'string', default: '' },
  },
  strict: true,
});

function positive(flag: 'port' | 'connections' | 'warmup-ms' | 'window-ms'): number {
  const value = Number(values[flag]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`load client: --${flag} must be a positive integer`);
  return value;
}

const host = values.host;
const port = positive('port');
const connections = positive('connections');
const warmupMs = positive('warmup-ms');
const windowMs = positive('window-ms');
const pids = values['cpu-pids'].split(',').filter(Boolean).map(Number);
const request = Buffer.from(`GET ${values.path} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`, 'latin1');

let counting = false;
let windowAnswers = 0;
let totalAnswers = 0;
const statuses: Record<string, number> = {};
const sockets: net.Socket[] = [];

function appCpu(): number | null {
  let sum = 0;
  for (const pid of pids) {
    const seconds = cpuSeconds(pid);
    if (seconds === null) return null;
    sum += seconds;
  }
  return sum;
}

const ownCpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

function fail(message: string): never {
  console.error(`load client: ${message}`);
  process.exit(1);
}

function open(): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const scanner = new ResponseScanner();
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.once('connect', () => {
      socket.write(request);
      resolve();
    });
    socket.on('data', (text: string) => {
      let answered: number[];
      try {
        answered = scanner.push(text);
      } catch (error) {
        fail(String(error));
      }
      for (const status of answered) {
        statuses[status] = (statuses[status] ?? 0) + 1;
        totalAnswers += 1;
        if (counting) windowAnswers += 1;
      }
      // One request out per connection at a time: the next leaves when the last answer is complete.
      if (answered.length > 0) socket.write(request);
    });
    socket.on('error', (error) => fail(`connection to ${host}:${port}: ${error.message}`));
    socket.on('close', () => {
      if (sockets.includes(socket)) fail(`${host}:${port} closed a connection`);
    });
    sockets.push(socket);
  });
}

async function main(): Promise<void> {
  await Promise.all(Array.from({ length: connections }, open));
  await new Promise((r) => setTimeout(r, warmupMs));
  const app0 = appCpu();
  const own0 = ownCpu();
  const t0 = performance.now();
  counting = true;
  await new Promise((r) => setTimeout(r, windowMs));
  counting = false;
  const windowSeconds = (performance.now() - t0) / 1000;
  const app1 = appCpu();
  const own1 = ownCpu();
  for (const socket of sockets.splice(0)) socket.destroy();
  const result: LoadResult = {
    windowSeconds,
    windowAnswers,
    statuses,
    totalAnswers,
    appCpuSeconds: app0 === null || app1 === null ? null : app1 - app0,
    clientCpuSeconds: own1 - own0,
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => fail(String(error)));
