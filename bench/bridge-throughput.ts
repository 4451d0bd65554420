import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseExposition } from '../server/lab/exposition-parser';
import { quantile } from '../server/lab/quantile';
import { clockTicks, cpuSeconds } from './proc-cpu';
import { wrap } from './wrap';

/**
 * How many StatsD lines per second reach three receivers over loopback UDP, and how many are lost at fixed
 * offered rates: a bare Node dgram socket that only counts (the ceiling for Node here), the built-in bridge
 * and the real statsd_exporter. Each receiver and each sender run in processes of their own; the bridge
 * and the exporter are driven only through their command lines and read only through GET /metrics, so the
 * bench keeps working while the bridge is rewritten. `npm run bench` runs it; it writes
 * bench/bridge-throughput-report.md.
 */

const HOST = '127.0.0.1';
const REPORT = 'bench/bridge-throughput-report.md';
const MAPPING = 'config/statsd-mapping.yml';
const EXPORTER_BIN = 'tools/bin/statsd_exporter';
/** What server/bridge/listener.ts asks the kernel for, so the bare receiver starts from the same buffer. */
const RECV_BUFFER_BYTES = 8 * 1024 * 1024;
// In 30000-30999 with the other benches' ports, clear of bench/udp-loss.ts's and bench/shared-mode.ts's.
const PORTS = {
  bare: { udp: 30425, web: 30402 },
  bridge: { udp: 30426, web: 30403 },
  exporter: { udp: 30427, web: 30404 },
};
const SHAPES = [
  { key: 'single', label: 'one line each', title: 'One line per datagram', maxDatagram: 0 },
  { key: 'buffered', label: 'buffered ≤ 1400 B', title: 'Buffered datagrams', maxDatagram: 1400 },
] as const;
const RATES = [50_000, 100_000, 200_000];
/**
 * How long the sender runs, and the window inside it over which the receiver's lines/s and CPU are read:
 * lines counted while the sender is still sending, not the backlog a receive buffer lets it drain later.
 */
const TIMING = {
  capacity: { seconds: 4, windowMs: 3_000 },
  paced: { seconds: 3, windowMs: 2_000 },
};
const WARMUP_MS = 500;
/** The counter is read until it stops moving for this long, so late lines are not taken for lost ones. */
const SETTLE_POLL_MS = 300;
const SETTLE_MAX_MS = 10_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 5_000;
/**
 * A window in which the rest of the machine used more CPU than this is disturbed: the run is tried again,
 * up to MAX_TRIES in all and RETRIES_PER_RECEIVER for each receiver (about 5 s each, so the bench stays
 * bounded), keeping the least disturbed try; one still disturbed is marked in the summary.
 */
const DISTURBED_CORES = 0.25;
const MAX_TRIES = 3;
const RETRIES_PER_RECEIVER = 3;
/** The whole run gives up past this, so `npm run bench` stays bounded even on a stalled machine. */
const RUN_BUDGET_MS = 3 * 60_000;

type ReceiverKey = keyof typeof PORTS;
type Shape = (typeof SHAPES)[number];

interface ReceiverSpec {
  key: ReceiverKey;
  label: string;
  command: string;
  args: string[];
}

interface SenderTotals {
  linesSent: number;
  datagramsSent: number;
  bytesSent: number;
  seconds: number;
  sendErrors: number;
  firstError: string | null;
}

interface Run {
  receiver: ReceiverKey;
  shape: Shape;
  /** Lines per second asked of the sender; null: as fast as it can. */
  rate: number | null;
  sent: SenderTotals;
  /** Lines the receiver counted for this run, after it settled. */
  counted: number;
  /** Lines per second the receiver counted over the window, while the sender was sending. */
  ingested: number;
  /** UDP datagrams the kernel dropped for full receive buffers, machine-wide, during the run. */
  kernelDrops: number | null;
  /** Datagrams the receiver itself says it dropped (statsd_exporter_udp_packet_drops_total), if it says. */
  ownDrops: number | null;
  /** CPU the receiver used over the window, in cores. */
  cpuCores: number | null;
  /** CPU the rest of the machine used over the window (not the sender, receiver or bench), in cores. */
  othersCores: number | null;
  /** How many times the run was made: more than once when other processes took CPU during its window. */
  tries: number;
}

const deadline = Date.now() + RUN_BUDGET_MS;
const disturbed = (run: Run): boolean => (run.othersCores ?? 0) > DISTURBED_CORES;
function checkBudget(what: string): void {
  if (Date.now() > deadline) throw new Error(`run budget of ${RUN_BUDGET_MS / 1000} s exceeded at ${what}`);
}

const tsx = (script: string, ...args: string[]): { command: string; args: string[] } => ({
  command: process.execPath,
  args: ['--import', 'tsx', script, ...args],
});

function receivers(): { specs: ReceiverSpec[]; exporterMissing: boolean } {
  const specs: ReceiverSpec[] = [
    {
      key: 'bare',
      label: 'bare Node socket',
      ...tsx(
        'bench/bare-udp-receiver.ts',
        '--host',
        HOST,
        '--udp-port',
        String(PORTS.bare.udp),
        '--web-port',
        String(PORTS.bare.web),
        '--recv-buffer',
        String(RECV_BUFFER_BYTES),
      ),
    },
    {
      key: 'bridge',
      label: 'built-in bridge',
      ...tsx(
        'server/bridge/main.ts',
        '--host',
        HOST,
        '--udp-port',
        String(PORTS.bridge.udp),
        '--web-port',
        String(PORTS.bridge.web),
        '--mapping',
        MAPPING,
      ),
    },
  ];
  const exporterMissing = !fs.existsSync(EXPORTER_BIN);
  if (!exporterMissing) {
    specs.push({
      key: 'exporter',
      label: 'statsd_exporter',
      command: EXPORTER_BIN,
      args: [
        `--statsd.listen-udp=${HOST}:${PORTS.exporter.udp}`,
        '--statsd.listen-tcp=',
        `--web.listen-address=${HOST}:${PORTS.exporter.web}`,
        `--statsd.mapping-config=${MAPPING}`,
      ],
    });
  }
  return { specs, exporterMissing };
}

/** One receiver process; its last output is kept to explain a failed start. */
class Receiver {
  readonly output: string[] = [];
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;

  constructor(readonly spec: ReceiverSpec) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Not a child of a supervisor, and not tied to a stack's token file or a worker slot of its own.
    for (const name of ['SCRAPE_LAB_SUPERVISOR_PID', 'LAB_TOKEN_FILE', 'WORKER_SLOT']) delete env[name];
    this.#child = spawn(spec.command, spec.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 40));
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#exited = once(this.#child, 'exit');
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get webPort(): number {
    return PORTS[this.spec.key].web;
  }

  async ready(): Promise<void> {
    const until = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < until && this.#child.exitCode === null) {
      const ok = await fetch(`http://${HOST}:${this.webPort}/-/ready`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`${this.spec.label} did not get ready; its last output:\n${this.output.join('\n')}`);
  }

  /** statsd_exporter_lines_total, and the receiver's own datagram drops when it counts them. */
  async counters(): Promise<{ lines: number; ownDrops: number | null }> {
    const res = await fetch(`http://${HOST}:${this.webPort}/metrics`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`${this.spec.label}: GET /metrics answered ${res.status}`);
    const samples = parseExposition(await res.text()).samples;
    const sum = (name: string): number | null => {
      const found = samples.filter((s) => s.name === name);
      return found.length === 0 ? null : found.reduce((total, s) => total + s.value, 0);
    };
    const lines = sum('statsd_exporter_lines_total');
    if (lines === null) throw new Error(`${this.spec.label}: /metrics has no statsd_exporter_lines_total`);
    return { lines, ownDrops: sum('statsd_exporter_udp_packet_drops_total') };
  }

  /** Reads the counters until the line count stops moving. */
  async settled(): Promise<{ lines: number; ownDrops: number | null }> {
    const until = Date.now() + SETTLE_MAX_MS;
    let last = await this.counters();
    for (;;) {
      await sleep(SETTLE_POLL_MS);
      const now = await this.counters();
      if (now.lines === last.lines || Date.now() > until) return now;
      last = now;
    }
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const stopped = await Promise.race([
      this.#exited.then(() => true),
      sleep(STOP_TIMEOUT_MS).then(() => false),
    ]);
    if (stopped) return;
    this.#child.kill('SIGKILL');
    await this.#exited;
  }
}

/** One sender process; resolves `started` when it begins sending and `done` with its totals. */
function startSender({
  port,
  shape,
  rate,
  seconds,
}: {
  port: number;
  shape: Shape;
  rate: number;
  seconds: number;
}): {
  pid: number | undefined;
  started: Promise<void>;
  done: Promise<SenderTotals>;
} {
  const { command, args } = tsx(
    'bench/throughput-sender.ts',
    '--host',
    HOST,
    '--port',
    String(port),
    '--max-datagram',
    String(shape.maxDatagram),
    '--rate',
    String(rate),
    '--seconds',
    String(seconds),
  );
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const killer = setTimeout(() => child.kill('SIGKILL'), (seconds + 20) * 1000);
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const done = (async (): Promise<SenderTotals> => {
    let totals: SenderTotals | null = null;
    for await (const line of createInterface({ input: child.stdout })) {
      const message = JSON.parse(line) as { event: string } & SenderTotals;
      if (message.event === 'started') onStarted();
      if (message.event === 'done') totals = message;
    }
    const [code] = (await exited) as [number | null];
    clearTimeout(killer);
    if (totals === null) throw new Error(`the sender exited (code ${code}) without its totals`);
    return totals;
  })();
  // A sender that dies before starting must not leave the caller waiting for `started`.
  void done.catch(() => undefined).finally(onStarted);
  return { pid: child.pid, started, done };
}

/** UDP RcvbufErrors from /proc/net/snmp: datagrams dropped for a full receive buffer, on the whole machine. */
function kernelRcvbufErrors(): number | null {
  try {
    const rows = fs
      .readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const names = rows[0]?.split(/\s+/) ?? [];
    const values = rows[1]?.split(/\s+/) ?? [];
    const at = names.indexOf('RcvbufErrors');
    return at === -1 || values[at] === undefined ? null : Number(values[at]);
  } catch {
    return null;
  }
}

const delta = (after: number | null, before: number | null): number | null =>
  after === null || before === null ? null : after - before;

/** CPU seconds the whole machine spent busy (all but idle and iowait), from /proc/stat; null off Linux. */
function machineBusySeconds(): number | null {
  if (clockTicks === null) return null;
  try {
    const [user, nice, system, , , irq, softirq, steal] = (
      fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    )
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? NaN), 0);
    return Number.isFinite(busy) ? busy / clockTicks : null;
  } catch {
    return null;
  }
}

/** CPU seconds used so far by the receiver, by the sender, and by the whole machine. */
function cpuNow(receiverPid: number | undefined, senderPid: number | undefined) {
  const bench = process.cpuUsage();
  return {
    receiver: cpuSeconds(receiverPid),
    sender: cpuSeconds(senderPid),
    bench: (bench.user + bench.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

async function measureRun(receiver: Receiver, shape: Shape, rate: number | null): Promise<Run> {
  checkBudget(`${receiver.spec.label}, ${shape.label}`);
  const before = await receiver.counters();
  const kernelBefore = kernelRcvbufErrors();
  const port = PORTS[receiver.spec.key].udp;
  const timing = rate === null ? TIMING.capacity : TIMING.paced;
  const sender = startSender({ port, shape, rate: rate ?? 0, seconds: timing.seconds });
  await sender.started;
  await sleep(WARMUP_MS);
  const start = {
    at: performance.now(),
    ...(await receiver.counters()),
    cpu: cpuNow(receiver.pid, sender.pid),
  };
  await sleep(timing.windowMs);
  const end = {
    at: performance.now(),
    ...(await receiver.counters()),
    cpu: cpuNow(receiver.pid, sender.pid),
  };
  const windowSeconds = (end.at - start.at) / 1000;
  const cpu = delta(end.cpu.receiver, start.cpu.receiver);
  const senderCpu = delta(end.cpu.sender, start.cpu.sender);
  const machine = delta(end.cpu.machine, start.cpu.machine);
  const others =
    cpu === null || senderCpu === null || machine === null
      ? null
      : machine - cpu - senderCpu - (end.cpu.bench - start.cpu.bench);
  const sent = await sender.done;
  const after = await receiver.settled();
  const run: Run = {
    receiver: receiver.spec.key,
    shape,
    rate,
    sent,
    counted: after.lines - before.lines,
    ingested: (end.lines - start.lines) / windowSeconds,
    kernelDrops: delta(kernelRcvbufErrors(), kernelBefore),
    ownDrops: delta(after.ownDrops, before.ownDrops),
    cpuCores: cpu === null ? null : cpu / windowSeconds,
    othersCores: others === null ? null : Math.max(0, others) / windowSeconds,
    tries: 1,
  };
  console.error(
    `bench: ${receiver.spec.label}, ${shape.label}, ${rate === null ? 'capacity' : `${rate} lines/s`}: ` +
      `sent ${sent.linesSent}, counted ${run.counted}, ${Math.round(run.ingested)} lines/s`,
  );
  return run;
}

/** Tries a run again while another process took CPU during its window, keeping the least disturbed try. */
async function leastDisturbed(
  receiver: Receiver,
  shape: Shape,
  rate: number | null,
  retries: { left: number },
): Promise<Run> {
  let best = await measureRun(receiver, shape, rate);
  let tries = 1;
  while (disturbed(best) && tries < MAX_TRIES && retries.left > 0) {
    retries.left -= 1;
    const next = await measureRun(receiver, shape, rate);
    tries += 1;
    if ((next.othersCores ?? 0) < (best.othersCores ?? 0)) best = next;
  }
  return { ...best, tries };
}

async function measureReceiver(spec: ReceiverSpec): Promise<{ runs: Run[]; grantedBuffer: string | null }> {
  const receiver = new Receiver(spec);
  const stopOnSignal = (): void => void receiver.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    await receiver.ready();
    const runs: Run[] = [];
    const retries = { left: RETRIES_PER_RECEIVER };
    for (const shape of SHAPES) {
      for (const rate of [null, ...RATES]) runs.push(await leastDisturbed(receiver, shape, rate, retries));
    }
    // The bare receiver prints the buffer the kernel granted it; the others are not asked.
    return { runs, grantedBuffer: spec.key === 'bare' ? bareGrantedBuffer(receiver.output) : null };
  } finally {
    await receiver.stop();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
}

function bareGrantedBuffer(output: string[]): string | null {
  for (const line of output) {
    try {
      const { recvBufferGranted } = JSON.parse(line) as { recvBufferGranted?: number };
      if (typeof recvBufferGranted === 'number') return bytes(recvBufferGranted);
    } catch {
      // Not the line that reports the buffer.
    }
  }
  return null;
}

const bytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;
const cores = (n: number | null): string => (n === null ? '–' : n.toFixed(2));
const int = (n: number): string => Math.round(n).toLocaleString('en');
const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((part / whole) * 100).toFixed(part === 0 ? 0 : 2)} %`;
const lost = (run: Run): string => {
  const missing = run.sent.linesSent - run.counted;
  return `${int(missing)} (${percent(missing, run.sent.linesSent)})`;
};
const ratio = (a: Run | undefined, b: Run | undefined): string =>
  a === undefined || b === undefined || b.ingested === 0 ? '–' : (a.ingested / b.ingested).toFixed(2);
const offered = (rate: number | null): string =>
  rate === null
    ? `flat out, ${TIMING.capacity.seconds} s`
    : `${int(rate)} lines/s, ${TIMING.paced.seconds} s`;

/** Which bridge was measured: it is being rewritten, so its figures belong to one commit of the tree. */
function bridgeRevision(): string {
  const git = (...args: string[]): string | null => {
    const out = spawnSync('git', args, { encoding: 'utf8' });
    return out.status === 0 ? out.stdout.trim() : null;
  };
  const head = git('rev-parse', '--short', 'HEAD');
  if (head === null) return 'an unknown revision';
  const dirty = git('status', '--porcelain', '--', 'server/bridge');
  return dirty === '' ? `commit ${head}` : `commit ${head} plus uncommitted changes under server/bridge/`;
}

function statsdExporterVersion(): string | null {
  const out = spawnSync(EXPORTER_BIN, ['--version'], { encoding: 'utf8' });
  // "statsd_exporter, version 0.30.0 (branch: …)"; read from either stream, wherever a build prints it.
  const match = /version (\S+)/.exec(`${out.stdout ?? ''}${out.stderr ?? ''}`);
  return match ? `version ${match[1]}` : null;
}

function readSysctl(name: string): string {
  try {
    return fs.readFileSync(`/proc/sys/net/core/${name}`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

function render({
  runs,
  exporterMissing,
  failures,
  bareBuffer,
  started,
  seconds,
  load,
  loadAfter,
}: {
  runs: Run[];
  exporterMissing: boolean;
  /** Receivers that could not be measured, with why. */
  failures: string[];
  bareBuffer: string | null;
  started: Date;
  seconds: number;
  /** One-minute load averages just before and just after the run: how busy the cores were with anything else. */
  load: number;
  loadAfter: number;
}): string {
  const cpus = os.cpus();
  const revision = bridgeRevision();
  const exporterVersion = exporterMissing ? null : statsdExporterVersion();
  const others = runs.flatMap((r) => (r.othersCores === null ? [] : [r.othersCores]));
  const find = (receiver: ReceiverKey, shape: Shape, rate: number | null): Run | undefined =>
    runs.find((r) => r.receiver === receiver && r.shape.key === shape.key && r.rate === rate);
  const cell = (run: Run | undefined): string[] =>
    run === undefined ? ['–', '–'] : [`${int(run.ingested)}${disturbed(run) ? ' †' : ''}`, lost(run)];
  const summary = SHAPES.flatMap((shape) =>
    [null, ...RATES].map((rate) => {
      const [bare, bridge, exporter] = (['bare', 'bridge', 'exporter'] as const).map((k) =>
        find(k, shape, rate),
      );
      return `| ${shape.label} | ${offered(rate)} | ${[...cell(bare), ...cell(bridge), ...cell(exporter)].join(' | ')} | ${ratio(bridge, bare)} | ${ratio(exporter, bare)} |`;
    }),
  );
  const detail = runs.map((r) => {
    const drops = (n: number | null): string => (n === null ? '–' : int(n));
    return (
      `| ${r.receiver} | ${r.shape.label} | ${offered(r.rate)} | ${int(r.sent.linesSent)} | ${int(r.sent.datagramsSent)} | ` +
      `${int(r.sent.linesSent / r.sent.seconds)} | ${r.sent.sendErrors} | ${int(r.counted)} | ${drops(r.kernelDrops)} | ` +
      `${drops(r.ownDrops)} | ${cores(r.cpuCores)} | ${cores(r.othersCores)} | ${r.tries} |`
    );
  });
  const errors = runs.filter((r) => r.sent.sendErrors > 0);
  // A paced sender that could not keep its rate offered less than the row says; the reader is told where.
  const short = runs.filter((r) => r.rate !== null && r.sent.linesSent / r.sent.seconds < r.rate * 0.95);
  const packed = runs.find((r) => r.shape.key === 'buffered')?.sent;
  const single = runs.find((r) => r.shape.key === 'single')?.sent;
  const traffic =
    'Traffic: the six lines demos/instrument-statsd.ts sends per request to `GET /work` (in-flight gauge +1 and ' +
    '−1, the last-writer gauge twice, the status counter with DogStatsD tags `#method:GET,route:/work` and the ' +
    `timer with a status tag too), written by hot-shots' own formatting for 2,000 requests with the demo's ` +
    'latency and error-rate model and cycled; ' +
    (single ? `${(single.bytesSent / single.linesSent).toFixed(1)} bytes a line on average; ` : '') +
    (packed
      ? `buffered datagrams carry ${(packed.linesSent / packed.datagramsSent).toFixed(1)} lines on average, ` +
        "packed as hot-shots' maxBufferSize 1400 packs them. "
      : '') +
    'One sender process (Node dgram, connected socket, pre-built datagrams) per run, in its own process; each ' +
    `receiver in its own process, started once for all its runs. The bridge ran from ${revision}` +
    (exporterVersion ? `; statsd_exporter was ${exporterVersion}.` : '.');
  const method =
    `Capacity: the sender sends as fast as it can for ${TIMING.capacity.seconds} s. Paced: it sends the lines due ` +
    `at the rate each millisecond for ${TIMING.paced.seconds} s. Lines/s is the change in the receiver's ` +
    `statsd_exporter_lines_total on its /metrics from ${WARMUP_MS} ms after the sender starts over the next ` +
    `${TIMING.capacity.windowMs / 1000} s (capacity) or ${TIMING.paced.windowMs / 1000} s (paced), while it is ` +
    'still sending. Lost is lines sent minus lines counted for the whole run, read once the counter has stopped ' +
    `moving for ${SETTLE_POLL_MS} ms; ratios are lines/s against the bare socket's in the same row.`;
  // Lines/s below what was sent with nothing lost: the receive buffer held the backlog of a run this short.
  const buffered = runs.filter(
    (r) =>
      r.rate !== null &&
      r.counted === r.sent.linesSent &&
      r.ingested < (r.sent.linesSent / r.sent.seconds) * 0.95,
  );
  const capacityReading = SHAPES.map((shape) => {
    const [bare, bridge, exporter] = (['bare', 'bridge', 'exporter'] as const).map((k) =>
      find(k, shape, null),
    );
    if (!bare) return '';
    const senderBound = bare.sent.linesSent - bare.counted <= bare.sent.linesSent * 0.005;
    return (
      `${shape.title}, flat out: the bare socket counted ${int(bare.ingested)} lines/s` +
      (senderBound
        ? ` and lost almost nothing, so that is the sender's ceiling on this machine, only a lower bound of the bare socket's; `
        : ` while the sender offered ${int(bare.sent.linesSent / bare.sent.seconds)}; `) +
      (bridge
        ? `the bridge ${int(bridge.ingested)} (${ratio(bridge, bare)} of it, using ${bridge.cpuCores?.toFixed(2) ?? '–'} cores)`
        : 'the bridge was not measured') +
      (exporter
        ? ` and statsd_exporter ${int(exporter.ingested)} (${ratio(exporter, bare)}, using ${exporter.cpuCores?.toFixed(2) ?? '–'} cores).`
        : '.')
    );
  }).filter(Boolean);
  return [
    '# StatsD over UDP: lines per second into a bare Node socket, the built-in bridge and statsd_exporter',
    '',
    ...wrap(
      `Measured ${started.toISOString().slice(0, 10)} on ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}, ` +
        `one-minute load average ${load.toFixed(2)} just before the run and ${loadAfter.toFixed(2)} just after), ${process.platform}, Node ${process.version}, ` +
        `loopback (${HOST}) only; the run took ${seconds.toFixed(0)} s. One run per row. ` +
        (others.length > 0
          ? `Beside the sender and the receiver, the rest of the machine used ${cores(quantile(others, 0.5))} cores in ` +
            `the median window and ${cores(Math.max(...others))} at most (see every run below).`
          : ''),
    ),
    '',
    ...wrap(traffic),
    '',
    ...wrap(method),
    '',
    ...(exporterMissing
      ? [
          ...wrap(
            `${EXPORTER_BIN} was missing, so statsd_exporter was not measured (its columns show –); ` +
              '`bash tools/install.sh` builds it.',
          ),
          '',
        ]
      : []),
    ...failures.flatMap((failure) => [...wrap(`Not measured: ${failure}`), '']),
    '| datagrams | offered | bare lines/s | bare lost | bridge lines/s | bridge lost | exporter lines/s | exporter lost | bridge/bare | exporter/bare |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summary,
    '',
    ...(runs.some(disturbed)
      ? [
          ...wrap(
            `† The rest of the machine used more than ${DISTURBED_CORES} cores during that window in every try ` +
              `(a disturbed run is made up to ${MAX_TRIES} times, ${RETRIES_PER_RECEIVER} extra tries per receiver, the least disturbed kept), so the figure may be ` +
              'low; every run below says how much.',
          ),
          '',
        ]
      : []),
    ...(short.length > 0
      ? [
          ...wrap(
            'The sender fell more than 5 % short of its rate in: ' +
              short
                .map(
                  (r) =>
                    `${r.receiver}, ${r.shape.label}, ${int(r.rate ?? 0)} lines/s (sent ${int(r.sent.linesSent / r.sent.seconds)})`,
                )
                .join('; ') +
              '; see every run below.',
          ),
          '',
        ]
      : []),
    ...(buffered.length > 0
      ? [
          ...wrap(
            'Counted fewer lines/s than were sent and still lost nothing, because the receive buffer held the ' +
              'backlog until the sender stopped (a longer run at that rate would lose the difference): ' +
              buffered.map((r) => `${r.receiver}, ${r.shape.label}, ${int(r.rate ?? 0)} lines/s`).join('; ') +
              '.',
          ),
          '',
        ]
      : []),
    ...capacityReading.flatMap((text) => [...wrap(text), '']),
    ...wrap(
      `Receive buffers: the bare socket asked for ${bytes(RECV_BUFFER_BYTES)} as server/bridge/listener.ts does and was ` +
        `granted ${bareBuffer ?? 'an unknown size'} (net.core.rmem_max is ${readSysctl('rmem_max')} bytes); ` +
        'statsd_exporter, run without --statsd.read-buffer as the lab runs it, keeps the kernel default ' +
        `(net.core.rmem_default, ${readSysctl('rmem_default')} bytes).`,
    ),
    '',
    '## Every run',
    '',
    ...wrap(
      'Kernel drops are UDP RcvbufErrors from /proc/net/snmp over the run, for the whole machine: datagrams thrown ' +
        "away because a socket's receive buffer was full. Own drops are the receiver's " +
        'statsd_exporter_udp_packet_drops_total (datagrams its internal queue refused), where it has one. CPU is ' +
        "the receiver process's user + system time over the window, in cores; the rest of the machine is the " +
        "machine's busy time over the window less the sender's, the receiver's and the bench's own, so it " +
        'includes kernel softirq work for the loopback traffic and anything else that ran.',
    ),
    '',
    '| receiver | datagrams | offered | lines sent | datagrams sent | sent lines/s | send errors | lines counted | kernel drops | own drops | receiver CPU (cores) | rest of machine (cores) | tries |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...detail,
    '',
    ...(errors.length > 0
      ? wrap(
          `Send errors: ${errors.map((r) => `${r.receiver}, ${r.shape.label}, ${offered(r.rate)}: ${r.sent.sendErrors} (first: ${r.sent.firstError ?? 'unknown'})`).join('; ')}.`,
        )
      : ['No send failed on the sender side in any run.']),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  // Another process busy on the same cores moves every figure; the report says how busy the machine was.
  const load = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const { specs, exporterMissing } = receivers();
  if (exporterMissing) console.error(`bench: ${EXPORTER_BIN} is missing (bash tools/install.sh builds it)`);
  const runs: Run[] = [];
  const failures: string[] = [];
  let bareBuffer: string | null = null;
  for (const spec of specs) {
    // A receiver that fails (the bridge is being rewritten) leaves the others measured, and the bench failing.
    try {
      const measured = await measureReceiver(spec);
      runs.push(...measured.runs);
      if (spec.key === 'bare') bareBuffer = measured.grantedBuffer;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench: ${spec.label} not measured: ${message}`);
      failures.push(`the ${spec.label} (${message.split('\n')[0] ?? ''}).`);
      process.exitCode = 1;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const loadAfter = os.loadavg()[0] ?? 0;
  fs.writeFileSync(
    REPORT,
    render({ runs, exporterMissing, failures, bareBuffer, started, seconds, load, loadAfter }),
  );
  // Keep the written report in the project's Markdown style, as `npm run lint` checks it.
  spawnSync(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--write', REPORT], {
    stdio: 'ignore',
  });
  console.log(fs.readFileSync(REPORT, 'utf8'));
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
