import { describe, expect, it } from 'vitest';
import {
  formatPidFile,
  parsePidFile,
  pidFilePath,
  planEarlierRun,
  type PidFile,
  type ProcessView,
} from './pid-file';

const SUPERVISOR = ['/usr/bin/node', '--import', 'tsx', 'server/supervisor/main.ts'];
const LAB = ['/usr/bin/node', '--import', 'tsx', 'server/lab/main.ts'];
const BRIDGE = ['/usr/bin/node', '--import', 'tsx', 'server/bridge/main.ts'];

const record: PidFile = {
  supervisor: { pid: 100, command: SUPERVISOR, startedAt: '2025-01-01T00:00:00.000Z' },
  tempDir: '/tmp/scrape-lab-prometheus-abc',
  children: [
    { name: 'bridge', pid: 101, processGroup: 101, command: BRIDGE },
    { name: 'lab', pid: 102, processGroup: 102, command: LAB },
  ],
};

/** A fake process table: live pids with their command lines (null: unreadable), and live group ids. */
function view(live: Record<number, string[] | null>, groups: number[] = []): ProcessView {
  return {
    alive: (pid) => pid in live,
    groupAlive: (group) => groups.includes(group) || group in live,
    commandLine: (pid) => live[pid] ?? null,
  };
}

describe('pidFilePath', () => {
  it('names the file by the lab port', () => {
    expect(pidFilePath({ tmpDir: '/tmp', labPort: 9300 })).toBe('/tmp/scrape-lab-9300.json');
  });
});

describe('parsePidFile', () => {
  it.each([
    { what: 'what formatPidFile writes', text: formatPidFile(record), want: record },
    {
      what: 'no command line (macOS)',
      text: formatPidFile({ ...record, supervisor: { ...record.supervisor, command: null } }),
      want: { ...record, supervisor: { ...record.supervisor, command: null } },
    },
    { what: 'half a file', text: formatPidFile(record).slice(0, 40), want: null },
    { what: 'empty', text: '', want: null },
    { what: 'another JSON', text: '{"name":"something else"}', want: null },
    {
      what: 'pid 1, never ours',
      text: JSON.stringify({ ...record, supervisor: { ...record.supervisor, pid: 1 } }),
      want: null,
    },
    {
      what: 'a negative group',
      text: JSON.stringify({ ...record, children: [{ name: 'x', pid: 5, processGroup: -5, command: [] }] }),
      want: null,
    },
  ])('$what', ({ text, want }) => {
    expect(parsePidFile(text)).toEqual(want);
  });
});

describe('planEarlierRun', () => {
  const tmpDir = '/tmp';
  const self = { pid: 999, startedAtMs: Date.parse('2025-01-02') };
  it.each([
    {
      what: 'its supervisor still runs: refuse',
      processes: view({ 100: SUPERVISOR, 101: BRIDGE }),
      want: { kind: 'refuse', supervisorPid: 100 },
    },
    {
      what: 'its supervisor still runs, no /proc to tell: refuse',
      processes: view({ 100: null }),
      want: { kind: 'refuse', supervisorPid: 100 },
    },
    {
      what: 'its supervisor pid now runs something else: clean',
      processes: view({ 100: ['/usr/bin/vim'], 101: BRIDGE }),
      want: { kind: 'clean', supervisorPid: 100, processGroups: [101], tempDir: record.tempDir },
    },
    {
      what: 'everything died with it: only the folder and file remain',
      processes: view({}),
      want: { kind: 'clean', supervisorPid: 100, processGroups: [], tempDir: record.tempDir },
    },
    {
      what: 'both children survived',
      processes: view({ 101: BRIDGE, 102: LAB }),
      want: { kind: 'clean', supervisorPid: 100, processGroups: [101, 102], tempDir: record.tempDir },
    },
    {
      what: 'a child pid reused by another program is left alone',
      processes: view({ 101: ['/usr/bin/sleep', '100'], 102: LAB }),
      want: { kind: 'clean', supervisorPid: 100, processGroups: [102], tempDir: record.tempDir },
    },
    {
      what: 'no /proc: a live pid is taken to be the child',
      processes: view({ 101: null }),
      want: { kind: 'clean', supervisorPid: 100, processGroups: [101], tempDir: record.tempDir },
    },
    {
      what: 'a leader gone but its group alive (cluster workers)',
      processes: view({}, [102]),
      want: { kind: 'clean', supervisorPid: 100, processGroups: [102], tempDir: record.tempDir },
    },
  ])('$what', ({ processes, want }) => {
    expect(planEarlierRun({ record, self, tmpDir, processes })).toEqual(want);
  });

  it.each([
    {
      what: 'before this process started: a stale file, its pid reused',
      startedAtMs: Date.parse('2025-01-02'),
      want: 'clean',
    },
    {
      what: 'since this process started: a stack it runs already',
      startedAtMs: Date.parse('2024-12-31'),
      want: 'refuse',
    },
  ])('a file naming this very process, written $what', ({ startedAtMs, want }) => {
    const action = planEarlierRun({
      record,
      self: { pid: 100, startedAtMs },
      tmpDir,
      processes: view({ 100: SUPERVISOR }),
    });
    expect(action.kind).toBe(want);
  });

  it.each([
    { tempDir: '/tmp/scrape-lab-prometheus-abc', want: '/tmp/scrape-lab-prometheus-abc' },
    { tempDir: '/tmp/other-folder', want: null },
    { tempDir: '/home/me/scrape-lab-prometheus-abc', want: null },
    { tempDir: '/tmp/scrape-lab-prometheus-abc/../..', want: null },
    { tempDir: '/', want: null },
    { tempDir: null, want: null },
  ])('removes only its own temporary folder: $tempDir', ({ tempDir, want }) => {
    const action = planEarlierRun({
      record: { ...record, tempDir },
      self,
      tmpDir,
      processes: view({}),
    });
    expect(action).toMatchObject({ kind: 'clean', tempDir: want });
  });
});
