import fs from 'node:fs';

/**
 * What this system says about other processes, read from /proc where there is one (Linux) and from signal 0
 * elsewhere (macOS), where a command line cannot be read and a zombie counts as alive.
 */

const hasProc = fs.existsSync('/proc/self/stat');

export interface Stat {
  state: string;
  parent: number;
  processGroup: number;
}

/** The fields of a `/proc/<pid>/stat` line this project reads. */
export function parseStat(text: string): Stat {
  // The command name in parentheses may hold spaces: the fields that follow start after the last ')'.
  const [state = '', parent = '', processGroup = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state, parent: Number(parent), processGroup: Number(processGroup) };
}

function readStat(pid: number): Stat | null {
  try {
    return parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function answersSignalZero(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A zombie has exited already: it holds no port and runs nothing. */
const running = (stat: Stat | null) => stat !== null && stat.state !== 'Z' && stat.state !== 'X';

export function isAlive(pid: number): boolean {
  return hasProc ? running(readStat(pid)) : answersSignalZero(pid);
}

/** True while any process of the group runs, even when its leader has gone. */
export function groupAlive(processGroup: number): boolean {
  if (!answersSignalZero(-processGroup)) return false;
  if (!hasProc) return true;
  return fs.readdirSync('/proc').some((entry) => {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) return false;
    const stat = readStat(pid);
    return stat?.processGroup === processGroup && running(stat);
  });
}

/** The argv of a process, [] when it cannot be read (it just ended), null on a system without /proc. */
export function commandLine(pid: number | 'self'): string[] | null {
  if (!hasProc) return null;
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    return argv;
  } catch {
    return [];
  }
}

/** Signals a whole process group; false when it has gone already. */
export function signalGroup(processGroup: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-processGroup, signal);
    return true;
  } catch {
    return false;
  }
}
