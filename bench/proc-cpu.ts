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

export interface MachineTicks {
  total: number;
  /** Taken by the hypervisor for others. */
  steal: number;
  /** Idle, waiting for I/O included: what no process used. */
  idle: number;
}

/** The machine's clock ticks in all, stolen by the hypervisor, and idle, from /proc/stat's first line. */
export function machineTicks(procStat: string): MachineTicks {
  const line = procStat.split('\n')[0] ?? '';
  if (!line.startsWith('cpu ')) throw new Error(`not a /proc/stat cpu line: ${line.slice(0, 40)}`);
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is counted in user already.
  const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0);
  return { total, steal: values[7] ?? 0, idle: (values[3] ?? 0) + (values[4] ?? 0) };
}

/** /proc/stat's ticks now; null off Linux. */
export function readMachineTicks(): MachineTicks | null {
  try {
    return machineTicks(fs.readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/** How many of `cpus` CPUs processes kept busy between two readings, on average; null without a tick between. */
export function busyCores(before: MachineTicks, after: MachineTicks, cpus: number): number | null {
  const total = after.total - before.total;
  if (!(total > 0)) return null;
  const busy = total - (after.idle - before.idle) - (after.steal - before.steal);
  return (busy / total) * cpus;
}
