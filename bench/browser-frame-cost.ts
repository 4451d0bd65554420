import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import {
  LONG_TASK_MS,
  PHASES,
  spread,
  updateCosts,
  type Phase,
  type Spread,
  type TraceEvent,
  workerCpuPerUpdate,
} from './frame-cost';
import { movedPorts, startMovedStack } from './moved-stack';
import { processTreeRss } from './process-tree-rss';
import { readMachineTicks } from './proc-cpu';
import { wrap } from './wrap';
import { CHROMIUM_LAUNCH } from '../tests/chromium-launch';

/**
 * What one stream update costs the page's main thread, on the dashboard (`/`) and the scoreboard
 * (`/scoreboard`) with every route: a whole stack on ports of its own, the system Chromium headless at
 * 1280×720 through Playwright, a Chrome trace of each page once the lab's history has filled, cut into
 * updates at each snapshot's arrival (bench/frame-cost.ts), and the page's own Long Tasks observer.
 * `npm run bench` runs it; it writes bench/browser-frame-cost-report.md.
 *
 *   node --import tsx bench/browser-frame-cost.ts [--seconds 30] [--fill-seconds 120] [--port-base 26000]
 *     [--baseline bench/browser-frame-cost-baseline.json] [--write-baseline] [--trace-dir <dir>]
 *     [--pages dashboard,scoreboard]
 *
 * --trace-dir keeps each page's trace (with V8's CPU samples, which cost the page more) for DevTools.
 *
 * PYTHON_DEMOS (on when .venv-demos exists, else off), PROMETHEUS_MODE, BRIDGE … come from the environment.
 */

const REPORT = 'bench/browser-frame-cost-report.md';
const DEFAULT_BASELINE = 'bench/browser-frame-cost-baseline.json';
const MARK = 'scrape-lab:snapshot';
const VIEWPORT = { width: 1280, height: 720 };
const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
];
/** A `next build` on a busy two-core machine takes minutes; the stack is ready after it. */
const READY_TIMEOUT_MS = 8 * 60_000;
const FIRST_SNAPSHOT_TIMEOUT_MS = 60_000;
/** Fonts in, the charts measured, the JIT warm: the first seconds of a page are not its steady state. */
const SETTLE_MS = 10_000;
/** The target of issue 13, per stream update. */
const TARGET_MS = 4;

const PAGES = [
  { key: 'dashboard', path: '/', title: 'dashboard (`/`)' },
  { key: 'scoreboard', path: '/scoreboard', title: 'scoreboard (`/scoreboard`)' },
] as const;

interface PageResult {
  key: string;
  title: string;
  routes: number;
  updates: number;
  /** All main-thread work per update, ms. */
  total: Spread | null;
  /** The CPU time the main thread got in it: the work itself, without waits for a busy core. */
  cpu: Spread | null;
  /** Median self time per phase, ms. */
  phases: Record<Phase, number>;
  /** The CPU time of the page's stream worker per update, ms, on the browser's core too (absent in old runs). */
  workerCpuMs?: number | null;
  longestTaskMs: number;
  /** Tasks over 50 ms in the trace, and what the page's own Long Tasks observer saw in the same window. */
  traceLongTasks: number;
  observedLongTasks: number;
  /** Performance.getMetrics over the window, divided by the snapshots that arrived in it: a cross-check. */
  metricsPerUpdate: { task: number; script: number; layout: number; style: number } | null;
  /** The lab's snapshot as the stream sends it, and what the page's main thread received per update. */
  snapshotChars: number;
  receivedChars: number;
}

interface RunResult {
  measuredAt: string;
  commit: string;
  cpus: string;
  /** taskset's CPU lists for the stack and the browser; null when nothing was pinned. */
  pinned?: { stack: string; browser: string } | null;
  chromium: string;
  react: string;
  recharts: string;
  pythonDemos: string;
  seconds: number;
  fillSeconds: number;
  loadBefore: number;
  loadAfter: number;
  stealShare: number | null;
  pages: PageResult[];
}

/**
 * Installed before the page's own scripts: marks each update as it reaches the main thread, and keeps long
 * tasks. An update arrives as a snapshot event of an EventSource on the page, or as the view message of the
 * page's stream worker (components/lab/lab-view-worker.ts), whichever the page reads. Plain JavaScript in a
 * string: a function would be sent as tsx compiled it, with helpers the page does not have.
 */
const INSTRUMENT_PAGE = `(() => {
  const probe = { updates: 0, last: null, longTasks: [] };
  window.__frameCost = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const arrived = (data) => {
    performance.mark(${JSON.stringify(MARK)});
    probe.updates += 1;
    probe.last = data;
  };
  // Registered before the page's own listeners, so each mark sits at the start of its update's first task.
  const NativeEventSource = window.EventSource;
  window.EventSource = class extends NativeEventSource {
    constructor(url, init) {
      super(url, init);
      this.addEventListener('snapshot', (event) => arrived(event.data));
    }
  };
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener('message', (event) => {
        if (event.data && event.data.type === 'view') arrived(event.data);
      });
    }
  };
})();`;

interface Probe {
  updates: number;
  now: number;
  longTasks: [number, number][];
}

const readProbe = (page: Page): Promise<Probe> =>
  page.evaluate(() => {
    const { updates, longTasks } = (window as unknown as { __frameCost: Omit<Probe, 'now'> }).__frameCost;
    return { updates, longTasks, now: performance.now() };
  });

/** What the main thread received for the last update, as JSON characters (a snapshot event's text as it is). */
const lastUpdateChars = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const { last } = (window as unknown as { __frameCost: { last: unknown } }).__frameCost;
    return typeof last === 'string' ? last.length : JSON.stringify(last).length;
  });

async function measurePage(
  browser: Browser,
  origin: string,
  spec: (typeof PAGES)[number],
  seconds: number,
  traceDir: string | undefined,
  pin: () => void,
): Promise<PageResult> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    // The page's renderer is a new process.
    pin();
    await page.addInitScript({ content: INSTRUMENT_PAGE });
    await page.goto(`${origin}${spec.path}`);
    await page.waitForFunction(
      () => (window as unknown as { __frameCost: Probe }).__frameCost.updates > 0,
      undefined,
      { timeout: FIRST_SNAPSHOT_TIMEOUT_MS },
    );
    await sleep(SETTLE_MS);
    const { routes, snapshotChars } = await page.evaluate(async () => {
      const text = await (await fetch('/api/lab/snapshot', { cache: 'no-store' })).text();
      return {
        routes: (JSON.parse(text) as { routes: unknown[] }).routes.length,
        snapshotChars: text.length,
      };
    });

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      traceConfig: {
        includedCategories: traceDir
          ? [...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler']
          : TRACE_CATEGORIES,
      },
      transferMode: 'ReportEvents',
    });
    const before = await readProbe(page);
    const metricsBefore = await cdp.send('Performance.getMetrics');
    await sleep(seconds * 1000);
    const after = await readProbe(page);
    const metricsAfter = await cdp.send('Performance.getMetrics');
    await cdp.send('Tracing.end');
    await traced;
    await cdp.detach();
    if (traceDir) {
      fs.mkdirSync(traceDir, { recursive: true });
      fs.writeFileSync(`${traceDir}/${spec.key}.json`, JSON.stringify({ traceEvents: events }));
    }

    const costs = updateCosts(events, MARK);
    const metric = (name: string): number => {
      const value = (m: typeof metricsAfter) => m.metrics.find((x) => x.name === name)?.value ?? 0;
      return value(metricsAfter) - value(metricsBefore);
    };
    const arrived = after.updates - before.updates;
    const perUpdate = (name: string) => (metric(name) * 1000) / arrived;
    const phaseMedian = (p: Phase) => spread(costs.map((c) => c.byPhase[p]))?.median ?? 0;
    return {
      key: spec.key,
      title: spec.title,
      routes,
      updates: costs.length,
      total: spread(costs.map((c) => c.totalMs)),
      cpu: spread(costs.map((c) => c.cpuMs)),
      phases: Object.fromEntries(PHASES.map((p) => [p, phaseMedian(p)])) as Record<Phase, number>,
      workerCpuMs: workerCpuPerUpdate(events, MARK),
      longestTaskMs: Math.max(0, ...costs.map((c) => c.longestTaskMs)),
      traceLongTasks: costs.reduce((n, c) => n + (c.longestTaskMs > LONG_TASK_MS ? 1 : 0), 0),
      observedLongTasks: after.longTasks.filter(([start]) => start >= before.now && start < after.now).length,
      metricsPerUpdate:
        arrived > 0
          ? {
              task: perUpdate('TaskDuration'),
              script: perUpdate('ScriptDuration'),
              layout: perUpdate('LayoutDuration'),
              style: perUpdate('RecalcStyleDuration'),
            }
          : null,
      snapshotChars,
      receivedChars: await lastUpdateChars(page),
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------- report

const ms = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));
const kb = (chars: number) => `${(chars / 1024).toFixed(chars < 10_240 ? 1 : 0)} KB`;

function verdict(p: PageResult, before: PageResult | undefined): { met: boolean; text: string } {
  if (!p.total) return { met: false, text: `${p.title}: NOT MEASURED (no whole update in the trace).` };
  const longTasks = Math.max(p.traceLongTasks, p.observedLongTasks);
  const met = p.total.p95 <= TARGET_MS && longTasks === 0;
  const tasks = (n: number) => (n === 0 ? 'no long task' : `${n} long task${n === 1 ? '' : 's'}`);
  const was =
    before?.total && before.cpu
      ? `; before: ${ms(before.total.median)} ms median (CPU ${ms(before.cpu.median)} ms), ` +
        tasks(Math.max(before.traceLongTasks, before.observedLongTasks))
      : '';
  return {
    met,
    text:
      `${p.title}: ${met ? 'MET' : 'NOT MET'}, ${ms(p.total.median)} ms median and ${ms(p.total.p95)} ms p95 of ` +
      `main-thread time per update over ${p.updates} updates (the slowest ${ms(p.total.max)} ms; CPU time ` +
      `${ms(p.cpu?.median)} ms median), ${tasks(longTasks)}${was}.`,
  };
}

function pageRow(label: string, p: PageResult): string {
  const m = p.metricsPerUpdate;
  return [
    label,
    p.routes,
    p.updates,
    ms(p.total?.median),
    ms(p.total?.p95),
    ms(p.total?.max),
    `${ms(p.cpu?.median)} / ${ms(p.cpu?.p95)}`,
    ...PHASES.map((phase) => ms(p.phases[phase])),
    ms(p.workerCpuMs ?? undefined),
    ms(p.longestTaskMs),
    `${p.traceLongTasks} / ${p.observedLongTasks}`,
    m ? `${ms(m.task)} (${ms(m.script)} script)` : '–',
    `${kb(p.snapshotChars)} / ${kb(p.receivedChars)}`,
  ].join(' | ');
}

function context(r: RunResult): string {
  return (
    `${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC at ${r.commit}, ${r.cpus} ` +
    (r.pinned
      ? `(the stack and this bench on CPU ${r.pinned.stack}, the browser on CPU ${r.pinned.browser})`
      : '(the stack and the browser sharing them)') +
    `, Chromium ${r.chromium}, React ` +
    `${r.react}, recharts ${r.recharts}, PYTHON_DEMOS=${r.pythonDemos}; one-minute load average ${r.loadBefore.toFixed(2)} ` +
    `just before the run and ${r.loadAfter.toFixed(2)} at its end` +
    (r.stealShare === null ? '' : `, CPU steal ${(r.stealShare * 100).toFixed(1)} % of the run`)
  );
}

function render(run: RunResult, baseline: RunResult | null): string {
  const columns = [
    'page',
    'routes',
    'updates',
    'median ms',
    'p95 ms',
    'max ms',
    'CPU ms median / p95',
    ...PHASES.map((p) => `${p} ms`),
    'stream worker CPU ms',
    'longest task ms',
    'long tasks (trace / observer)',
    'getMetrics ms per update',
    'snapshot / on the main thread',
  ];
  const head = `| ${columns.join(' | ')} |`;
  const align = `| --- | ${columns
    .slice(1)
    .map(() => '---:')
    .join(' | ')} |`;
  const rows = (r: RunResult, label: string) => r.pages.map((p) => `| ${pageRow(`${p.key}${label}`, p)} |`);
  const verdicts = run.pages.map((p) =>
    verdict(
      p,
      baseline?.pages.find((b) => b.key === p.key),
    ),
  );
  return [
    '# Browser frame cost: main-thread time per stream update',
    '',
    ...wrap(`Measured ${context(run)}.`),
    '',
    ...wrap(
      `Target (issue 13): a stream update costs at most ${TARGET_MS} ms of main-thread time on the dashboard and the ` +
        'scoreboard, with no long task. Read here as: the 95th percentile of the updates at most ' +
        `${TARGET_MS} ms, and no task over ${LONG_TASK_MS} ms in the trace or in the page's Long Tasks observer; the ` +
        'median and the slowest update are given beside it.',
    ),
    '',
    ...verdicts.flatMap((v) => [...wrap(v.text), '']),
    ...wrap(
      "The stack is npm start's bundled supervisor with every port moved into a block of its own (bench/moved-stack.ts), " +
        'its page the production `next build`, at the default load (LOAD_RATE 50 req/s, a scrape and a snapshot a ' +
        `second). Each page is measured once the lab's history has filled (${run.fillSeconds} s after the stack is ready: ` +
        `the charts then hold a whole window), in the system Chromium (${CHROMIUM_LAUNCH.executablePath}, headless, no GPU) at ` +
        `${VIEWPORT.width}×${VIEWPORT.height}, opened in a fresh context and left ${SETTLE_MS / 1000} s to settle. ` +
        (run.pinned
          ? `The stack runs on CPU ${run.pinned.stack} and the browser on CPU ${run.pinned.browser} (taskset), so the ` +
            "page's main thread does not wait for a core the stack's processes hold; CPU time is what the " +
            'main thread got of its core in its tasks, a cross-check of the wall time the target is read in. ' +
            "The wall time is the longer because the browser's other threads share that one core: the page's " +
            'stream worker (reading, parsing and checking each snapshot; its CPU time per update has a column of its ' +
            "own), the compositor, the GPU process and the browser's own, and the trace's writer; a main-thread " +
            'task that is under way while one of them runs waits for the core, and its wall time counts the wait. '
          : 'Nothing is pinned (no taskset, or one CPU): the stack and the browser share the cores. ') +
        `Then ` +
        `a Chrome trace of ${run.seconds} s (categories ${TRACE_CATEGORIES.join(', ')}) is cut into updates: a script ` +
        "installed before the page's own marks each update's arrival on the main thread (a User Timing mark from " +
        "the first listener on the page's EventSource, or on its stream worker's view messages), and an update is every main-thread task from the one holding a mark up to the one " +
        "holding the next: the stream handler, React's render, recharts' animation frame, style, layout, paint and " +
        "GC alike, so nothing an update causes is left out (a timer of the page's own that fires in between counts " +
        'too). The phase columns are medians of self time by the innermost trace event (script, style and layout, ' +
        "paint, GC, other: the task's own overhead); they need not add up to the median total. Long tasks are counted " +
        "twice: tasks over 50 ms in the trace, and the page's PerformanceObserver('longtask') in the same window. " +
        "Performance.getMetrics' TaskDuration (and ScriptDuration) over the window divided by the snapshots that " +
        "arrived is a mean per update from Chrome's own counters, a cross-check of the trace. The trace itself costs " +
        'the page a little. Snapshot is one stream message as the lab sends it; "on the main thread" what the ' +
        "page's " +
        'main thread received with the last update (the whole snapshot when the page reads the stream itself).',
    ),
    '',
    ...wrap(
      'What an update is on these pages: the stream is read in a Web Worker (components/lab/lab-view-worker.ts) that ' +
        "parses and checks each snapshot and builds the page's view with the page's pure helpers; the main thread " +
        'receives it as a patch against the view before (components/lab/view-patch.ts) and React redraws the ' +
        "memoised parts whose data changed. A chart's points keep their own time as x, so a series that slid " +
        'by a second crosses as how many oldest points to drop and the new ones to append, the rest staying the ' +
        "same objects. The dashboard's charts redraw their grid and axes only when an axis moves (the time " +
        "axis' span is a whole 10 s), and draw each series in 10 s pieces in an SVG of its own that slides left " +
        'as a composited layer (a CSS transform), so an update redraws the newest and oldest piece of each and ' +
        'moves the layer (components/lab/chart-series.tsx).',
    ),
    '',
    head,
    align,
    ...rows(run, ''),
    ...(baseline ? rows(baseline, ', before') : []),
    '',
    ...(baseline
      ? [
          ...wrap(
            `"Before" rows: the same bench on the page as it was before it updated in place (it parsed the whole ` +
              'snapshot on its main thread and redrew every recharts chart from it), measured ' +
              `${context(baseline)} (kept in ${DEFAULT_BASELINE}).`,
          ),
          '',
        ]
      : []),
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------ main

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function commitName(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  // The page is built from the working tree: say so when it differs from the commit.
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'app', 'components'], {
    encoding: 'utf8',
  }).stdout;
  return `${head || 'unknown'}${dirty.trim() === '' ? '' : ' (page files modified)'}`;
}

/**
 * On two CPUs or more, where taskset works: the stack (and this process) on the first half, the browser on
 * the rest, so the page's main thread never waits for a core the stack holds; null otherwise.
 */
function cpuSplit(): { stack: string; browser: string } | null {
  const count = os.availableParallelism();
  if (count < 2 || spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return null;
  const half = Math.floor(count / 2);
  const range = (from: number, to: number) => (from === to ? String(from) : `${from}-${to}`);
  return { stack: range(0, half - 1), browser: range(half, count - 1) };
}

/** Every thread of every process under this one but the stack's onto `cpus`: the browser's processes. */
function pinBrowser(stackPid: number | undefined, cpus: string): void {
  const stack = new Set(stackPid === undefined ? [] : processTreeRss(stackPid).processes.map((p) => p.pid));
  for (const p of processTreeRss(process.pid).processes) {
    if (p.pid === process.pid || stack.has(p.pid)) continue;
    spawnSync('taskset', ['-a', '-p', '-c', cpus, String(p.pid)], { stdio: 'ignore' });
  }
}

function positive(text: string | undefined, flag: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${flag} must be a positive number`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '30' },
      'fill-seconds': { type: 'string', default: '120' },
      'port-base': { type: 'string', default: '26000' },
      baseline: { type: 'string', default: DEFAULT_BASELINE },
      'write-baseline': { type: 'boolean', default: false },
      'trace-dir': { type: 'string' },
      pages: { type: 'string', default: PAGES.map((p) => p.key).join(',') },
    },
    strict: true,
  });
  const seconds = positive(values.seconds, 'seconds');
  const fillSeconds = positive(values['fill-seconds'], 'fill-seconds');
  const base = Number(values['port-base']);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) throw new Error('bad --port-base');
  const chosen = values.pages.split(',');
  const pagesToMeasure = PAGES.filter((p) => chosen.includes(p.key));
  if (pagesToMeasure.length !== chosen.length)
    throw new Error(`--pages: some of ${PAGES.map((p) => p.key).join(', ')}`);
  const pythonDemos = process.env.PYTHON_DEMOS ?? (fs.existsSync('.venv-demos') ? 'on' : 'off');
  const ports = movedPorts(base);
  const env: Record<string, string> = { PYTHON_DEMOS: pythonDemos };
  // "Your app" too, so the scoreboard has every row it can have: the doctor watching the direct route.
  if (ports.DIRECT_PORT && !process.env.DOCTOR_TARGET) {
    env.DOCTOR_TARGET = `http://127.0.0.1:${ports.DIRECT_PORT}/metrics`;
  }

  const loadBefore = os.loadavg()[0] ?? 0;
  const ticks0 = readMachineTicks();
  const measuredAt = new Date().toISOString();
  const split = cpuSplit();
  if (split) spawnSync('taskset', ['-a', '-p', '-c', split.stack, String(process.pid)], { stdio: 'ignore' });
  const stack = await startMovedStack(base, env, READY_TIMEOUT_MS, split?.stack);
  const onSignal = (): void => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const pages: PageResult[] = [];
  let chromiumVersion = 'unknown';
  try {
    await sleep(fillSeconds * 1000);
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    const pin = () => (split ? pinBrowser(stack.child.pid, split.browser) : undefined);
    pin();
    try {
      chromiumVersion = browser.version();
      for (const spec of pagesToMeasure) {
        const result = await measurePage(
          browser,
          `http://127.0.0.1:${ports.WEB_PORT}`,
          spec,
          seconds,
          values['trace-dir'],
          pin,
        );
        console.error(
          `bench: ${spec.key}: ${result.updates} updates, median ${ms(result.total?.median)} ms, p95 ${ms(result.total?.p95)} ms`,
        );
        pages.push(result);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stack.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const ticks1 = readMachineTicks();
  const cpus = os.cpus();
  const run: RunResult = {
    measuredAt,
    commit: commitName(),
    cpus: `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'})`,
    pinned: split,
    chromium: chromiumVersion,
    react: packageVersion('react'),
    recharts: packageVersion('recharts'),
    pythonDemos,
    seconds,
    fillSeconds,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? 0,
    stealShare:
      ticks0 && ticks1 && ticks1.total > ticks0.total
        ? (ticks1.steal - ticks0.steal) / (ticks1.total - ticks0.total)
        : null,
    pages,
  };
  if (values['write-baseline']) {
    fs.writeFileSync(values.baseline, `${JSON.stringify(run, null, 2)}\n`);
    console.log(`bench: wrote ${values.baseline}`);
    return;
  }
  const baseline = fs.existsSync(values.baseline)
    ? (JSON.parse(fs.readFileSync(values.baseline, 'utf8')) as RunResult)
    : null;
  fs.writeFileSync(REPORT, render(run, baseline));
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
