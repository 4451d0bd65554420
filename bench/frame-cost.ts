/**
 * What each stream update cost the page's main thread, read from a Chrome trace: the page marks every
 * snapshot's arrival (a User Timing mark), and an update is all the main-thread work from the task that
 * received one snapshot to the task that receives the next: the handler, React's render, recharts' frame,
 * style, layout, paint and GC alike. Pure.
 */
import { quantile } from '../server/lab/quantile';

export interface TraceEvent {
  name: string;
  ph: string;
  /** Microseconds, on the trace's clock. */
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event, µs: less than dur when the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
  /** Metadata events (ph 'M') carry the thread's name here. */
  args?: { name?: string };
}

export type Phase = 'script' | 'style-layout' | 'paint' | 'gc' | 'other';
export const PHASES: readonly Phase[] = ['script', 'style-layout', 'paint', 'gc', 'other'];

export interface UpdateCost {
  /** The update's first task, ms on the trace's clock. */
  startMs: number;
  /** Main-thread time of every task in the update. */
  totalMs: number;
  /** The CPU time the main thread got in those tasks (on a busy machine it waits for a core in some). */
  cpuMs: number;
  tasks: number;
  longestTaskMs: number;
  /** Self time by what the thread was doing (nested events count for the innermost one). */
  byPhase: Record<Phase, number>;
}

/**
 * Chrome's task events: every piece of main-thread work runs inside one. RunTask wraps the scheduler's
 * and also holds the microtask checkpoint after it, so the outermost of either is the task.
 */
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
/** A task over 50 ms is a long task, as the Long Tasks API counts them. */
export const LONG_TASK_MS = 50;

const PHASE_OF: Record<string, Phase> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  FireIdleCallback: 'script',
  RunMicrotasks: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'script',
  'v8.evaluateModule': 'script',
  ParseHTML: 'style-layout',
  UpdateLayoutTree: 'style-layout',
  Layout: 'style-layout',
  ResizeObserverController: 'style-layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  BlinkGC: 'gc',
};

function phaseOf(name: string): Phase | undefined {
  if (name.startsWith('V8.GC') || name.startsWith('ThreadState::')) return 'gc';
  return PHASE_OF[name];
}

const complete = (e: TraceEvent): e is TraceEvent & { dur: number } =>
  e.ph === 'X' && typeof e.dur === 'number';

/** The thread that carries `mark` (the page's renderer main thread), or null when no event has it. */
export function markedThread(
  events: readonly TraceEvent[],
  mark: string,
): { pid: number; tid: number } | null {
  const hit = events.find((e) => e.name === mark);
  return hit ? { pid: hit.pid, tid: hit.tid } : null;
}

/**
 * Self time of each event below `task`, by the innermost event's phase; an event of no known phase
 * (a V8 interrupt, a scheduler wrapper) belongs to the phase of the event around it.
 */
function phaseTimes(task: TraceEvent & { dur: number }, inner: readonly (TraceEvent & { dur: number })[]) {
  const byPhase = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const stack: { end: number; phase: Phase; self: number }[] = [
    { end: task.ts + task.dur, phase: 'other', self: task.dur },
  ];
  const close = (until: number) => {
    while (stack.length > 1 && (stack.at(-1) as { end: number }).end <= until) {
      const done = stack.pop() as { phase: Phase; self: number };
      byPhase[done.phase] += done.self;
    }
  };
  for (const e of inner) {
    close(e.ts);
    const parent = stack.at(-1) as { end: number; phase: Phase; self: number };
    // Clipped to the parent: trace timestamps are rounded to the microsecond.
    const dur = Math.min(e.dur, parent.end - e.ts);
    if (dur <= 0) continue;
    parent.self -= dur;
    stack.push({ end: e.ts + dur, phase: phaseOf(e.name) ?? parent.phase, self: dur });
  }
  close(Number.POSITIVE_INFINITY);
  byPhase.other += (stack[0] as { self: number }).self;
  for (const p of PHASES) byPhase[p] = Math.max(0, byPhase[p]) / 1000;
  return byPhase;
}

/**
 * One UpdateCost per interval between two consecutive `mark`s on the marked thread: the work of the
 * tasks that start from the task holding one mark up to (not including) the task holding the next.
 * Work before the first mark and after the last is left out, as no whole update holds it.
 */
export function updateCosts(events: readonly TraceEvent[], mark: string): UpdateCost[] {
  const thread = markedThread(events, mark);
  if (!thread) return [];
  const onThread = events
    .filter((e) => e.pid === thread.pid && e.tid === thread.tid)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Nested RunTask events (a task run inside another, as a sync XHR does) are part of the outer one.
  const tasks: (TraceEvent & { dur: number })[] = [];
  for (const e of onThread) {
    if (!TASKS.has(e.name) || !complete(e)) continue;
    const last = tasks.at(-1);
    if (last && e.ts < last.ts + last.dur) continue;
    tasks.push(e);
  }
  const taskAt = (ts: number): number => {
    let lo = 0;
    let hi = tasks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((tasks[mid] as TraceEvent).ts <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const boundaries = onThread
    .filter((e) => e.name === mark)
    .map((e) => taskAt(e.ts))
    .filter((i, k, all) => i >= 0 && i !== all[k - 1]);
  const inner = onThread.filter((e) => complete(e) && !TASKS.has(e.name)) as (TraceEvent & { dur: number })[];
  const costs: UpdateCost[] = [];
  let cursor = 0;
  for (let k = 0; k + 1 < boundaries.length; k += 1) {
    const first = boundaries[k] as number;
    const next = boundaries[k + 1] as number;
    const byPhase = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
    let totalMs = 0;
    let cpuMs = 0;
    let longestTaskMs = 0;
    for (let i = first; i < next; i += 1) {
      const task = tasks[i] as TraceEvent & { dur: number };
      const end = task.ts + task.dur;
      while (cursor < inner.length && (inner[cursor] as TraceEvent).ts < task.ts) cursor += 1;
      let stop = cursor;
      while (stop < inner.length && (inner[stop] as TraceEvent).ts < end) stop += 1;
      const phases = phaseTimes(task, inner.slice(cursor, stop));
      for (const p of PHASES) byPhase[p] += phases[p];
      totalMs += task.dur / 1000;
      cpuMs += (task.tdur ?? task.dur) / 1000;
      longestTaskMs = Math.max(longestTaskMs, task.dur / 1000);
    }
    costs.push({
      startMs: (tasks[first] as TraceEvent).ts / 1000,
      totalMs,
      cpuMs,
      tasks: next - first,
      longestTaskMs,
      byPhase,
    });
  }
  return costs;
}

/** Chrome's name for a Web Worker's thread (the page's stream worker runs on one). */
const WORKER_THREAD = 'DedicatedWorker thread';

/**
 * The CPU time per update, ms, that the page's Web Workers (threads of the marked thread's process named as
 * Chrome names them) took in their tasks between the first and the last mark: work that competes with the
 * main thread for a core when the browser has one. Null with fewer than two marks.
 */
export function workerCpuPerUpdate(events: readonly TraceEvent[], mark: string): number | null {
  const thread = markedThread(events, mark);
  if (!thread) return null;
  const marks = events
    .filter((e) => e.name === mark && e.pid === thread.pid && e.tid === thread.tid)
    .map((e) => e.ts);
  if (marks.length < 2) return null;
  const [from, to] = [Math.min(...marks), Math.max(...marks)];
  const workers = new Set(
    events
      .filter(
        (e) =>
          e.ph === 'M' && e.name === 'thread_name' && e.pid === thread.pid && e.args?.name === WORKER_THREAD,
      )
      .map((e) => e.tid),
  );
  // Outermost tasks only: a scheduler task inside RunTask counts once, as in updateCosts.
  let cpu = 0;
  let end = Number.NEGATIVE_INFINITY;
  const tasks = events
    .filter((e) => e.pid === thread.pid && workers.has(e.tid) && TASKS.has(e.name) && complete(e))
    .filter((e) => e.ts >= from && e.ts < to)
    .sort((a, b) => a.tid - b.tid || a.ts - b.ts);
  let tid = Number.NaN;
  for (const e of tasks as (TraceEvent & { dur: number })[]) {
    if (e.tid !== tid) [tid, end] = [e.tid, Number.NEGATIVE_INFINITY];
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    cpu += e.tdur ?? e.dur;
  }
  return cpu / 1000 / (marks.length - 1);
}

export interface Spread {
  median: number;
  p95: number;
  max: number;
}

/** Median, 95th percentile and maximum; null for no values. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return {
    median: quantile(values, 0.5) as number,
    p95: quantile(values, 0.95) as number,
    max: Math.max(...values),
  };
}
