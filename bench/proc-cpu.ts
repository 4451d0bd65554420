import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second, the unit of /proc's CPU times; null where getconf cannot say (off Linux). */
export const clockTicks = ((): number | null => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(out.stdout?.trim());
  return out.status === 0 && ticks > 0 ? ticks : null;
})();

/** utime + stime of a /proc/<pid>/stat line, in clock ticks. */
export function statCpuTicks(stat: string): number {
  // Fields after the parenthesised command name (which may hold spaces); utime and stime are fields 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 60)}`);
  return ticks;
}

/** CPU seconds a process has used (user + system), from /proc; null off Linux or once it is gone. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined || clockTicks === null) return null;
  try {
    return statCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicks;
  } catch {
    return null;
  }
}
