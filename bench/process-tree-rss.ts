import fs from 'node:fs';
import path from 'node:path';
import { parseStat } from '../server/supervisor/processes';

/**
 * The resident memory of a process and everything below it, read from /proc. The supervisor's children run
 * in process groups of their own, so the tree is found by parent pid, not by group or session.
 */

export interface ProcessRss {
  pid: number;
  parent: number;
  /** Its argv; [] for a process whose command line is gone (a zombie). */
  command: string[];
  /** VmRSS: pages it has resident, shared ones (the node binary, libraries) counted in every process. */
  rssBytes: number;
  /**
   * Pss from smaps_rollup: each shared page divided among the processes that map it, so a tree's sum is
   * what it really holds; null where the kernel does not say.
   */
  pssBytes: number | null;
}

export interface TreeRss {
  /** The root first, then its descendants, parents before their children. */
  processes: ProcessRss[];
  totalRssBytes: number;
}

/** A `<key>: <n> kB` line of /proc/<pid>/status, in bytes; null when the file has no such line. */
export function statusKilobytes(status: string, key: string): number | null {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** `root` and its descendants at this moment; processes that end while it reads are left out. */
export function processTreeRss(root: number, procDir = '/proc'): TreeRss {
  const parentOf = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync(procDir)) {
    const pid = Number(entry);
    const stat = Number.isInteger(pid) ? read(procDir, pid, 'stat') : null;
    if (stat === null) continue;
    const { parent } = parseStat(stat);
    parentOf.set(pid, parent);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const processes: ProcessRss[] = [];
  const queue = parentOf.has(root) ? [root] : [];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    queue.push(...(children.get(pid) ?? []));
    const status = read(procDir, pid, 'status');
    if (status === null) continue;
    processes.push({
      pid,
      parent: parentOf.get(pid) ?? 0,
      command: (read(procDir, pid, 'cmdline') ?? '').split('\0').filter(Boolean),
      // A zombie has no VmRSS line: it holds no memory.
      rssBytes: statusKilobytes(status, 'VmRSS') ?? 0,
      pssBytes: statusKilobytes(read(procDir, pid, 'smaps_rollup') ?? '', 'Pss'),
    });
  }
  return { processes, totalRssBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0) };
}

function read(procDir: string, pid: number, file: string): string | null {
  try {
    return fs.readFileSync(path.join(procDir, String(pid), file), 'utf8');
  } catch {
    return null;
  }
}
