import path from 'node:path';
import { isInt, isRecord, isString, isStringArray, parseJson } from '../config/shape-guards';

/**
 * The record a running supervisor keeps of itself and its children, so that the next `npm start` can stop
 * what it left behind when it died without stopping cleanly (SIGKILL, a crash, a closed laptop lid).
 * Pure: the reading of /proc and the killing are in earlier-run.ts.
 */

/** The prefix of the temporary folder the supervisor makes for Prometheus, the only folder it ever removes. */
export const TEMP_DIR_PREFIX = 'scrape-lab-prometheus-';

export interface RecordedChild {
  name: string;
  pid: number;
  processGroup: number;
  command: string[];
}

export interface PidFile {
  supervisor: {
    pid: number;
    /** Its argv, null where it could not be read (no /proc). */
    command: string[] | null;
    startedAt: string;
  };
  tempDir: string | null;
  children: RecordedChild[];
}

const isPid = (raw: unknown): raw is number => isInt(raw, 2);

function isChild(raw: unknown): raw is RecordedChild {
  return (
    isRecord(raw) &&
    isString(raw.name) &&
    isPid(raw.pid) &&
    isPid(raw.processGroup) &&
    isStringArray(raw.command)
  );
}

/** One file per stack, named by its lab port: two stacks on other ports never see each other's. */
export function pidFilePath({ tmpDir, labPort }: { tmpDir: string; labPort: number }): string {
  return path.join(tmpDir, `scrape-lab-${labPort}.json`);
}

export function formatPidFile(record: PidFile): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The record in a pid file, or null when it is not one (half-written, or from another program). */
export function parsePidFile(text: string): PidFile | null {
  const raw = parseJson(text);
  if (!isRecord(raw) || !isRecord(raw.supervisor)) return null;
  const { pid, command, startedAt } = raw.supervisor;
  if (!isPid(pid) || !(command === null || isStringArray(command)) || !isString(startedAt)) return null;
  if (!(raw.tempDir === null || isString(raw.tempDir))) return null;
  if (!Array.isArray(raw.children) || !raw.children.every(isChild)) return null;
  return {
    supervisor: { pid, command, startedAt },
    tempDir: raw.tempDir,
    children: raw.children.map(({ name, pid, processGroup, command }) => ({
      name,
      pid,
      processGroup,
      command,
    })),
  };
}

/** What is known right now about the processes a pid file names. */
export interface ProcessView {
  alive(pid: number): boolean;
  groupAlive(processGroup: number): boolean;
  /** The argv of a live process, or null when this system cannot tell (no /proc). */
  commandLine(pid: number): string[] | null;
}

export type EarlierRunAction =
  /** Its supervisor still runs: starting another would fight it for the ports. */
  | { kind: 'refuse'; supervisorPid: number }
  | { kind: 'clean'; supervisorPid: number; processGroups: number[]; tempDir: string | null };

export interface EarlierRunFacts {
  record: PidFile;
  /** This process, with the time it started: a file naming its pid but older than it is a stale one. */
  self: { pid: number; startedAtMs: number };
  /** Where temporary folders are made; a recorded folder anywhere else is never removed. */
  tmpDir: string;
  processes: ProcessView;
}

/** Decides what to do about an earlier run's pid file, guarding against pids the system has reused since. */
export function planEarlierRun({ record, self, tmpDir, processes }: EarlierRunFacts): EarlierRunAction {
  const supervisorPid = record.supervisor.pid;
  if (supervisorRuns(record.supervisor, self, processes)) return { kind: 'refuse', supervisorPid };
  const processGroups = new Set<number>();
  for (const child of record.children) {
    if (processes.alive(child.pid)) {
      // A live leader running something else is a reused pid: its group cannot be the child's any more.
      if (sameCommand(processes.commandLine(child.pid), child.command)) processGroups.add(child.processGroup);
    } else if (processes.groupAlive(child.processGroup)) {
      // The leader died but the group lives on (cluster workers); a group id is not reused while it does.
      processGroups.add(child.processGroup);
    }
  }
  const tempDir =
    record.tempDir !== null &&
    path.dirname(record.tempDir) === tmpDir &&
    path.basename(record.tempDir).startsWith(TEMP_DIR_PREFIX)
      ? record.tempDir
      : null;
  return { kind: 'clean', supervisorPid, processGroups: [...processGroups], tempDir };
}

function supervisorRuns(
  { pid, startedAt, command }: PidFile['supervisor'],
  self: EarlierRunFacts['self'],
  processes: ProcessView,
): boolean {
  // Written by this very process since it started: a stack it runs already (a second in-process startStack).
  if (pid === self.pid) return Date.parse(startedAt) >= self.startedAtMs;
  return processes.alive(pid) && sameCommand(processes.commandLine(pid), command);
}

/** Where either command line is unknown, the pid alone has to do. */
function sameCommand(now: string[] | null, recorded: string[] | null): boolean {
  if (now === null || recorded === null) return true;
  return now.length === recorded.length && now.every((arg, i) => arg === recorded[i]);
}
