import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processTreeRss, statusKilobytes } from './process-tree-rss';

const procDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-proc-'));
afterAll(() => fs.rmSync(procDir, { recursive: true, force: true }));

/** A /proc/<pid> folder as Linux writes it; no rss: a zombie's status, without a VmRSS line. */
function fakeProcess(pid: number, parent: number, name: string, argv: string[], rssKb?: number): void {
  const dir = path.join(procDir, String(pid));
  fs.mkdirSync(dir);
  // The group and session of the supervisor's children are their own: only the parent links them.
  fs.writeFileSync(path.join(dir, 'stat'), `${pid} (${name}) S ${parent} ${pid} ${pid} 0 -1 4194560 1 0\n`);
  fs.writeFileSync(
    path.join(dir, 'status'),
    `Name:\t${name}\nState:\tS (sleeping)\n${rssKb === undefined ? '' : `VmRSS:\t  ${rssKb} kB\n`}Threads:\t7\n`,
  );
  fs.writeFileSync(path.join(dir, 'cmdline'), argv.map((a) => `${a}\0`).join(''));
  // The shared pages split among the processes: here a third of the RSS, as for a Node process.
  if (rssKb !== undefined) {
    const pss = Math.round(rssKb / 3);
    fs.writeFileSync(
      path.join(dir, 'smaps_rollup'),
      `00400000-ff [rollup]\nRss: ${rssKb} kB\nPss:  ${pss} kB\n`,
    );
  }
}

fakeProcess(1, 0, 'init', ['/sbin/init'], 9000);
fakeProcess(100, 1, 'node', ['node', 'dist/server/supervisor/main.js'], 60_000);
fakeProcess(101, 100, 'node', ['node', 'dist/demos/cluster/main.js', '--variant', 'direct'], 50_000);
// A command name with a space and a closing parenthesis, as a process may set itself.
fakeProcess(102, 101, 'odd) name', ['node', 'dist/demos/cluster/main.js'], 40_000);
fakeProcess(103, 100, 'node', [], undefined);
fakeProcess(200, 1, 'node', ['node', 'other'], 70_000);
fs.mkdirSync(path.join(procDir, 'self'));
fs.writeFileSync(path.join(procDir, 'meminfo'), 'MemTotal: 1 kB\n');

describe('processTreeRss', () => {
  it('sums the root and every descendant, by parent pid, and nothing else', () => {
    const tree = processTreeRss(100, procDir);
    expect(tree.processes.map((p) => [p.pid, p.parent, p.rssBytes])).toEqual([
      [100, 1, 60_000 * 1024],
      [101, 100, 50_000 * 1024],
      [103, 100, 0],
      [102, 101, 40_000 * 1024],
    ]);
    expect(tree.processes[1]?.command).toEqual(['node', 'dist/demos/cluster/main.js', '--variant', 'direct']);
    expect(tree.processes[2]?.command).toEqual([]);
    expect(tree.totalRssBytes).toBe(150_000 * 1024);
    expect(tree.processes.map((p) => p.pssBytes)).toEqual([
      20_000 * 1024,
      16_667 * 1024,
      null,
      13_333 * 1024,
    ]);
  });

  it('is empty for a process that has gone', () => {
    expect(processTreeRss(999, procDir)).toEqual({ processes: [], totalRssBytes: 0 });
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('reads this process on the real /proc', () => {
    const tree = processTreeRss(process.pid);
    expect(tree.processes[0]?.pid).toBe(process.pid);
    expect(tree.totalRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe('statusKilobytes', () => {
  it.each([
    ['VmRSS:\t  123 kB\n', 123 * 1024],
    ['VmHWM:\t 9 kB\nVmRSS:\t0 kB\n', 0],
    ['VmRSSx:\t 5 kB\n', null],
    ['Name:\tkthreadd\n', null],
  ])('reads %j', (status, want) => {
    expect(statusKilobytes(status, 'VmRSS')).toBe(want);
  });
});
