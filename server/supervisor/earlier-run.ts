import fs from 'node:fs';
import { formatPidFile, parsePidFile, planEarlierRun, type PidFile, type RecordedChild } from './pid-file';
import { commandLine, groupAlive, isAlive, signalGroup } from './processes';
import { SupervisorError } from './supervisor';

/** As long as the supervisor's own stop() gives a child: SIGTERM first, SIGKILL after that. */
const KILL_AFTER_MS = 3000;
/** SIGKILL takes effect at once, but the processes may take a moment to be reaped. */
const REAP_WAIT_MS = 2000;

export interface EarlierRunOptions {
  file: string;
  tmpDir: string;
  log: (line: string) => void;
}

/**
 * Stops what an earlier supervisor of this stack left running when it died without stopping cleanly, and
 * removes its temporary folder and pid file. Throws a SupervisorError while that supervisor still runs.
 */
export async function clearEarlierRun({ file, tmpDir, log }: EarlierRunOptions): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // No pid file: the last run stopped cleanly, or there was none.
    return;
  }
  const record = parsePidFile(text);
  if (!record) {
    fs.rmSync(file, { force: true });
    return;
  }
  const action = planEarlierRun({
    record,
    self: { pid: process.pid, startedAtMs: Date.now() - process.uptime() * 1000 },
    tmpDir,
    processes: { alive: isAlive, groupAlive, commandLine },
  });
  if (action.kind === 'refuse') {
    throw new SupervisorError(
      `another npm start (pid ${action.supervisorPid}) is still running this stack; stop it first ` +
        `(Ctrl-C in its terminal, or kill ${action.supervisorPid}). Its pid file: ${file}`,
    );
  }
  const groups = action.processGroups;
  for (const group of groups) signalGroup(group, 'SIGTERM');
  if (!(await waitUntilGone(groups, KILL_AFTER_MS))) {
    for (const group of groups) signalGroup(group, 'SIGKILL');
    await waitUntilGone(groups, REAP_WAIT_MS);
  }
  if (action.tempDir) fs.rmSync(action.tempDir, { recursive: true, force: true });
  fs.rmSync(file, { force: true });
  if (groups.length > 0) {
    log(
      `supervisor | stopped ${groups.length} ${groups.length === 1 ? 'process' : 'processes'} left by an ` +
        `earlier npm start (pid ${action.supervisorPid}) that did not stop cleanly`,
    );
  }
}

async function waitUntilGone(groups: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groups.some(groupAlive)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export interface RunRecordOptions {
  file: string;
  /** The temporary folder this run made (Prometheus'), for the next run to remove if this one cannot. */
  tempDir: string | null;
  log: (line: string) => void;
}

/** This run's pid file: rewritten whenever a child starts or exits, removed when the stack stops cleanly. */
export class RunRecord {
  private readonly supervisor: PidFile['supervisor'] = {
    pid: process.pid,
    command: commandLine('self'),
    startedAt: new Date().toISOString(),
  };
  private warned = false;

  constructor(private readonly options: RunRecordOptions) {}

  write(children: RecordedChild[]): void {
    const { file, tempDir } = this.options;
    // Written aside, then renamed: a supervisor killed mid-write never leaves half a file.
    const partial = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(partial, formatPidFile({ supervisor: this.supervisor, tempDir, children }));
      fs.renameSync(partial, file);
    } catch (err) {
      // The stack runs fine without it; only a later cleanup after a crash would be lost.
      if (!this.warned) this.options.log(`supervisor | cannot write ${file}: ${(err as Error).message}`);
      this.warned = true;
    }
  }

  remove(): void {
    fs.rmSync(this.options.file, { force: true });
  }
}
