import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startBridge, type Bridge } from '../../server/bridge/bridge';
import { DEFAULT_HELP, loadMappingFile, MappingConfigError } from '../../server/bridge/mapper';
import { parseExposition, type Exposition } from '../../server/lab/exposition-parser';

/**
 * Differential conformance: the same StatsD corpus goes over UDP to the built-in bridge and to the real
 * statsd_exporter 0.30.0, and their /metrics must agree once both have counted every line. Whatever still
 * differs must be a row of the deviations table in README.md ("Built-in bridge vs statsd_exporter"), and
 * every row must still occur, so the table can neither hide a difference nor outlive one.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(ROOT, 'tests/integration/fixtures/conformance');
const EXPORTER = path.join(ROOT, 'tools/bin/statsd_exporter');
const HOST = '127.0.0.1';
const HAVE_EXPORTER = existsSync(EXPORTER);
// Tests are not a Scrape Lab process: CI is the test runner's own switch.
const EXPORTER_REQUIRED = Boolean(process.env.CI);

interface Scenario {
  name: string;
  /** compare: both get the datagrams; config: the bridge must refuse a file the exporter loads. */
  kind: 'compare' | 'config';
  mapping: string;
  datagrams?: string;
  /** For config: what the bridge's refusal must name. */
  refusal?: string;
}

/** What one side ended up with. */
type Outcome =
  | { kind: 'metrics'; exposition: Exposition; text: string }
  | { kind: 'exited'; code: number | null; stderr: string }
  | { kind: 'failed'; status: number; body: string };

/**
 * Metrics dropped before comparing, each for a reason that has nothing to do with StatsD handling.
 * Matched against the family name of each sample.
 */
const DROPPED: Array<[RegExp, string]> = [
  [/^go_/, "the Go runtime's own metrics; the bridge runs on Node"],
  [/^nodejs_/, "Node's own runtime metrics; the exporter runs on Go"],
  [/^process_/, "the process's CPU, memory, file descriptors and start time"],
  [/^promhttp_metric_handler_/, 'how often /metrics was scraped, which this test’s own polling changes'],
  [/^statsd_exporter_build_info$/, 'version, revision and runtime differ between the builds by design'],
];
/** Kept as present or absent, with the value dropped. */
const VALUE_DROPPED: Array<[RegExp, string]> = [
  [
    /^statsd_exporter_event_queue_flushed_total$/,
    'the exporter flushes on a 200 ms timer, so it counts time',
  ],
];

const scenarios = parseYaml(readFileSync(path.join(FIXTURES, 'scenarios.yml'), 'utf8')) as Scenario[];

/** Datagram file: one per line; \n \r \t \\ \xHH escapes; // comments; <empty>; <wait ms> between batches. */
type Step = { datagram: Buffer } | { waitMs: number };

function readDatagrams(file: string): Step[] {
  const steps: Step[] = [];
  for (const line of readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('//')) continue;
    const wait = /^<wait (\d+)>$/.exec(line);
    if (wait) {
      steps.push({ waitMs: Number(wait[1]) });
      continue;
    }
    if (line === '<empty>') {
      steps.push({ datagram: Buffer.alloc(0) });
      continue;
    }
    const parts: Buffer[] = [];
    let consumed = 0;
    for (const piece of line.matchAll(/\\(x[0-9a-fA-F]{2}|[nrt\\])|[^\\]+/g)) {
      consumed += piece[0].length;
      const escape = piece[1];
      if (escape === undefined) parts.push(Buffer.from(piece[0], 'utf8'));
      else if (escape.startsWith('x')) parts.push(Buffer.from([parseInt(escape.slice(1), 16)]));
      else parts.push(Buffer.from({ n: '\n', r: '\r', t: '\t', '\\': '\\' }[escape] ?? ''));
    }
    if (consumed !== line.length) throw new Error(`${file}: a bad escape in ${line}`);
    steps.push({ datagram: Buffer.concat(parts) });
  }
  return steps;
}

function linesIn(steps: Step[]): number {
  let lines = 0;
  for (const step of steps) {
    if ('datagram' in step) lines += step.datagram.filter((b) => b === 0x0a).length + 1;
  }
  return lines;
}

/** A port in 31000-31999 free for both TCP and UDP on 127.0.0.1 right now. */
async function exporterPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 31000 + Math.floor(Math.random() * 1000);
    const tcp = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, HOST, () => server.close(() => resolve(true)));
    });
    const udp = await new Promise<boolean>((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, HOST, () => socket.close(() => resolve(true)));
    });
    if (tcp && udp) return port;
  }
  throw new Error('no free port in 31000-31999');
}

class Exporter {
  readonly child: ChildProcess;
  stderr = '';
  exitCode: number | null | undefined = undefined;

  constructor(
    readonly udpPort: number,
    readonly webPort: number,
    mappingFile: string,
  ) {
    this.child = spawn(
      EXPORTER,
      [
        `--statsd.listen-udp=${HOST}:${udpPort}`,
        '--statsd.listen-tcp=',
        `--web.listen-address=${HOST}:${webPort}`,
        `--statsd.mapping-config=${mappingFile}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.child.on('exit', (code) => {
      this.exitCode = code;
    });
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined) throw new Error(`statsd_exporter exited at start:\n${this.stderr}`);
      try {
        if ((await fetch(`http://${HOST}:${this.webPort}/metrics`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(25);
    }
    throw new Error('statsd_exporter did not start serving /metrics within 10 s');
  }

  async stop(): Promise<void> {
    if (this.exitCode !== undefined) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

async function scrape(webPort: number): Promise<Outcome> {
  const res = await fetch(`http://${HOST}:${webPort}/metrics`);
  const text = await res.text();
  if (res.status !== 200) return { kind: 'failed', status: res.status, body: text };
  return { kind: 'metrics', exposition: parseExposition(text), text };
}

async function exporterOutcome(exporter: Exporter): Promise<Outcome> {
  // A crash is asynchronous to the datagram that caused it; give the process a moment to go.
  await sleep(50);
  if (exporter.exitCode !== undefined)
    return { kind: 'exited', code: exporter.exitCode, stderr: exporter.stderr };
  try {
    return await scrape(exporter.webPort);
  } catch (err) {
    if (exporter.exitCode !== undefined || exporter.child.exitCode !== null) {
      return { kind: 'exited', code: exporter.exitCode ?? null, stderr: exporter.stderr };
    }
    throw err;
  }
}

function total(outcome: Outcome, name: string): number {
  if (outcome.kind !== 'metrics') return Number.NaN;
  return outcome.exposition.samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
}

function familyOf(sample: string, types: Map<string, string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const base = sample.slice(0, -suffix.length);
    const type = types.get(base);
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return sample;
}

/** Identity → canonical value (or type / help text) for everything compared. */
function normalise(exposition: Exposition): Map<string, string> {
  const out = new Map<string, string>();
  const dropped = (family: string): boolean => DROPPED.some(([pattern]) => pattern.test(family));
  for (const [name, type] of exposition.types) if (!dropped(name)) out.set(`# TYPE ${name}`, type);
  for (const [name, help] of exposition.help) {
    // Unmapped metrics carry the exporter's autogenerated help on both sides; nothing to learn from it.
    if (!dropped(name) && help !== DEFAULT_HELP) out.set(`# HELP ${name}`, help);
  }
  for (const sample of exposition.samples) {
    const family = familyOf(sample.name, exposition.types);
    if (dropped(family)) continue;
    const labels = Object.entries(sample.labels)
      .map(([k, v]): [string, string] => [k, k === 'le' || k === 'quantile' ? canonicalNumber(v) : v])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',');
    const identity = `${sample.name}{${labels}}`;
    const estimate = exposition.types.get(family) === 'summary' && sample.name === family;
    const valueDropped = estimate || VALUE_DROPPED.some(([pattern]) => pattern.test(family));
    // Summary quantiles are estimates, approximate by design: compared as present, not by value.
    out.set(identity, valueDropped ? '(any)' : canonicalNumber(String(sample.value)));
  }
  return out;
}

function canonicalNumber(text: string): string {
  const value = Number(text === '+Inf' ? 'Infinity' : text === '-Inf' ? '-Infinity' : text);
  return Number.isNaN(value) ? 'NaN' : String(value);
}

interface Difference {
  scenario: string;
  key: string;
  exporter: string;
  bridge: string;
}

function differences(
  scenario: string,
  exporter: Map<string, string>,
  bridge: Map<string, string>,
): Difference[] {
  const out: Difference[] = [];
  for (const key of new Set([...exporter.keys(), ...bridge.keys()])) {
    const e = exporter.get(key) ?? '(absent)';
    const b = bridge.get(key) ?? '(absent)';
    if (e !== b) out.push({ scenario, key, exporter: e, bridge: b });
  }
  return out;
}

async function sendSteps(steps: Step[], ports: number[]): Promise<void> {
  const socket = dgram.createSocket('udp4');
  let sent = 0;
  for (const step of steps) {
    if ('waitMs' in step) {
      await sleep(step.waitMs);
      continue;
    }
    for (const port of ports) {
      await new Promise<void>((resolve, reject) =>
        socket.send(step.datagram, port, HOST, (err) => (err ? reject(err) : resolve())),
      );
    }
    // Paced so neither side's kernel receive buffer can overflow on loopback.
    if (++sent % 20 === 0) await sleep(5);
  }
  socket.close();
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
    last = await read();
  }
  return last;
}

interface Result {
  scenario: Scenario;
  differences: Difference[];
  bridge: Outcome;
  exporter: Outcome | null;
  linesSent: number;
}

async function runCompare(scenario: Scenario): Promise<Result> {
  const mappingFile = path.join(FIXTURES, scenario.mapping);
  const steps = readDatagrams(scenario.datagrams ?? '');
  const linesSent = linesIn(steps);
  const udpPort = await exporterPort();
  const webPort = await exporterPort();
  const exporter = new Exporter(udpPort, webPort, mappingFile);
  let bridge: Bridge | null = null;
  try {
    await exporter.ready();
    bridge = await startBridge({ host: HOST, udpPort: 0, webPort: 0, mappingFile, warn: () => undefined });
    await sendSteps(steps, [udpPort, bridge.udpPort]);
    const bridgePort = bridge.webPort;
    const bridgeDone = await until(
      `${scenario.name}: the bridge to count ${linesSent} lines`,
      () => scrape(bridgePort),
      (o) => total(o, 'statsd_exporter_lines_total') === linesSent,
    );
    let exporterNow = await until(
      `${scenario.name}: statsd_exporter to count ${linesSent} lines`,
      () => exporterOutcome(exporter),
      (o) => o.kind !== 'metrics' || total(o, 'statsd_exporter_lines_total') === linesSent,
    );
    // The exporter applies events after counting their lines (a 200 ms flush); wait until it holds still.
    let previous: Map<string, string> | null = null;
    while (exporterNow.kind === 'metrics') {
      const current = normalise(exporterNow.exposition);
      if (previous !== null && differences('', previous, current).length === 0) break;
      previous = current;
      await sleep(300);
      exporterNow = await exporterOutcome(exporter);
    }
    if (exporterNow.kind !== 'metrics' || previous === null) {
      const key =
        exporterNow.kind === 'exited'
          ? `scenario ${scenario.name}: statsd_exporter exits`
          : `scenario ${scenario.name}: statsd_exporter's /metrics fails`;
      const detail =
        exporterNow.kind === 'exited'
          ? firstLine(exporterNow.stderr, 'panic')
          : exporterNow.kind === 'failed'
            ? (exporterNow.body.trim().split('\n').pop() ?? '')
            : '';
      return {
        scenario,
        differences: [{ scenario: scenario.name, key, exporter: detail, bridge: 'serves /metrics' }],
        bridge: bridgeDone,
        exporter: exporterNow,
        linesSent,
      };
    }
    const bridgeFinal = await scrape(bridgePort);
    if (bridgeFinal.kind !== 'metrics') throw new Error(`${scenario.name}: the bridge's /metrics failed`);
    return {
      scenario,
      differences: differences(scenario.name, previous, normalise(bridgeFinal.exposition)),
      bridge: bridgeFinal,
      exporter: exporterNow,
      linesSent,
    };
  } finally {
    await bridge?.close();
    await exporter.stop();
  }
}

function firstLine(text: string, marker: string): string {
  return text.split('\n').find((line) => line.includes(marker)) ?? text.split('\n')[0] ?? '';
}

async function runConfig(scenario: Scenario): Promise<Result> {
  const mappingFile = path.join(FIXTURES, scenario.mapping);
  const check = spawnSync(EXPORTER, ['--check-config', `--statsd.mapping-config=${mappingFile}`], {
    encoding: 'utf8',
  });
  let refused = '';
  try {
    await loadMappingFile(mappingFile);
  } catch (err) {
    if (!(err instanceof MappingConfigError)) throw err;
    refused = err.message;
  }
  const differences: Difference[] = [];
  if (check.status === 0 && refused !== '') {
    differences.push({
      scenario: scenario.name,
      key: `scenario ${scenario.name}: the bridge refuses a mapping file statsd_exporter loads`,
      exporter: 'loads it',
      bridge: refused,
    });
  } else if (check.status !== 0 || refused === '') {
    differences.push({
      scenario: scenario.name,
      key: `scenario ${scenario.name}: unexpected (exporter exit ${check.status}, bridge ${refused ? 'refused' : 'loaded'})`,
      exporter: check.stderr,
      bridge: refused,
    });
  }
  return {
    scenario,
    differences,
    bridge: { kind: 'failed', status: 0, body: refused },
    exporter: null,
    linesSent: 0,
  };
}

/** The deviations table: each row's first cell is one code span, a pattern where `*` matches anything. */
function deviationRows(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Built-in bridge vs statsd_exporter\n');
  if (start < 0) throw new Error('README.md has no "## Built-in bridge vs statsd_exporter" section');
  const rest = readme.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  const rows: string[] = [];
  for (const line of section.split('\n')) {
    const cell = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (cell?.[1]) rows.push(cell[1]);
  }
  return rows;
}

function matches(pattern: string, key: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(key);
}

const describeWithExporter = HAVE_EXPORTER || EXPORTER_REQUIRED ? describe : describe.skip;
if (!HAVE_EXPORTER && !EXPORTER_REQUIRED) {
  console.warn(
    `skipping the statsd_exporter conformance test: no ${EXPORTER}; bash tools/install.sh builds it`,
  );
}

describeWithExporter('the built-in bridge against statsd_exporter 0.30.0', () => {
  const results: Result[] = [];

  beforeAll(async () => {
    if (!HAVE_EXPORTER) throw new Error(`no ${EXPORTER} and CI is set: bash tools/install.sh builds it`);
    for (const scenario of scenarios) {
      results.push(scenario.kind === 'config' ? await runConfig(scenario) : await runCompare(scenario));
    }
  }, 300_000);

  afterAll(() => {
    const all = results.flatMap((r) => r.differences);
    if (all.length > 0) {
      console.info(
        `${all.length} differences:\n${all.map((d) => `  [${d.scenario}] ${d.key}: exporter ${d.exporter} | bridge ${d.bridge}`).join('\n')}`,
      );
    }
  });

  it('runs every scenario in the corpus', () => {
    expect(results.map((r) => r.scenario.name)).toEqual(scenarios.map((s) => s.name));
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it('keeps serving valid /metrics on the bridge, every line counted', () => {
    for (const result of results) {
      if (result.scenario.kind !== 'compare') continue;
      expect([result.scenario.name, result.bridge.kind]).toEqual([result.scenario.name, 'metrics']);
      expect([result.scenario.name, total(result.bridge, 'statsd_exporter_lines_total')]).toEqual([
        result.scenario.name,
        result.linesSent,
      ]);
    }
  });

  it('differs from statsd_exporter only where the README deviations table says', () => {
    const rows = deviationRows();
    const unlisted = results
      .flatMap((r) => r.differences)
      .filter((d) => !rows.some((row) => matches(row, d.key)))
      .map((d) => `[${d.scenario}] ${d.key}: exporter ${d.exporter} | bridge ${d.bridge}`);
    expect(unlisted).toEqual([]);
  });

  it('lists no deviation in the README that no longer occurs', () => {
    const keys = results.flatMap((r) => r.differences.map((d) => d.key));
    const stale = deviationRows().filter((row) => !keys.some((key) => matches(row, key)));
    expect(stale).toEqual([]);
  });

  it('refuses each mapping file it cannot follow by naming the field', () => {
    for (const result of results) {
      if (result.scenario.kind !== 'config') continue;
      expect([result.scenario.name, result.bridge.kind === 'failed' ? result.bridge.body : '']).toEqual([
        result.scenario.name,
        expect.stringContaining(result.scenario.refusal ?? '(no refusal given)'),
      ]);
    }
  });
});
