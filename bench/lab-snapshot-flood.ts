import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parseSnapshot } from '../server/lab/snapshot-schema';
import type { LabSnapshot } from '../server/lab/types';
import { bundleFile } from '../server/supervisor/node-entries';
import {
  judgeRatios,
  pairedRatios,
  settledSpread,
  type Phase,
  type Reading,
  type Verdict,
} from './flood-stats';
import { movedPorts, startMovedStack, type MovedStack } from './moved-stack';
import { spread, type Spread } from './overhead-stats';
import { busyCores, cpuSeconds, readMachineTicks } from './proc-cpu';
import { processTreeRss } from './process-tree-rss';
import type { FloodResult } from './snapshot-flood-client';
import { wrap } from './wrap';

/**
 * The lab under a flood of `GET /api/snapshot`, with its load generator at 200 req/s per app, in one run on
 * a stack of its own (every port moved into a block from `--port-base`, so a stack on the default ports
 * keeps running):
 *
 * 1. the ledger's "true" p90 latency per app, read from the lab's snapshot every second, over quiet phases
 *    and phases of a paced flood (`--flood-rate` requests per second on schedule), alternating;
 * 2. how many snapshots per second the lab answers, and their p99 latency, under a closed-loop flood
 *    (`--closed-connections` kept-alive connections), direct to the lab and through the web app's proxy;
 * 3. a last quiet phase, to see whether the ledger recovers from the saturation.
 *
 * The lab's own event-loop delay, its load's tick lag and pace come from the same snapshots. The floods run
 * in a process of their own (bench/snapshot-flood-client.ts). It writes bench/lab-snapshot-flood-report.md.
 *
 *   node --import tsx bench/lab-snapshot-flood.ts [--rounds 2] [--phase-seconds 30] [--flood-rate 2000]
 *     [--flood-connections 64] [--closed-connections 32] [--closed-seconds 20] [--port-base 24000]
 */

const HOST = '127.0.0.1';
const REPORT = 'bench/lab-snapshot-flood-report.md';
/** The issue's load: requests per second per app while the snapshots are flooded. */
const LOAD_RATE = 200;
/** The issue's target: the flooded p90 at most 10 % over the unflooded one. */
const TARGET_RATIO = 1.1;
/** server/lab/truth-ledger.ts keeps each app's latest 2,000 latencies for its quantiles. */
const LEDGER_LATENCIES = 2000;
/** A snapshot is up to a tick (1 s) old, and the flood client takes a moment to get going. */
const SETTLE_SLACK_SECONDS = 2;
/** The ledger's window holds only a phase's answers this many seconds into it. */
const SETTLE_SECONDS = LEDGER_LATENCIES / LOAD_RATE + SETTLE_SLACK_SECONDS;
/**
 * A snapshot carries the last 120 s of scrapes (SNAPSHOT_SECONDS in server/lab/lab.ts), so it grows for two
 * minutes after a start: phases measured before then would flood snapshots of different sizes.
 */
const SNAPSHOT_HISTORY_SECONDS = 120;
/** Seconds after ready before the first phase: the snapshot at its full size, the ledger's window full. */
const WARMUP_SECONDS = SNAPSHOT_HISTORY_SECONDS + SETTLE_SLACK_SECONDS;
const CLOSED_WARMUP_MS = 2_000;
const SAMPLE_INTERVAL_MS = 1_000;
const SAMPLE_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 10 * 60_000;
/** A flood that answers less than this share of its schedule did not flood at the rate asked for. */
const DELIVERED_SHARE = 0.95;
/** At most this many probe requests out at once: far above what 20 req/s needs even at a second each. */
const PROBE_CONNECTIONS = 64;

interface Options {
  rounds: number;
  phaseSeconds: number;
  floodRate: number;
  floodConnections: number;
  closedConnections: number;
  closedSeconds: number;
  portBase: number;
  /** Requests per second of each app's outside probe; 0 runs none. */
  probeRate: number;
}

/** One snapshot's figures that the report uses, `t` seconds into its phase. */
interface Sample {
  t: number;
  /** The ledger's p90 and delayed-latency count per app (the first route of each: an app's routes share it). */
  p90: Map<string, number | null>;
  delayed: Map<string, number>;
  loopP99Ms: number;
  loopMaxMs: number;
  stalls: number;
  tickLagP99Ms: number | null;
  tickLagMaxMs: number | null;
  loadRequested: number;
  loadSent: number;
  loadMissed: number;
  streamDropped: number;
  /** The snapshot's size: it grows with the scrape history it carries, up to SNAPSHOT_HISTORY_SECONDS. */
  bytes: number;
}

interface PhaseResult {
  label: string;
  kind: 'quiet' | 'flood' | 'closed';
  /** Part of the alternating quiet/flood sequence the target is judged on. */
  paired: boolean;
  seconds: number;
  samples: Sample[];
  /** Samples that did not answer within SAMPLE_TIMEOUT_MS. */
  sampleFailures: number;
  labCores: number | null;
  webCores: number | null;
  flood: FloodResult | null;
  /** Where a flood went: `lab` or `web`. */
  target: 'lab' | 'web' | null;
  /** Each app's outside probe over the phase. */
  probes: Map<string, FloodResult>;
  /**
   * Cores busy on average: the stack's processes, the bench's flood and probe clients, and whatever else ran
   * on the machine (every busy tick of /proc/stat less those and the bench's own).
   */
  cpu: { stack: number; clients: number; others: number | null };
}

function samplePoint(snapshot: LabSnapshot, t: number): Omit<Sample, 'bytes'> {
  const p90 = new Map<string, number | null>();
  const delayed = new Map<string, number>();
  for (const route of snapshot.routes) {
    if (p90.has(route.spec.appId)) continue;
    p90.set(route.spec.appId, route.truth.latencyP90Seconds);
    delayed.set(route.spec.appId, route.truth.latencyDelayed);
  }
  return {
    t,
    p90,
    delayed,
    loopP99Ms: snapshot.labLoop.delay.p99Ms,
    loopMaxMs: snapshot.labLoop.delay.maxMs,
    stalls: snapshot.labLoop.stalls,
    tickLagP99Ms: snapshot.load.tickLag?.p99Ms ?? null,
    tickLagMaxMs: snapshot.load.tickLag?.maxMs ?? null,
    loadRequested: snapshot.load.requested,
    loadSent: snapshot.load.sent,
    loadMissed: snapshot.load.missed,
    streamDropped: snapshot.stream.dropped,
  };
}

/** A snapshot, checked against the schema the page reads it with, and its size on the wire. */
async function readSnapshot(labUrl: string): Promise<{ snapshot: LabSnapshot; bytes: number }> {
  const response = await fetch(`${labUrl}/api/snapshot`, { signal: AbortSignal.timeout(SAMPLE_TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /api/snapshot → ${response.status}: ${text.slice(0, 200)}`);
  const parsed = parseSnapshot(JSON.parse(text));
  if (!parsed.ok) throw new Error(`the lab's snapshot does not read: ${parsed.error}`);
  return { snapshot: parsed.snapshot, bytes: Buffer.byteLength(text) };
}

/** Reads a snapshot every second until stopped; each reading is placed by the time the lab built it. */
function startSampling(labUrl: string, phaseStartMs: number) {
  const samples: Sample[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const next = Date.now() + SAMPLE_INTERVAL_MS;
      try {
        const { snapshot, bytes } = await readSnapshot(labUrl);
        samples.push({ ...samplePoint(snapshot, (snapshot.now - phaseStartMs) / 1000), bytes });
      } catch {
        failures += 1;
      }
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { samples, failures };
    },
  };
}

/** The flood client in a process of its own; resolves once it has started counting, and again with its result. */
async function startFlood(args: string[]): Promise<{ result: Promise<FloodResult> }> {
  const client = spawn(process.execPath, ['--import', 'tsx', 'bench/snapshot-flood-client.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  client.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines: string[] = [];
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  createInterface({ input: client.stdout }).on('line', (line) => {
    lines.push(line);
    if (line.includes('"event":"started"')) markStarted();
  });
  // 'close', not 'exit': its last line may still be in the pipe when it exits.
  const exited = once(client, 'close').then(([code]) => {
    const last = lines.at(-1);
    if (code !== 0 || last === undefined || last.includes('"event"')) {
      throw new Error(`the flood client failed (exit ${String(code)}): ${stderr}`);
    }
    return JSON.parse(last) as FloodResult;
  });
  await Promise.race([started, exited]);
  return { result: exited };
}

/** Each app's load URL (its first route's: an app's routes share its load), for its outside probe. */
function appLoadUrls(snapshot: LabSnapshot): { app: string; url: URL }[] {
  const seen = new Map<string, URL>();
  for (const route of snapshot.routes) {
    if (!seen.has(route.spec.appId)) seen.set(route.spec.appId, new URL(route.spec.loadUrl));
  }
  return [...seen].map(([app, url]) => ({ app, url }));
}

/** The CPU seconds of every process of the stack now, by pid. */
function treeCpuSeconds(root: number): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const { pid } of processTreeRss(root).processes) {
    const used = cpuSeconds(pid);
    if (used !== null) seconds.set(pid, used);
  }
  return seconds;
}

function pidOf(root: number, entry: 'server/lab/main.ts' | 'server/web/main.ts'): number | null {
  const file = bundleFile(entry);
  return processTreeRss(root).processes.find((p) => p.command.some((arg) => arg.endsWith(file)))?.pid ?? null;
}

/** An outside probe of one app: its load URL, paced, from a process of its own. */
interface Probe {
  app: string;
  args: string[];
}

async function runPhase(
  stack: { root: number; labUrl: string; labPid: number | null; webPid: number | null },
  probes: readonly Probe[],
  phase: Pick<PhaseResult, 'label' | 'kind' | 'paired' | 'target'> & {
    /** The counted window: the flood's, when there is one. */
    seconds: number;
    floodArgs?: string[];
  },
): Promise<PhaseResult> {
  const lab0 = cpuSeconds(stack.labPid ?? undefined);
  const web0 = cpuSeconds(stack.webPid ?? undefined);
  const windowMs = phase.seconds * 1000;
  const flood = phase.floodArgs ? await startFlood(phase.floodArgs) : null;
  const probing = await Promise.all(
    probes.map((p) => startFlood([...p.args, '--window-ms', String(windowMs)])),
  );
  const startMs = Date.now();
  const sampling = startSampling(stack.labUrl, startMs);
  const machine0 = readMachineTicks();
  const tree0 = treeCpuSeconds(stack.root);
  const bench0 = process.cpuUsage();
  const [result, ...probeResults] = await Promise.all([
    flood ? flood.result : sleep(windowMs, null),
    ...probing.map((p) => p.result),
  ]);
  const machine1 = readMachineTicks();
  const tree1 = treeCpuSeconds(stack.root);
  const benchCpu = process.cpuUsage(bench0);
  const { samples, failures } = await sampling.stop();
  const seconds = (Date.now() - startMs) / 1000;
  let stackSeconds = 0;
  for (const [pid, before] of tree0) stackSeconds += (tree1.get(pid) ?? before) - before;
  const clientSeconds = [result, ...probeResults].reduce((sum, r) => sum + (r?.clientCpuSeconds ?? 0), 0);
  const busy = machine0 && machine1 ? busyCores(machine0, machine1, os.cpus().length) : null;
  const cores = (pid: number | null, before: number | null): number | null => {
    const after = cpuSeconds(pid ?? undefined);
    return before === null || after === null ? null : (after - before) / seconds;
  };
  const done: PhaseResult = {
    label: phase.label,
    kind: phase.kind,
    paired: phase.paired,
    target: phase.target,
    seconds,
    samples,
    sampleFailures: failures,
    labCores: cores(stack.labPid, lab0),
    webCores: cores(stack.webPid, web0),
    flood: result ?? null,
    probes: new Map(probes.map((p, i) => [p.app, probeResults[i] as FloodResult])),
    cpu: {
      stack: stackSeconds / seconds,
      clients: clientSeconds / seconds,
      others:
        busy === null
          ? null
          : Math.max(
              0,
              busy - (stackSeconds + clientSeconds + (benchCpu.user + benchCpu.system) / 1e6) / seconds,
            ),
    },
  };
  console.error(`bench: ${phase.label}: ${phaseLine(done)}`);
  return done;
}

// ---------------------------------------------------------------------------------------------- figures

function appIds(phases: readonly PhaseResult[]): string[] {
  return [...new Set(phases.flatMap((p) => p.samples.flatMap((s) => [...s.p90.keys()])))];
}

function p90Spread(phase: PhaseResult, app: string): Spread | null {
  const readings: Reading[] = phase.samples.map((s) => ({ t: s.t, value: s.p90.get(app) ?? null }));
  return settledSpread(readings, SETTLE_SECONDS);
}

/** The change of a counter over the phase: last sample against the first. */
function delta(phase: PhaseResult, read: (s: Sample) => number): number | null {
  const first = phase.samples[0];
  const last = phase.samples.at(-1);
  return first && last ? read(last) - read(first) : null;
}

function medianOf(values: readonly (number | null)[]): number | null {
  return spread(values.filter((v): v is number => v !== null))?.median ?? null;
}

function maxOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

function answeredPerSecond(flood: FloodResult): number {
  return flood.answered / flood.windowSeconds;
}

function p90Ms(phase: PhaseResult, app: string): number | null {
  const s = p90Spread(phase, app);
  return s === null ? null : s.median * 1000;
}

function phaseLine(p: PhaseResult): string {
  const p90s = appIds([p]).map(
    (app) => `${app} p90 ${ms(p90Ms(p, app))} (probe ${ms(p.probes.get(app)?.latency?.p90Ms ?? null)})`,
  );
  const flood = p.flood
    ? `, ${int(answeredPerSecond(p.flood))} snapshots/s answered, p99 ${ms(p.flood.latency?.p99Ms ?? null)}`
    : '';
  return `${p90s.join(', ')}, lab loop p99 ${ms(medianOf(p.samples.map((s) => s.loopP99Ms)))}${flood}`;
}

// ---------------------------------------------------------------------------------------------- report

const int = (v: number): string => Math.round(v).toLocaleString('en');
const fixed = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
const ms = (v: number | null): string => (v === null ? '–' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const pct = (ratio: number): string => {
  const v = (ratio - 1) * 100;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} %`;
};

const VERDICT_TEXT: Record<Verdict, string> = {
  within: `WITHIN the target (at most ${Math.round((TARGET_RATIO - 1) * 100)} % over) in every pairing`,
  over: `OVER the target (more than ${Math.round((TARGET_RATIO - 1) * 100)} % over) in every pairing`,
  unresolved:
    'NOT RESOLVED against the target: the pairings disagree, the quiet phases differ among themselves by as much as the flood moves the figure',
  unmeasured: 'not measured: no phase gave a p90',
};

interface Context {
  started: Date;
  seconds: number;
  loadBefore: number;
  loadAfter: number;
  stealShare: number | null;
  first: LabSnapshot;
  options: Options;
  web: boolean;
}

function stackDescription(s: LabSnapshot): string {
  const apps = [...new Set(s.routes.map((r) => r.spec.appId))];
  const bridge = s.bridge?.identity
    ? `${s.bridge.identity.implementation}${s.bridge.identity.version ? ` ${s.bridge.identity.version}` : ''}`
    : 'none';
  const prometheus =
    s.prometheus.mode === 'off' ? 'off' : `${s.prometheus.mode} ${s.prometheus.version ?? ''}`.trim();
  return (
    `${s.routes.length} routes (${s.routes.map((r) => r.spec.id).join(', ')}) on ${apps.length} app${apps.length === 1 ? '' : 's'} ` +
    `(${apps.join(', ')}), ${s.settings.workers} workers each, the load at ${s.settings.ratePerSecond} req/s per app ` +
    `(${s.load.apps * s.settings.ratePerSecond} req/s in all), scrapes every ${s.settings.scrapeIntervalSeconds} s, ` +
    `bridge ${bridge}, Prometheus ${prometheus}, PYTHON_DEMOS ${process.env.PYTHON_DEMOS ?? 'auto'}`
  );
}

function probeP90Ms(phase: PhaseResult, app: string): number | null {
  return phase.probes.get(app)?.latency?.p90Ms ?? null;
}

/** Each flood phase against its neighbours, for a figure of every phase of the alternating sequence. */
function ratiosOf(sequence: readonly PhaseResult[], value: (p: PhaseResult) => number | null): number[] {
  return pairedRatios(
    sequence.map((p): Phase => ({ kind: p.kind === 'flood' ? 'flood' : 'quiet', value: value(p) })),
  );
}

/** The range of the other work on the machine over some phases, in cores. */
function othersText(phases: readonly PhaseResult[]): string {
  const others = spread(phases.flatMap((p) => (p.cpu.others === null ? [] : [p.cpu.others])));
  return others ? `${fixed(others.min, 2)}–${fixed(others.max, 2)}` : '–';
}

const rangeText = (ratios: readonly number[]): string =>
  ratios.length > 0 ? `${pct(Math.min(...ratios))} to ${pct(Math.max(...ratios))}` : '–';

function render(phases: PhaseResult[], ctx: Context): string {
  const { options } = ctx;
  const cpus = os.cpus();
  const apps = appIds(phases);
  const sequence = phases.filter((p) => p.paired);
  const floods = sequence.filter((p) => p.kind === 'flood');
  const quiets = sequence.filter((p) => p.kind === 'quiet');
  const closed = phases.filter((p) => p.kind === 'closed');
  const after = phases.find((p) => p.kind === 'quiet' && !p.paired);
  const snapshotBytes = medianOf(phases.map((p) => p.flood?.bytesPerAnswer ?? null));
  const limit = `${Math.round((TARGET_RATIO - 1) * 100)} %`;
  const probing = options.probeRate > 0;

  const floodRates = floods.flatMap((p) => (p.flood ? [answeredPerSecond(p.flood)] : []));
  const floodClientCores = floods.flatMap((p) =>
    p.flood ? [p.flood.clientCpuSeconds / p.flood.windowSeconds] : [],
  );
  const delivered =
    floodRates.length > 0 && floodRates.every((r) => r >= DELIVERED_SHARE * options.floodRate);
  const deliveredText =
    (delivered
      ? `The paced flood kept its schedule: ${floodRates.map(int).join(' and ')} snapshots per second answered against ${int(options.floodRate)} asked.`
      : `The paced flood did NOT reach its rate: ${floodRates.map(int).join(' and ')} snapshots per second answered against ${int(options.floodRate)} asked (the rest were skipped, every connection having one out, or unanswered), so the figures below are for that flood, not for one of ${int(options.floodRate)} req/s.`) +
    ` Its client used ${floodClientCores.map((c) => fixed(c, 2)).join(' and ')} of a core. Work outside the stack ` +
    `and the bench kept ${othersText(floods)} cores busy in the flood phases and ${othersText(quiets)} in the quiet ones.`;

  const verdicts = apps.map((app) => {
    const ratios = ratiosOf(sequence, (p) => p90Ms(p, app));
    const probeRatios = ratiosOf(sequence, (p) => probeP90Ms(p, app));
    const verdict = judgeRatios(ratios, TARGET_RATIO);
    const probeVerdict = judgeRatios(probeRatios, TARGET_RATIO);
    const quiet = medianOf(quiets.map((p) => p90Ms(p, app)));
    const flooded = medianOf(floods.map((p) => p90Ms(p, app)));
    const probe =
      probing && probeRatios.length > 0
        ? ` The outside probe of the same app saw its p90 go from ${ms(medianOf(quiets.map((p) => probeP90Ms(p, app))))} to ` +
          `${ms(medianOf(floods.map((p) => probeP90Ms(p, app))))} (${rangeText(probeRatios)} in the same pairings)` +
          (verdict === 'over' && probeVerdict === 'over'
            ? ': the app itself answered slower under the flood, and the ledger recorded that, not the lab’s own delay.'
            : verdict === 'over' && probeVerdict === 'within'
              ? ': the app was not slower, so the rise is the lab’s own.'
              : '.')
        : '';
    return {
      app,
      verdict,
      text:
        `${app}: the ledger's p90 was ${ms(quiet)} without a flood and ${ms(flooded)} under it (medians of the ` +
        `phases; each flood phase against the quiet phase before and after it: ${rangeText(ratios)}), ` +
        `${VERDICT_TEXT[verdict]}.${probe}`,
    };
  });
  const met = delivered && verdicts.length > 0 && verdicts.every((v) => v.verdict === 'within');
  const headline = met
    ? `Target met: under a ${int(options.floodRate)} req/s snapshot flood the ledger's p90 stayed within ${limit} of its unflooded value for every app.`
    : `Target NOT met: ${
        verdicts.some((v) => v.verdict === 'over')
          ? `the flooded p90 was more than ${limit} over the unflooded one`
          : verdicts.some((v) => v.verdict === 'unresolved')
            ? 'this run cannot tell the flood from the machine’s noise'
            : delivered
              ? 'no p90 was measured'
              : `the ledger's p90 held, but the flood did not reach ${int(options.floodRate)} req/s`
      } (figures below).`;

  const closedRows = closed.map((p) => {
    const f = p.flood;
    const other = f ? f.answered - (f.statuses['200'] ?? 0) : 0;
    return (
      `| ${p.target === 'web' ? 'web proxy `/api/lab/snapshot`' : 'lab `/api/snapshot`'} | ${f?.connections ?? '–'} | ` +
      `${f ? int(answeredPerSecond(f)) : '–'} | ${ms(f?.latency?.p50Ms ?? null)} | ${ms(f?.latency?.p99Ms ?? null)} | ` +
      `${ms(f?.latency?.maxMs ?? null)} | ${f ? `${other}${f.failed > 0 ? ` (+${f.failed} failed)` : ''}` : '–'} | ` +
      `${fixed(p.labCores, 2)} | ${fixed(p.webCores, 2)} | ${f ? fixed(f.clientCpuSeconds / f.windowSeconds, 2) : '–'} | ` +
      `${ms(medianOf(p.samples.map((s) => s.loopP99Ms)))} |`
    );
  });

  const p90Rows = phases.map((p) => {
    const cells = apps.flatMap((app) => {
      const s = p90Spread(p, app);
      const ledger = s ? `${ms(s.median * 1000)} (${ms(s.min * 1000)}–${ms(s.max * 1000)})` : '–';
      return probing ? [ledger, ms(probeP90Ms(p, app))] : [ledger];
    });
    return `| ${p.label} | ${cells.join(' | ')} |`;
  });
  const p90Header = apps.flatMap((app) =>
    probing ? [`${app}: ledger p90 (range)`, `${app}: probe p90`] : [`${app}: ledger p90 (range)`],
  );

  const healthRows = phases.map((p) => {
    const f = p.flood;
    const requested = delta(p, (s) => s.loadRequested);
    const sent = delta(p, (s) => s.loadSent);
    const delayedLatencies = delta(p, (s) => [...s.delayed.values()].reduce((a, b) => a + b, 0));
    const floodCell = f
      ? `${int((f.requested ?? f.sent) / f.windowSeconds)} / ${int(f.sent / f.windowSeconds)} / ${int(answeredPerSecond(f))}`
      : '–';
    return (
      `| ${p.label} | ${floodCell} | ${ms(f?.latency?.p99Ms ?? null)} | ` +
      `${ms(medianOf(p.samples.map((s) => s.loopP99Ms)))} / ${ms(maxOf(p.samples.map((s) => s.loopMaxMs)))} | ` +
      `${ms(medianOf(p.samples.map((s) => s.tickLagP99Ms)))} / ${ms(maxOf(p.samples.map((s) => s.tickLagMaxMs)))} | ` +
      `${delta(p, (s) => s.stalls) ?? '–'} | ${delayedLatencies ?? '–'} | ` +
      `${requested && sent !== null ? `${fixed((sent / requested) * 100, 1)} %` : '–'} | ${delta(p, (s) => s.loadMissed) ?? '–'} | ` +
      `${delta(p, (s) => s.streamDropped) ?? '–'} | ${fixed(p.labCores, 2)} | ` +
      `${fixed(p.cpu.stack, 2)} / ${fixed(p.cpu.clients, 2)} / ${fixed(p.cpu.others, 2)} | ` +
      `${fixed((medianOf(p.samples.map((s) => s.bytes)) ?? Number.NaN) / 1024, 0)} | ` +
      `${p.samples.length}${p.sampleFailures > 0 ? ` (${p.sampleFailures} late)` : ''} |`
    );
  });

  const afterText = after
    ? apps
        .map(
          (app) =>
            `${app} ${ms(p90Ms(after, app))} (the quiet phases before: ${ms(medianOf(quiets.map((p) => p90Ms(p, app))))})`,
        )
        .join('; ')
    : '';

  const probeMethod = probing
    ? `Beside every phase, an outside probe per app (the same client, from a process of its own) sends ` +
      `${options.probeRate} requests per second to the app's load URL, each on a new connection as the lab's load ` +
      'generator sends them, and times each from before its connect to its answer: the app’s latency as seen from ' +
      `outside the lab, to tell an app slowed by the flood (on a machine of ${cpus.length} CPUs the flood takes CPU ` +
      'from its workers) from a ledger that records the lab’s own delay. Its requests are not in the ledger, and its ' +
      'own event loop shares the CPUs too, so its figure carries its own scheduling delay as well.'
    : '';
  const method = [
    `The stack is npm start's bundled supervisor with every port moved into a block from ${options.portBase} ` +
      `(bench/moved-stack.ts) and LOAD_RATE=${LOAD_RATE}; the rest of its settings come from the environment. It ` +
      `ran ${stackDescription(ctx.first)}. After it was ready the bench waited ${WARMUP_SECONDS} s (a snapshot carries the ` +
      `last ${SNAPSHOT_HISTORY_SECONDS} s of scrapes, so only then is it at its full size), then ran ` +
      `${options.rounds} round${options.rounds === 1 ? '' : 's'} of a quiet phase and a flood phase of ` +
      `${options.phaseSeconds} s each, one more quiet phase, the closed-loop floods and a last quiet phase.`,
    `A flood phase is bench/snapshot-flood-client.ts in a process of its own sending \`GET /api/snapshot\` to the ` +
      `lab's port paced at ${int(options.floodRate)} requests per second on schedule, over up to ` +
      `${options.floodConnections} kept-alive connections with one request out each: a request due while every ` +
      'connection has one out is skipped and counted, never sent later in a burst, and answers still out at the ' +
      'end get 10 s. Every second of every phase the bench reads one snapshot of its own from the lab and takes ' +
      "from it each app's ledger p90 (`routes[].truth.latencyP90Seconds`, the first route of each app: an app's " +
      "routes share its ledger), the lab's event-loop delay (`labLoop`, over its latest 5 s), the load's tick lag " +
      `and pace (\`load\`) and the stream's dropped readers (\`stream\`). The ledger's p90 is over an app's latest ` +
      `${int(LEDGER_LATENCIES)} answers, ${LEDGER_LATENCIES / LOAD_RATE} s at ${LOAD_RATE} req/s, so a phase's p90 ` +
      `is the median of the readings from ${SETTLE_SECONDS} s into it on, when the window holds only that phase's ` +
      'answers (their range in brackets).',
    probeMethod,
    `The closed-loop floods: ${options.closedConnections} kept-alive connections, each sending the next request as ` +
      `soon as the last answer is complete, for ${options.closedSeconds} s after ${CLOSED_WARMUP_MS / 1000} s of ` +
      `warm-up, to the lab directly` +
      `${ctx.web ? ' and then through the web app’s proxy (`/api/lab/snapshot`)' : ' (the web app did not run)'}; ` +
      'the latencies are from sending a request to its answer’s last byte.',
  ].filter(Boolean);

  return [
    "# The lab under a snapshot flood: snapshots per second, and the ledger's p90 with and without",
    '',
    ...wrap(
      `Measured ${ctx.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus.length} CPUs ` +
        `(${cpus[0]?.model.trim() ?? 'unknown'}), ${process.platform}, Node ${process.version}; one-minute load ` +
        `average ${ctx.loadBefore.toFixed(2)} just before the run and ${ctx.loadAfter.toFixed(2)} at its end` +
        (ctx.stealShare === null
          ? ''
          : `, CPU steal (time the hypervisor gave to others) ${(ctx.stealShare * 100).toFixed(1)} % of the run`) +
        `; the run took ${ctx.seconds.toFixed(0)} s. The stack, the bench and its clients shared the machine's ` +
        `${cpus.length} CPUs.`,
    ),
    '',
    ...method.flatMap((paragraph) => [...wrap(paragraph), '']),
    ...wrap(headline),
    '',
    ...wrap(deliveredText),
    '',
    ...verdicts.flatMap((v) => [...wrap(v.text), '']),
    `| phase | ${p90Header.join(' | ')} |`,
    `| --- | ${p90Header.map(() => '---:').join(' | ')} |`,
    ...p90Rows,
    '',
    ...wrap(
      (afterText ? `After the closed-loop floods the ledger's p90 was ${afterText}. ` : '') +
        (options.closedSeconds > SETTLE_SECONDS
          ? `The closed-loop phases' p90 is over their last ${options.closedSeconds - SETTLE_SECONDS} s.`
          : 'The closed-loop phases are shorter than the ledger takes to turn over, so they have no p90 of their own.'),
    ),
    '',
    '| snapshots to | connections | answered/s | p50 | p99 | max | not 200 | lab CPU (cores) | web CPU (cores) | client CPU (cores) | lab loop delay p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...closedRows,
    '',
    ...wrap(
      `Closed loop: the snapshots per second the lab answered with ${options.closedConnections} requests always ` +
        `out, a snapshot being ${fixed(snapshotBytes === null ? null : snapshotBytes / 1024, 0)} KB (the median over the floods).`,
    ),
    '',
    '| phase | flood due / sent / answered per s | flood p99 | lab loop delay p99 / max | load tick lag p99 / max | lab stalls > 50 ms | latencies set aside as delayed | load sent of requested | load missed | stream readers dropped | lab CPU (cores) | CPU: stack / bench clients / others (cores) | snapshot KB | snapshots read |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...healthRows,
    '',
    ...wrap(
      'The lab’s health, from its own snapshots: loop delay and tick lag are the median of the readings’ p99 and the ' +
        'largest of their max; stalls (of the lab’s loop), latencies set aside as delayed (timed across a stall of ' +
        'the load’s own loop, kept out of the quantiles), the load’s pace (sent of requested: the rest skipped at its ' +
        'concurrency cap, missed, or behind) and dropped stream readers are counted from the phase’s first reading to ' +
        'its last. CPU is in cores busy on average over the phase: the stack’s processes (the lab among them), the ' +
        'flood and probe clients, and everything else the machine ran meanwhile (its busy time in /proc/stat less ' +
        `those and the bench's own), out of ${os.cpus().length}.`,
    ),
    '',
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------ main

function positiveInt(text: string | undefined, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${flag} must be a positive integer`);
  return value;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '2' },
      'phase-seconds': { type: 'string', default: '30' },
      'flood-rate': { type: 'string', default: '2000' },
      'flood-connections': { type: 'string', default: '64' },
      'closed-connections': { type: 'string', default: '32' },
      'closed-seconds': { type: 'string', default: '20' },
      'port-base': { type: 'string', default: '24000' },
      'probe-rate': { type: 'string', default: '20' },
    },
    strict: true,
  });
  const options: Options = {
    rounds: positiveInt(values.rounds, 'rounds'),
    phaseSeconds: positiveInt(values['phase-seconds'], 'phase-seconds'),
    floodRate: positiveInt(values['flood-rate'], 'flood-rate'),
    floodConnections: positiveInt(values['flood-connections'], 'flood-connections'),
    closedConnections: positiveInt(values['closed-connections'], 'closed-connections'),
    closedSeconds: positiveInt(values['closed-seconds'], 'closed-seconds'),
    portBase: positiveInt(values['port-base'], 'port-base'),
    probeRate: values['probe-rate'] === '0' ? 0 : positiveInt(values['probe-rate'], 'probe-rate'),
  };
  if (options.phaseSeconds <= SETTLE_SECONDS) {
    throw new Error(
      `--phase-seconds must be over ${SETTLE_SECONDS}: the ledger's window takes that long to turn over`,
    );
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = new Date();
  // Another process busy on the same cores moves every figure; the report says how busy the machine was.
  const loadBefore = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const ticks0 = readMachineTicks();
  const ports = movedPorts(options.portBase);
  const labPort = Number(ports.LAB_PORT);
  const webPort = Number(ports.WEB_PORT);
  const labUrl = `http://${HOST}:${labPort}`;

  let stack: MovedStack | null = null;
  const onSignal = (): void => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const phases: PhaseResult[] = [];
  let first: LabSnapshot;
  let web = false;
  try {
    stack = await startMovedStack(options.portBase, { LOAD_RATE: String(LOAD_RATE) }, READY_TIMEOUT_MS);
    const root = stack.child.pid ?? 0;
    const pids = {
      root,
      labUrl,
      labPid: pidOf(root, 'server/lab/main.ts'),
      webPid: pidOf(root, 'server/web/main.ts'),
    };
    web = pids.webPid !== null;
    first = (await readSnapshot(labUrl)).snapshot;
    console.error(`bench: ready; ${stackDescription(first)}; waiting ${WARMUP_SECONDS} s`);
    await sleep(WARMUP_SECONDS * 1000);
    const target = (port: number | string, path: string): string[] => [
      '--host',
      HOST,
      '--port',
      String(port),
      '--path',
      path,
    ];
    const probes: Probe[] =
      options.probeRate === 0
        ? []
        : appLoadUrls(first).map(({ app, url }) => ({
            app,
            args: [
              ...target(url.port, `${url.pathname}${url.search}`),
              ...['--mode', 'paced', '--fresh', '--rate', String(options.probeRate)],
              ...['--connections', String(PROBE_CONNECTIONS)],
            ],
          }));
    const paced = [
      ...target(labPort, '/api/snapshot'),
      ...['--mode', 'paced', '--rate', String(options.floodRate)],
      ...[
        '--connections',
        String(options.floodConnections),
        '--window-ms',
        String(options.phaseSeconds * 1000),
      ],
    ];
    const closedLoop = (port: number, path: string): string[] => [
      ...target(port, path),
      ...['--mode', 'closed', '--connections', String(options.closedConnections)],
      ...['--warmup-ms', String(CLOSED_WARMUP_MS), '--window-ms', String(options.closedSeconds * 1000)],
    ];
    type Spec = Parameters<typeof runPhase>[2];
    const quiet = (label: string, paired: boolean): Spec => ({
      label,
      kind: 'quiet',
      paired,
      target: null,
      seconds: options.phaseSeconds,
    });
    const specs: Spec[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      specs.push(quiet(`quiet ${round}`, true), {
        label: `paced flood ${round}`,
        kind: 'flood',
        paired: true,
        target: 'lab',
        seconds: options.phaseSeconds,
        floodArgs: paced,
      });
    }
    specs.push(quiet(`quiet ${options.rounds + 1}`, true), {
      label: 'closed loop, lab',
      kind: 'closed',
      paired: false,
      target: 'lab',
      seconds: options.closedSeconds,
      floodArgs: closedLoop(labPort, '/api/snapshot'),
    });
    if (web) {
      specs.push({
        label: 'closed loop, web proxy',
        kind: 'closed',
        paired: false,
        target: 'web',
        seconds: options.closedSeconds,
        floodArgs: closedLoop(webPort, '/api/lab/snapshot'),
      });
    }
    specs.push(quiet('quiet after the closed loops', false));
    for (const spec of specs) phases.push(await runPhase(pids, probes, spec));
  } finally {
    await stack?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const ticks1 = readMachineTicks();
  const report = render(phases, {
    started,
    seconds: (performance.now() - t0) / 1000,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? 0,
    stealShare:
      ticks0 && ticks1 && ticks1.total > ticks0.total
        ? (ticks1.steal - ticks0.steal) / (ticks1.total - ticks0.total)
        : null,
    first,
    options,
    web,
  });
  fs.writeFileSync(REPORT, report);
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
