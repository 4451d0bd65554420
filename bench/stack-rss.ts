import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../server/config/project-root';
import { requestJson } from '../server/lab/http-json';
import type { LabSnapshot } from '../server/lab/types';
import { bundleNodeEntries } from '../server/supervisor/bundle';
import { nodeArgs } from '../server/supervisor/node-entries';
import { movedPorts } from './moved-stack';
import { readMachineTicks } from './proc-cpu';
import { processTreeRss, type TreeRss } from './process-tree-rss';
import {
  commandLabel,
  leastSquaresSlope,
  trackProcesses,
  windowSlope,
  type ProcessSeries,
  type RssSample,
} from './rss-slope';
import { wrap } from './wrap';

/**
 * What a whole stack holds in memory, and how that changes: starts a supervisor with every port moved into
 * a block of its own (a stack on the default ports keeps running), samples the RSS of its process tree
 * (bench/process-tree-rss.ts) when it is ready and every `--every` seconds for `--seconds` or `--minutes`,
 * and stops it. It lists each process's RSS at the start and the end and, over the minutes from
 * `--slope-from` to `--slope-to`, its growth in MB per minute (a least-squares line); a process is known by
 * its command line and its ancestors', so a restarted one continues its predecessor's series and is noted.
 * `--report` writes bench/stack-rss-report.md. The command is npm start's bundled supervisor unless given
 * after `--`; everything else (PYTHON_DEMOS, PROMETHEUS_MODE, BRIDGE …) comes from the environment, and
 * LOAD_RATE is 50 unless set there.
 *
 *   node --import tsx bench/stack-rss.ts [--minutes 30 | --seconds 60] [--every 10] [--slope-from 10]
 *     [--slope-to 30] [--port-base 23000] [--report] [--json] [-- <command>]
 */

const USAGE =
  'usage: bench/stack-rss.ts [--minutes M | --seconds 60] [--every 10] [--slope-from 10] [--slope-to 30] ' +
  '[--port-base 23000] [--report] [--json] [-- <command…>]';
const REPORT = 'bench/stack-rss-report.md';
const READY_LINE = 'Scrape Lab is ready';
const READY_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** The issue's load for this figure, per app, unless the environment sets another. */
const DEFAULT_LOAD_RATE = '50';
/** The issue's targets: RSS at the start, and growth per process between minute 10 and minute 30. */
const TARGET_START_MB = 600;
const TARGET_SLOPE_MB_PER_MIN = 1;
const TARGET_WINDOW_MINUTES = [10, 30] as const;
const MB = 1024 * 1024;

interface Options {
  seconds: number;
  everySeconds: number;
  slopeFromSeconds: number;
  slopeToSeconds: number;
  base: number;
  report: boolean;
  json: boolean;
  command: string[];
}

function parseOptions(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '60' },
      minutes: { type: 'string' },
      every: { type: 'string', default: '10' },
      'slope-from': { type: 'string', default: '10' },
      'slope-to': { type: 'string', default: '30' },
      'port-base': { type: 'string', default: '23000' },
      report: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = values.minutes === undefined ? Number(values.seconds) : Number(values.minutes) * 60;
  const options: Options = {
    seconds,
    everySeconds: Number(values.every),
    slopeFromSeconds: Number(values['slope-from']) * 60,
    slopeToSeconds: Number(values['slope-to']) * 60,
    base: Number(values['port-base']),
    report: values.report,
    json: values.json,
    command: positionals,
  };
  if (
    !(options.seconds >= 0) ||
    !(options.everySeconds > 0) ||
    !(options.slopeFromSeconds >= 0 && options.slopeToSeconds > options.slopeFromSeconds) ||
    !Number.isInteger(options.base) ||
    options.base < 1024 ||
    options.base > 65_000
  ) {
    throw new Error(`bad --minutes, --seconds, --every, --slope-from/--slope-to or --port-base\n${USAGE}`);
  }
  return options;
}

const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
const minutes = (seconds: number): string => String(Number((seconds / 60).toFixed(1)));
const isNode = (command: readonly string[]): boolean => command[0] === process.execPath;
const label = (s: ProcessSeries): string =>
  `${'↳ '.repeat(s.role.length - 1)}${commandLabel(s.role.at(-1) ?? [], process.execPath, PROJECT_ROOT)}` +
  (s.slots > 1 ? ` #${s.slot}` : '');

/** A line of the supervisor's about a child that exited or was restarted, `tSeconds` after ready. */
interface SupervisorEvent {
  tSeconds: number;
  line: string;
}

/** The supervisor's words for a child that went away (server/supervisor/supervisor.ts). */
const SUPERVISOR_EVENT = /^supervisor\s*\| .*(exited \(|restarting |could not start)/;

interface Summary {
  samples: RssSample[];
  series: ProcessSeries[];
  lab: LabSnapshot | null;
  events: SupervisorEvent[];
}

/** The final tree, as the bench has always printed it: RSS, pid and command of every process. */
function formatTree(tree: TreeRss): string {
  const rows = tree.processes.map(
    (p) =>
      `${mb(p.rssBytes).padStart(9)}  ${String(p.pid).padStart(7)}  ${commandLabel(p.command, process.execPath, PROJECT_ROOT, 140)}`,
  );
  return [
    ...rows,
    `${mb(tree.totalRssBytes).padStart(9)}  total over ${tree.processes.length} processes`,
  ].join('\n');
}

function total(sample: RssSample, which: (command: readonly string[]) => boolean = () => true): number {
  return sample.processes.reduce((sum, p) => sum + (which(p.command) ? p.rssBytes : 0), 0);
}

/** The tree's PSS: shared pages (the node binary in every Node process) counted once, split among them. */
function totalPss(sample: RssSample): number {
  return sample.processes.reduce((sum, p) => sum + (p.pssBytes ?? 0), 0);
}

/** The figures over the run, per process and for the whole tree. */
function figures(summary: Summary, options: Options) {
  const { samples, series } = summary;
  const from = options.slopeFromSeconds;
  const lastAt = samples.at(-1)?.tSeconds ?? 0;
  // A sample is read a few ms after its schedule: one within half an interval of an end is at that end.
  const slack = options.everySeconds / 2;
  const covered = lastAt >= options.slopeToSeconds - slack;
  const to = covered ? options.slopeToSeconds : lastAt;
  const rows = series.map((s) => ({
    series: s,
    start: s.points[0] && s.points[0].tSeconds === samples[0]?.tSeconds ? s.points[0].rssBytes : null,
    end: s.points.at(-1)?.rssBytes ?? 0,
    endAt: s.points.at(-1)?.tSeconds ?? 0,
    max: Math.max(...s.points.map((p) => p.rssBytes)),
    slope: windowSlope(s, from - slack, to + slack),
  }));
  const totalSlope = leastSquaresSlope(
    samples
      .filter((s) => s.tSeconds >= from - slack && s.tSeconds <= to + slack)
      .map((s) => ({ x: s.tSeconds / 60, y: total(s) / MB })),
  );
  return { rows, from, to, covered, totalSlope };
}

function formatText(summary: Summary, options: Options): string {
  const { rows, from, to, totalSlope } = figures(summary, options);
  const first = summary.samples[0];
  const last = summary.samples.at(-1);
  const slopeText = (v: number | null): string => (v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
  const lines = rows.map(
    (r) =>
      `${(r.start === null ? '–' : mb(r.start)).padStart(9)}  ${mb(r.end).padStart(9)}  ${slopeText(r.slope.mbPerMinute).padStart(7)}  ` +
      `${r.series.pids.join('→').padStart(7)}  ${label(r.series)}`,
  );
  return [
    `  at start     at end  MB/min  pid      process   (slope over ${minutes(from)}–${minutes(to)} min)`,
    ...lines,
    `${(first ? mb(total(first)) : '–').padStart(9)}  ${(last ? mb(total(last)) : '–').padStart(9)}  ${slopeText(totalSlope).padStart(7)}           total`,
    ...summary.events.map((e) => `${minutes(e.tSeconds).padStart(6)} min  ${e.line}`),
  ].join('\n');
}

function renderReport(
  summary: Summary,
  options: Options,
  ctx: { started: Date; seconds: number; loadBefore: number; loadAfter: number; stealShare: number | null },
): string {
  const { rows, from, to, covered, totalSlope } = figures(summary, options);
  const { samples, lab } = summary;
  const first = samples[0];
  const last = samples.at(-1);
  const cpus = os.cpus();
  const startTotal = first ? total(first) : null;
  const startNode = first ? total(first, isNode) : null;
  const measured = rows.filter((r) => r.slope.mbPerMinute !== null);
  const growing = measured.filter((r) => (r.slope.mbPerMinute ?? 0) >= TARGET_SLOPE_MB_PER_MIN);
  const startMet = startTotal !== null && startTotal <= TARGET_START_MB * MB;
  const slopeMet = covered && measured.length > 0 && growing.length === 0;
  const window = `minute ${minutes(from)} to minute ${minutes(to)}`;
  const env = (name: string, fallback: string): string => `${name}=${process.env[name] ?? fallback}`;
  const stack = lab
    ? `${lab.routes.length} routes (${lab.routes.map((r) => r.spec.id).join(', ')}) on ` +
      `${plural(new Set(lab.routes.map((r) => r.spec.appId)).size, 'app')}, ${lab.settings.workers} workers each, the load ` +
      `at ${lab.settings.ratePerSecond} req/s per app (${lab.load.apps * lab.settings.ratePerSecond} req/s in all)`
    : 'a stack whose lab did not answer';
  const verdictStart =
    startTotal === null
      ? 'RSS at start: not measured.'
      : `RSS at start (when the supervisor said it was ready): ${mb(startTotal)} over ${first?.processes.length ?? 0} processes (${mb(startNode ?? 0)} of it in the Node processes), ${startMet ? 'WITHIN' : 'OVER'} the ${TARGET_START_MB} MB target. Its PSS, each shared page counted once across the processes that map it (what the stack really holds), was ${mb(first ? totalPss(first) : 0)}.`;
  // The target is over minute 10 to minute 30; a shorter or moved window measures, but does not judge it.
  const judged = covered && from === TARGET_WINDOW_MINUTES[0] * 60 && to === TARGET_WINDOW_MINUTES[1] * 60;
  const targetWindow = `minute ${TARGET_WINDOW_MINUTES[0]} to minute ${TARGET_WINDOW_MINUTES[1]}`;
  const verdictSlope =
    measured.length === 0
      ? `Growth over ${window}: not measured (fewer than two samples of any process).`
      : growing.length === 0
        ? `Growth over ${window}: every process grew under ${TARGET_SLOPE_MB_PER_MIN} MB/min (the most: ${maxSlopeText(measured)}).`
        : `Growth over ${window}: ${growing.length} of ${measured.length} processes grew ${TARGET_SLOPE_MB_PER_MIN} MB/min or more: ${growing.map((r) => `${label(r.series).replace(/^(↳ )+/, '')} ${fixedSlope(r.slope.mbPerMinute)}`).join('; ')}.`;
  const headline = !judged
    ? `Target not judged by this run: its growth window was ${window}, not the target's ${targetWindow}` +
      `${covered ? '' : ` (the run lasted ${(options.seconds / 60).toFixed(1)} min)`}. RSS at start was ` +
      `${startMet ? 'within' : 'OVER'} the ${TARGET_START_MB} MB target.`
    : startMet && slopeMet
      ? `Target met: at most ${TARGET_START_MB} MB at start and under ${TARGET_SLOPE_MB_PER_MIN} MB/min per process over ${targetWindow}.`
      : `Target NOT met: ${[
          startMet ? null : `RSS at start over ${TARGET_START_MB} MB`,
          slopeMet ? null : `growth of ${TARGET_SLOPE_MB_PER_MIN} MB/min or more`,
        ]
          .filter(Boolean)
          .join(' and ')}.`;
  const restarts = rows.filter((r) => r.series.pids.length > 1);
  const step = Math.max(60, Math.ceil(options.seconds / 30 / 60) * 60);
  const overTime: string[] = [];
  for (let t = 0; t <= (last?.tSeconds ?? 0) + 1; t += step) {
    const nearest = samples.reduce((best, s) =>
      Math.abs(s.tSeconds - t) < Math.abs(best.tSeconds - t) ? s : best,
    );
    overTime.push(
      `| ${(nearest.tSeconds / 60).toFixed(1)} | ${mb(total(nearest))} | ${mb(total(nearest, isNode))} | ${mb(totalPss(nearest))} | ${nearest.processes.length} |`,
    );
  }
  const processRows = rows.map(
    (r) =>
      `| ${label(r.series).replace(/\|/g, '\\|')} | ${r.series.pids.join(' → ')} | ${r.start === null ? `– (from ${(r.series.points[0]!.tSeconds / 60).toFixed(1)} min)` : mb(r.start)} | ` +
      `${mb(r.end)}${r.endAt < (last?.tSeconds ?? 0) ? ` (gone at ${(r.endAt / 60).toFixed(1)} min)` : ''} | ${mb(r.max)} | ` +
      `${fixedSlope(r.slope.mbPerMinute)}${r.slope.restarted ? ' (restarted in the window: the last process only)' : ''} | ${r.slope.points} |`,
  );
  return [
    '# Whole-stack RSS over time',
    '',
    ...wrap(
      `Measured ${ctx.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus.length} CPUs ` +
        `(${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 1024 ** 3)} GB of memory, ` +
        `${process.platform}, Node ${process.version}; one-minute load average ${ctx.loadBefore.toFixed(2)} just ` +
        `before the run and ${ctx.loadAfter.toFixed(2)} at its end` +
        (ctx.stealShare === null
          ? ''
          : `, CPU steal (time the hypervisor gave to others) ${(ctx.stealShare * 100).toFixed(1)} % of the run`) +
        `; the run took ${ctx.seconds.toFixed(0)} s.`,
    ),
    '',
    ...wrap(
      `The stack is ${options.command.length === 0 ? "npm start's bundled supervisor" : `\`${options.command.join(' ')}\``} with every port moved into a block from ${options.base} ` +
        `(${env('PYTHON_DEMOS', 'auto')}, ${env('PROMETHEUS_MODE', 'auto')}, ${env('BRIDGE', 'auto')}, ` +
        `${env('LOAD_RATE', DEFAULT_LOAD_RATE)}); it ran ${stack}. From the moment it said it was ready, ` +
        `bench/stack-rss.ts read the resident memory (VmRSS) of every process under the supervisor (by parent pid from ` +
        `/proc, so children in process groups and sessions of their own count) every ${options.everySeconds} s for ` +
        `${(options.seconds / 60).toFixed(1)} min: ${samples.length} samples. Shared pages (the node binary, ` +
        'libraries) count in every process that maps them, as RSS does. A process is known by its command line and ' +
        'its ancestors’, so a restarted one continues the row of the one it replaced (its pids are listed in turn) ' +
        `and processes with the same command line under the same parent are numbered by first appearance. Growth is ` +
        `the slope of a least-squares line through a process's samples from ${window}, in MB (2^20 bytes) per minute.`,
    ),
    '',
    ...wrap(headline),
    '',
    ...wrap(verdictStart),
    '',
    ...wrap(verdictSlope),
    '',
    ...wrap(
      `The whole tree grew ${fixedSlope(totalSlope)} over ${window}` +
        (restarts.length > 0
          ? `; restarted during the run: ${restarts.map((r) => label(r.series).replace(/^(↳ )+/, '')).join('; ')}.`
          : '; no process was restarted during the run.'),
    ),
    '',
    ...(summary.events.length > 0
      ? [
          ...wrap(
            'What the supervisor said about its children after ready: ' +
              summary.events
                .map((e) => `at ${minutes(e.tSeconds)} min “${e.line.replace(/^supervisor\s*\|\s*/, '')}”`)
                .join('; ') +
              '.',
          ),
          '',
        ]
      : []),
    '| minute | total RSS | Node processes | total PSS | processes |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...overTime,
    '',
    `| process | pid | RSS at start | at the end | max | MB/min, ${window} | samples in the window |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...processRows,
    '',
  ].join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fixedSlope(v: number | null): string {
  return v === null ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)} MB/min`;
}

function maxSlopeText(rows: { series: ProcessSeries; slope: { mbPerMinute: number | null } }[]): string {
  const top = rows.reduce((a, b) =>
    (b.slope.mbPerMinute ?? -Infinity) > (a.slope.mbPerMinute ?? -Infinity) ? b : a,
  );
  return `${label(top.series).replace(/^(↳ )+/, '')} ${fixedSlope(top.slope.mbPerMinute)}`;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = new Date();
  const loadBefore = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const ticks0 = readMachineTicks();
  let command = options.command;
  if (command.length === 0) {
    await bundleNodeEntries();
    command = [process.execPath, ...nodeArgs('server/supervisor/main.ts', [], false)];
  }
  const ports = movedPorts(options.base);
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    env: { LOAD_RATE: DEFAULT_LOAD_RATE, ...process.env, ...ports },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let readyAt: number | null = null;
  const events: SupervisorEvent[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready within 10 min:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    const watch = (line: string) => {
      if (readyAt !== null) {
        if (SUPERVISOR_EVENT.test(line))
          events.push({ tSeconds: (performance.now() - readyAt) / 1000, line });
        return;
      }
      output += `${line}\n`;
      if (line.includes(READY_LINE)) {
        readyAt = performance.now();
        clearTimeout(timer);
        resolve();
      }
    };
    createInterface({ input: child.stdout }).on('line', watch);
    createInterface({ input: child.stderr }).on('line', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
    if (!stopped) child.kill('SIGKILL');
  };
  const onSignal = (): void => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const samples: RssSample[] = [];
  let lab: LabSnapshot | null = null;
  let finalTree: TreeRss | null = null;
  try {
    await ready;
    const from = readyAt ?? performance.now();
    const sample = (): void => {
      finalTree = processTreeRss(child.pid!);
      samples.push({ tSeconds: (performance.now() - from) / 1000, processes: finalTree.processes });
    };
    sample();
    lab = await requestJson<LabSnapshot>(`http://127.0.0.1:${ports.LAB_PORT}/api/snapshot`).catch(() => null);
    // Samples on a fixed schedule from ready, so a slow read never shifts the ones after it.
    for (let k = 1; k * options.everySeconds <= options.seconds; k += 1) {
      await sleep(Math.max(0, from + k * options.everySeconds * 1000 - performance.now()));
      sample();
      if (k % Math.max(1, Math.round(60 / options.everySeconds)) === 0) {
        console.error(
          `stack-rss: ${((performance.now() - from) / 60_000).toFixed(1)} min, ${mb(total(samples.at(-1)!))}`,
        );
      }
    }
    if (samples.at(-1)!.tSeconds < options.seconds - 0.5) {
      await sleep(Math.max(0, from + options.seconds * 1000 - performance.now()));
      sample();
    }
  } finally {
    await stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const summary: Summary = { samples, series: trackProcesses(samples), lab, events };
  if (options.json) {
    console.log(JSON.stringify({ ...figures(summary, options), samples, final: finalTree }));
  } else {
    if (finalTree) console.log(formatTree(finalTree));
    console.log('');
    console.log(formatText(summary, options));
  }
  if (options.report) {
    const ticks1 = readMachineTicks();
    fs.writeFileSync(
      REPORT,
      renderReport(summary, options, {
        started,
        seconds: (performance.now() - t0) / 1000,
        loadBefore,
        loadAfter: os.loadavg()[0] ?? 0,
        stealShare:
          ticks0 && ticks1 && ticks1.total > ticks0.total
            ? (ticks1.steal - ticks0.steal) / (ticks1.total - ticks0.total)
            : null,
      }),
    );
    // Keep the written report in the project's Markdown style, as `npm run lint` checks it.
    spawnSync(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--write', REPORT], {
      stdio: 'ignore',
    });
    console.error(`stack-rss: wrote ${REPORT}`);
  }
}

main().catch((err: unknown) => {
  console.error(`stack-rss: ${(err as Error).message}`);
  process.exit(1);
});
