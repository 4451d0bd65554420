import type { ProcessRss } from './process-tree-rss';

/**
 * Pure figures for bench/stack-rss.ts over time: which process is which from one sample of the tree to the
 * next (by command line, not pid, so a restarted process continues its predecessor's series), and how fast
 * each one's RSS grows (a least-squares line).
 */

export interface RssSample {
  /** Seconds since the stack was ready. */
  tSeconds: number;
  processes: readonly ProcessRss[];
}

export interface RssPoint {
  tSeconds: number;
  pid: number;
  rssBytes: number;
}

/** One process of the stack over the run: the pids that held its place in turn, and its RSS at each sample. */
export interface ProcessSeries {
  /** Its command line and its ancestors', root first: what a restart keeps. */
  role: string[][];
  /** 1-based among the processes of the same role (a cluster's workers share one), by first appearance. */
  slot: number;
  /** How many processes the role had over the run. */
  slots: number;
  /** Every pid that held this place, in turn: more than one is a restart. */
  pids: number[];
  points: RssPoint[];
}

/** The series of every process seen over the samples, in the order they first appeared. */
export function trackProcesses(samples: readonly RssSample[]): ProcessSeries[] {
  const byRole = new Map<string, ProcessSeries[]>();
  const all: ProcessSeries[] = [];
  for (const sample of samples) {
    const byPid = new Map(sample.processes.map((p) => [p.pid, p]));
    const groups = new Map<string, { role: string[][]; processes: ProcessRss[] }>();
    // A zombie has lost its command line and holds no memory: it is no one's successor.
    for (const p of [...sample.processes].sort((a, b) => a.pid - b.pid)) {
      if (p.command.length === 0) continue;
      const role = roleOf(p, byPid);
      const key = JSON.stringify(role);
      const group = groups.get(key) ?? { role, processes: [] };
      group.processes.push(p);
      groups.set(key, group);
    }
    for (const [key, { role, processes }] of groups) {
      const series = byRole.get(key) ?? [];
      byRole.set(key, series);
      const present = new Set(processes.map((p) => p.pid));
      const newcomers: ProcessRss[] = [];
      for (const p of processes) {
        const held = series.find((s) => s.pids.at(-1) === p.pid);
        if (held) held.points.push(point(sample, p));
        else newcomers.push(p);
      }
      // A newcomer takes the place of a process of its role that has gone (a restart), or a place of its own.
      const vacated = series.filter((s) => !present.has(s.pids.at(-1) ?? -1));
      for (const p of newcomers) {
        const place = vacated.shift();
        if (place) {
          place.pids.push(p.pid);
          place.points.push(point(sample, p));
        } else {
          const created: ProcessSeries = {
            role,
            slot: series.length + 1,
            slots: 0,
            pids: [p.pid],
            points: [point(sample, p)],
          };
          series.push(created);
          all.push(created);
        }
      }
    }
  }
  for (const series of byRole.values()) for (const s of series) s.slots = series.length;
  return all;
}

function point(sample: RssSample, p: ProcessRss): RssPoint {
  return { tSeconds: sample.tSeconds, pid: p.pid, rssBytes: p.rssBytes };
}

function roleOf(p: ProcessRss, byPid: ReadonlyMap<number, ProcessRss>): string[][] {
  const chain: string[][] = [];
  for (let at: ProcessRss | undefined = p; at !== undefined; at = byPid.get(at.parent)) {
    chain.unshift(at.command);
    // The tree's root has its parent outside the sample; a cycle cannot happen in /proc but must not hang.
    if (chain.length > byPid.size) break;
  }
  return chain;
}

/** The least-squares slope of y over x; null with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  return sxx > 0 ? sxy / sxx : null;
}

const MB = 1024 * 1024;

export interface WindowSlope {
  /** MB (2^20 bytes) per minute; null with fewer than two samples of one process in the window. */
  mbPerMinute: number | null;
  /** The samples the line was fitted to. */
  points: number;
  /** A restart inside the window: the line is fitted to the last process's samples only. */
  restarted: boolean;
}

/**
 * How fast a series grew between `fromSeconds` and `toSeconds`. Across a restart the new process starts
 * small, which is no growth: only the samples of the process that held the place last count.
 */
export function windowSlope(series: ProcessSeries, fromSeconds: number, toSeconds: number): WindowSlope {
  const inside = series.points.filter((p) => p.tSeconds >= fromSeconds && p.tSeconds <= toSeconds);
  const last = inside.at(-1)?.pid;
  const own = inside.filter((p) => p.pid === last);
  return {
    mbPerMinute: leastSquaresSlope(own.map((p) => ({ x: p.tSeconds / 60, y: p.rssBytes / MB }))),
    points: own.length,
    restarted: new Set(inside.map((p) => p.pid)).size > 1,
  };
}

/**
 * A command line as a report shows it: `node` for Node's own path, paths under the project without it,
 * Node's `--enable-source-maps` left out; at most `width` characters.
 */
export function commandLabel(command: readonly string[], execPath: string, root: string, width = 90): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  const words = command
    .filter((word, i) => !(i > 0 && word === '--enable-source-maps'))
    .map((word, i) =>
      i === 0 && word === execPath ? 'node' : word.startsWith(prefix) ? word.slice(prefix.length) : word,
    );
  const text = words.join(' ');
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
