import { parseArgs } from 'node:util';
import { StatsD } from 'hot-shots';
import { createDirectInstrumentation } from '../demos/instrument-direct';
import { createNoInstrumentation } from '../demos/instrument-none';
import { createStatsdInstrumentation } from '../demos/instrument-statsd';
import type { Instrumentation } from '../demos/instrumentation';
import { createUdpDatagramStream } from '../demos/udp-datagram-stream';

/**
 * What the instrumentation's calls cost on their own, outside any server: the CPU time per request of exactly
 * what the handler calls (onStart, then its done) for each variant, and of hot-shots' calls one by one, for
 * bench/instrumentation-overhead.ts, which runs this in a process of its own on the apps' CPU. StatsD goes to
 * the bench's UDP sink, so the cost of sending each datagram is in the figures. Prints one JSON line (CallCost[]).
 *
 *   node --import tsx bench/instrumentation-overhead-calls.ts --udp-port <sink>
 */

export interface CallCost {
  key: string;
  label: string;
  /** CPU microseconds per request (or per call, for the single calls), median of the batches. */
  us: number;
  min: number;
  max: number;
}

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    'udp-port': { type: 'string' },
    batches: { type: 'string', default: '7' },
    requests: { type: 'string', default: '100000' },
  },
  strict: true,
});
const host = values.host;
const port = Number(values['udp-port']);
const batches = Number(values.batches);
const perBatch = Number(values.requests);
if (!Number.isInteger(port) || port <= 0) throw new Error('calls: --udp-port must be a positive integer');

const LABELS = { method: 'GET', route: '/work' };
const COUNTER_TAGS = ['method:GET', 'route:/work'];
const TIMER_TAGS = [...COUNTER_TAGS, 'status:200'];
/** The handler's own split: 2 % of answers are the simulated 500s. */
const statusOf = (i: number): number => (i % 50 === 0 ? 500 : 200);

function instrumented(instrumentation: Instrumentation): (i: number) => void {
  return (i) => instrumentation.onStart(LABELS)(statusOf(i), 0.000_012_345);
}

/** A client as demos/instrument-statsd.ts makes one, for the calls measured one at a time. */
function client(
  globalTags: string[],
  extra: { mock?: boolean; aggregation?: { flushInterval: number; maxContexts: number } } = {},
): StatsD {
  return new StatsD({
    maxBufferSize: 1400,
    globalTags,
    errorHandler: (error) => console.error(`calls: ${error.message}`),
    protocol: 'stream',
    stream: createUdpDatagramStream({ host, port }),
    ...extra,
  });
}

const settings = (statsdBufferSize: number) => ({ metricsKeepAlive: true, statsdBufferSize });
const statsd = (statsdBufferSize: number): Instrumentation =>
  createStatsdInstrumentation({ host, port, settings: settings(statsdBufferSize), log: console.error });

interface Case {
  key: string;
  label: string;
  make: () => (i: number) => void;
}

const CASES: Case[] = [
  { key: 'none', label: 'none: a request', make: () => instrumented(createNoInstrumentation()) },
  {
    key: 'direct',
    label: 'prom-client: a request',
    make: () => instrumented(createDirectInstrumentation(settings(1400))),
  },
  { key: 'statsd', label: 'hot-shots buffered 1400 B: a request', make: () => instrumented(statsd(1400)) },
  { key: 'statsd-unbuffered', label: 'hot-shots unbuffered: a request', make: () => instrumented(statsd(0)) },
  {
    key: 'increment',
    label: 'hot-shots increment, tags fixed in the client (buffered)',
    make: () => {
      const counters = client(COUNTER_TAGS);
      return () => counters.increment('demo.http.requests.200', 1);
    },
  },
  {
    key: 'timing',
    label: 'hot-shots timing, tags fixed in the client (buffered)',
    make: () => {
      const timers = client(TIMER_TAGS);
      return () => timers.timing('demo.http.request_duration', 0.012);
    },
  },
  {
    // hot-shots' own way to spare the wire: counts summed in the client and sent on a flush interval.
    key: 'increment-aggregated',
    label: 'hot-shots increment with client-side aggregation (aggregation: 100 ms flush)',
    make: () => {
      const counters = client(COUNTER_TAGS, { aggregation: { flushInterval: 100, maxContexts: 100 } });
      return () => counters.increment('demo.http.requests.200', 1);
    },
  },
  {
    // Sampling is the one way hot-shots offers to send fewer timings; 1 % is far past what a latency
    // histogram can bear, so this is the floor of a timing call, not a setting to use.
    key: 'timing-sampled',
    label: 'hot-shots timing sampled at 1 % (sampleRate 0.01)',
    make: () => {
      const timers = client(TIMER_TAGS);
      return () => timers.timing('demo.http.request_duration', 0.012, 0.01);
    },
  },
  {
    key: 'both-mock',
    label: 'hot-shots increment and timing, lines built but not buffered or sent (mock)',
    make: () => {
      const counters = client(COUNTER_TAGS, { mock: true });
      const timers = client(TIMER_TAGS, { mock: true });
      return (i) => {
        counters.increment('demo.http.requests.200', 1);
        timers.timing('demo.http.request_duration', 0.012);
        // The mock keeps every line; emptied so that the array's growth is not measured.
        if (i % 1000 === 0) {
          counters.mockBuffer?.splice(0);
          timers.mockBuffer?.splice(0);
        }
      };
    },
  },
  {
    key: 'both-tags-per-call',
    label: 'hot-shots increment and timing, tags given per call (buffered)',
    make: () => {
      const untagged = client([]);
      return () => {
        untagged.increment('demo.http.requests.200', 1, COUNTER_TAGS);
        untagged.timing('demo.http.request_duration', 0.012, TIMER_TAGS);
      };
    },
  },
];

const cpuUs = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** CPU per step over `count` steps, with a turn of the event loop every 64 so sockets and timers run. */
async function batch(step: (i: number) => void, count: number): Promise<number> {
  const before = cpuUs();
  for (let i = 0; i < count; i += 1) {
    step(i);
    if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
  }
  return (cpuUs() - before) / count;
}

async function main(): Promise<void> {
  const results: CallCost[] = [];
  for (const c of CASES) {
    const step = c.make();
    // Warm-up: the JIT settles and the first series' clients are made.
    for (let k = 0; k < 3; k += 1) await batch(step, 20_000);
    const runs: number[] = [];
    for (let k = 0; k < batches; k += 1) runs.push(await batch(step, perBatch));
    runs.sort((a, b) => a - b);
    const us = runs[Math.floor(runs.length / 2)] ?? Number.NaN;
    results.push({ key: c.key, label: c.label, us, min: runs[0] ?? us, max: runs.at(-1) ?? us });
  }
  console.log(JSON.stringify(results));
  // Clients and their timers are left to the exit: this process measures and ends.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`calls: ${String(error)}`);
  process.exit(1);
});
