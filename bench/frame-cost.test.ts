import { describe, expect, it } from 'vitest';
import { spread, updateCosts, workerCpuPerUpdate, type TraceEvent } from './frame-cost';

const MARK = 'snapshot';
const MAIN = { pid: 1, tid: 1 };

/** A complete event on the main thread, times in ms (the trace's µs are made here). */
const x = (name: string, ts: number, dur: number, at = MAIN): TraceEvent => ({
  name,
  ph: 'X',
  ts: ts * 1000,
  dur: dur * 1000,
  ...at,
});
const mark = (ts: number, at = MAIN): TraceEvent => ({ name: MARK, ph: 'R', ts: ts * 1000, ...at });
const task = (ts: number, dur: number) => x('RunTask', ts, dur);

describe('updateCosts', () => {
  it.each([
    { name: 'no mark: no update', events: [task(0, 5)], want: [] },
    { name: 'one mark: no whole update', events: [task(0, 5), mark(1)], want: [] },
    {
      name: 'every task from the marked one to the next marked one, none after the last',
      events: [task(0, 3), mark(1), task(5, 2), task(10, 4), mark(10.5), task(12, 9)],
      want: [{ startMs: 0, totalMs: 5, cpuMs: 5, tasks: 2, longestTaskMs: 3 }],
    },
    {
      name: 'work before the first mark is left out',
      events: [
        task(0, 2),
        task(10, 1),
        mark(10.2),
        task(11, 4),
        task(20, 1),
        mark(20.1),
        task(30, 1),
        mark(30.1),
      ],
      want: [
        { startMs: 10, totalMs: 5, cpuMs: 5, tasks: 2, longestTaskMs: 4 },
        { startMs: 20, totalMs: 1, cpuMs: 1, tasks: 1, longestTaskMs: 1 },
      ],
    },
    {
      name: 'a scheduler task inside RunTask counts once',
      events: [
        task(0, 4),
        x('ThreadControllerImpl::RunTask', 0, 3),
        mark(1),
        x('ThreadControllerImpl::RunTask', 6, 2),
        task(10, 1),
        mark(10.5),
      ],
      want: [{ startMs: 0, totalMs: 6, cpuMs: 6, tasks: 2, longestTaskMs: 4 }],
    },
    {
      name: 'two marks in one task make no empty update',
      events: [task(0, 4), mark(1), mark(2), task(10, 1), mark(10.5)],
      want: [{ startMs: 0, totalMs: 4, cpuMs: 4, tasks: 1, longestTaskMs: 4 }],
    },
    {
      name: 'another thread is not the page',
      events: [task(0, 4), mark(1), x('RunTask', 2, 50, { pid: 2, tid: 2 }), task(10, 1), mark(10.5)],
      want: [{ startMs: 0, totalMs: 4, cpuMs: 4, tasks: 1, longestTaskMs: 4 }],
    },
    {
      name: 'CPU time from the thread duration, where the trace has it',
      events: [{ ...task(0, 4), tdur: 2500 }, mark(1), task(5, 1), { ...task(10, 1), tdur: 0 }, mark(10.5)],
      want: [{ startMs: 0, totalMs: 5, cpuMs: 3.5, tasks: 2, longestTaskMs: 4 }],
    },
  ])('$name', ({ events, want }) => {
    expect(updateCosts(events, MARK).map(({ byPhase: _phases, ...rest }) => rest)).toEqual(want);
  });

  it('splits self time by the innermost known event, unknown events taking their parent’s phase', () => {
    const events = [
      task(0, 10),
      mark(0.1),
      x('FunctionCall', 0, 6),
      x('V8.StackGuard', 1, 1),
      x('Layout', 4, 1),
      x('MinorGC', 7, 1),
      x('V8.GC_SCAVENGER', 7, 0.5),
      x('Paint', 8.5, 1),
      task(20, 1),
      mark(20.1),
    ];
    const [update] = updateCosts(events, MARK);
    expect(update?.byPhase).toEqual({ script: 5, 'style-layout': 1, paint: 1, gc: 1, other: 2 });
  });
});

describe('workerCpuPerUpdate', () => {
  const WORKER = { pid: 1, tid: 7 };
  const named = (tid: number, name: string, pid = 1): TraceEvent => ({
    name: 'thread_name',
    ph: 'M',
    ts: 0,
    pid,
    tid,
    args: { name },
  });
  const work = (ts: number, dur: number, tdur: number, at = WORKER): TraceEvent => ({
    ...x('RunTask', ts, dur, at),
    tdur: tdur * 1000,
  });
  it.each([
    { name: 'no mark', events: [named(7, 'DedicatedWorker thread'), work(1, 5, 5)], want: null },
    {
      name: 'the worker’s CPU between the first and the last mark, per update',
      events: [
        named(7, 'DedicatedWorker thread'),
        mark(0),
        work(1, 8, 4),
        work(12, 4, 4),
        mark(10),
        mark(20),
        work(25, 9, 9),
      ],
      want: 4,
    },
    {
      name: 'a scheduler task inside RunTask counts once',
      events: [
        named(7, 'DedicatedWorker thread'),
        mark(0),
        work(1, 8, 6),
        { ...x('ThreadControllerImpl::RunTask', 2, 4, WORKER), tdur: 3000 },
        mark(10),
      ],
      want: 6,
    },
    {
      name: 'other threads and other processes’ workers are not the page’s worker',
      events: [
        named(7, 'Compositor'),
        named(8, 'DedicatedWorker thread', 2),
        mark(0),
        work(1, 8, 8),
        work(1, 8, 8, { pid: 2, tid: 8 }),
        mark(10),
      ],
      want: 0,
    },
  ])('$name', ({ events, want }) => {
    expect(workerCpuPerUpdate(events, MARK)).toBe(want);
  });
});

describe('spread', () => {
  it.each([
    { values: [], want: null },
    { values: [3], want: { median: 3, p95: 3, max: 3 } },
    { values: [4, 1, 3, 2, 5], want: { median: 3, p95: 4.8, max: 5 } },
  ])('$values', ({ values, want }) => {
    const got = spread(values);
    if (want === null) expect(got).toBeNull();
    else {
      expect(got?.median).toBeCloseTo(want.median);
      expect(got?.p95).toBeCloseTo(want.p95);
      expect(got?.max).toBe(want.max);
    }
  });
});
