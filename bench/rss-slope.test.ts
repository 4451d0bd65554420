import { describe, expect, it } from 'vitest';
import type { ProcessRss } from './process-tree-rss';
import {
  commandLabel,
  leastSquaresSlope,
  trackProcesses,
  windowSlope,
  type ProcessSeries,
} from './rss-slope';

const MB = 1024 * 1024;

function proc(pid: number, parent: number, command: string, mb: number): ProcessRss {
  return {
    pid,
    parent,
    command: command === '' ? [] : command.split(' '),
    rssBytes: mb * MB,
    pssBytes: null,
  };
}

const SUPERVISOR = 'node dist/server/supervisor/main.js';
const DEMO = 'node dist/demos/cluster/main.js --variant direct';

describe('leastSquaresSlope', () => {
  it.each([
    { points: [], want: null },
    { points: [{ x: 1, y: 5 }], want: null },
    {
      points: [
        { x: 1, y: 5 },
        { x: 1, y: 7 },
      ],
      want: null,
    },
    {
      points: [
        { x: 0, y: 1 },
        { x: 2, y: 5 },
      ],
      want: 2,
    },
    // Noise around a line of slope 0.5: the fit finds the line, not the ends.
    {
      points: [
        { x: 0, y: 10 },
        { x: 1, y: 11 },
        { x: 2, y: 10.5 },
        { x: 3, y: 12 },
        { x: 4, y: 12 },
      ],
      want: 0.5,
    },
    {
      points: [
        { x: 0, y: 3 },
        { x: 10, y: 3 },
        { x: 20, y: 3 },
      ],
      want: 0,
    },
  ])('of $points.length points is $want', ({ points, want }) => {
    const got = leastSquaresSlope(points);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 9);
  });
});

describe('trackProcesses', () => {
  const summary = (series: ProcessSeries[]) =>
    series.map((s) => ({
      command: s.role.at(-1)?.join(' '),
      depth: s.role.length,
      slot: s.slot,
      slots: s.slots,
      pids: s.pids,
      mb: s.points.map((p) => p.rssBytes / MB),
    }));

  it.each([
    {
      name: 'a steady tree keeps one series per process; same-command workers by pid',
      samples: [
        [proc(1, 0, SUPERVISOR, 50), proc(10, 1, DEMO, 60), proc(12, 10, DEMO, 40), proc(11, 10, DEMO, 41)],
        [proc(1, 0, SUPERVISOR, 51), proc(10, 1, DEMO, 61), proc(11, 10, DEMO, 42), proc(12, 10, DEMO, 43)],
      ],
      want: [
        { command: SUPERVISOR, depth: 1, slot: 1, slots: 1, pids: [1], mb: [50, 51] },
        { command: DEMO, depth: 2, slot: 1, slots: 1, pids: [10], mb: [60, 61] },
        { command: DEMO, depth: 3, slot: 1, slots: 2, pids: [11], mb: [41, 42] },
        { command: DEMO, depth: 3, slot: 2, slots: 2, pids: [12], mb: [40, 43] },
      ],
    },
    {
      name: 'a restarted worker continues the place of the one that went; a new one gets its own',
      samples: [
        [proc(1, 0, SUPERVISOR, 50), proc(10, 1, DEMO, 60), proc(11, 10, DEMO, 41), proc(12, 10, DEMO, 42)],
        [proc(1, 0, SUPERVISOR, 50), proc(10, 1, DEMO, 60), proc(12, 10, DEMO, 43), proc(20, 10, DEMO, 30)],
        [
          proc(1, 0, SUPERVISOR, 50),
          proc(10, 1, DEMO, 60),
          proc(12, 10, DEMO, 44),
          proc(20, 10, DEMO, 31),
          proc(21, 10, DEMO, 29),
        ],
      ],
      want: [
        { command: SUPERVISOR, depth: 1, slot: 1, slots: 1, pids: [1], mb: [50, 50, 50] },
        { command: DEMO, depth: 2, slot: 1, slots: 1, pids: [10], mb: [60, 60, 60] },
        { command: DEMO, depth: 3, slot: 1, slots: 3, pids: [11, 20], mb: [41, 30, 31] },
        { command: DEMO, depth: 3, slot: 2, slots: 3, pids: [12], mb: [42, 43, 44] },
        { command: DEMO, depth: 3, slot: 3, slots: 3, pids: [21], mb: [29] },
      ],
    },
    {
      name: 'a restarted child of the supervisor, with a zombie left behind, continues its place',
      samples: [
        [proc(1, 0, SUPERVISOR, 50), proc(5, 1, 'prometheus --web', 90)],
        [proc(1, 0, SUPERVISOR, 50), proc(5, 1, '', 0), proc(6, 1, 'prometheus --web', 20)],
      ],
      want: [
        { command: SUPERVISOR, depth: 1, slot: 1, slots: 1, pids: [1], mb: [50, 50] },
        { command: 'prometheus --web', depth: 2, slot: 1, slots: 1, pids: [5, 6], mb: [90, 20] },
      ],
    },
  ])('$name', ({ samples, want }) => {
    const got = trackProcesses(samples.map((processes, i) => ({ tSeconds: i * 10, processes })));
    expect(summary(got)).toEqual(want);
  });
});

describe('windowSlope', () => {
  const series = (points: [number, number, number][]): ProcessSeries => ({
    role: [['x']],
    slot: 1,
    slots: 1,
    pids: [...new Set(points.map(([, pid]) => pid))],
    points: points.map(([tSeconds, pid, mb]) => ({ tSeconds, pid, rssBytes: mb * MB })),
  });

  it.each([
    {
      name: 'the samples inside the window, in MB per minute',
      points: [
        [0, 1, 10],
        [60, 1, 100],
        [120, 1, 102],
        [180, 1, 104],
        [240, 1, 300],
      ] as [number, number, number][],
      from: 60,
      to: 180,
      want: { mbPerMinute: 2, points: 3, restarted: false },
    },
    {
      name: 'across a restart, only the last process counts',
      points: [
        [60, 1, 100],
        [120, 1, 110],
        [150, 2, 20],
        [180, 2, 21],
        [210, 2, 22],
      ] as [number, number, number][],
      from: 60,
      to: 210,
      want: { mbPerMinute: 2, points: 3, restarted: true },
    },
    {
      name: 'one sample in the window is no slope',
      points: [
        [0, 1, 10],
        [60, 1, 11],
      ] as [number, number, number][],
      from: 30,
      to: 90,
      want: { mbPerMinute: null, points: 1, restarted: false },
    },
  ])('$name', ({ points, from, to, want }) => {
    const got = windowSlope(series(points), from, to);
    expect({
      ...got,
      mbPerMinute: got.mbPerMinute === null ? null : Number(got.mbPerMinute.toFixed(9)),
    }).toEqual(want);
  });
});

describe('commandLabel', () => {
  it.each([
    {
      command: ['/usr/bin/node', '--enable-source-maps', '/p/dist/server/lab/main.js'],
      want: 'node dist/server/lab/main.js',
    },
    {
      command: ['/p/.venv-demos/bin/python', '-m', 'gunicorn', '--workers', '4'],
      want: '.venv-demos/bin/python -m gunicorn --workers 4',
    },
    { command: ['/usr/bin/node'], want: 'node' },
    { command: ['prometheus', '--config.file=/tmp/x.yml'], want: 'prometheus --config.file=/tmp/x.yml' },
    { command: ['a'.repeat(100)], want: `${'a'.repeat(89)}…` },
  ])('$want', ({ command, want }) => {
    expect(commandLabel(command, '/usr/bin/node', '/p')).toBe(want);
  });
});
