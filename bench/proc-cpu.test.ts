import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { busyCores, cpuSeconds, machineTicks, statCpuTicks } from './proc-cpu';

const tail = '0 -1 4194560 100 0 0 0';

describe('statCpuTicks', () => {
  it.each([
    { stat: `42 (node) S 1 42 42 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 11 0`, want: 280 },
    { stat: `42 (node main) R 1 42 42 ${tail} 7 3 0 0 20 0 1 0`, want: 10 },
    { stat: `42 (a) (b)) S 1 42 42 ${tail} 0 0 0 0 20 0 1 0`, want: 0 },
  ])('reads $want ticks from $stat', ({ stat, want }) => {
    expect(statCpuTicks(stat)).toBe(want);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => statCpuTicks('no fields here')).toThrow(/not a \/proc/);
  });
});

describe('cpuSeconds', () => {
  it.runIf(fs.existsSync('/proc/self/stat'))('reads this process on the real /proc', () => {
    expect(cpuSeconds(process.pid)).toBeGreaterThan(0);
  });

  it('is null for no pid', () => {
    expect(cpuSeconds(undefined)).toBeNull();
  });
});

describe('machineTicks', () => {
  it.each([
    { stat: 'cpu  100 0 50 800 10 0 5 35 0 0\ncpu0 1 2 3', want: { total: 1000, steal: 35, idle: 810 } },
    { stat: 'cpu 10 0 10 80', want: { total: 100, steal: 0, idle: 80 } },
  ])('reads $want from $stat', ({ stat, want }) => {
    expect(machineTicks(stat)).toEqual(want);
  });

  it('refuses a file that does not start with the cpu line', () => {
    expect(() => machineTicks('intr 1 2 3')).toThrow(/not a \/proc\/stat cpu line/);
  });
});

describe('busyCores', () => {
  const at = (total: number, idle: number, steal = 0) => ({ total, idle, steal });
  it.each([
    { before: at(1000, 500), after: at(2000, 1000), cpus: 2, want: 1 },
    // Stolen ticks ran someone else's work, not a process of this machine.
    { before: at(0, 0), after: at(1000, 250, 250), cpus: 4, want: 2 },
    { before: at(0, 0), after: at(100, 0), cpus: 2, want: 2 },
    { before: at(100, 50), after: at(100, 50), cpus: 2, want: null },
  ])('$want of $cpus from $before to $after', ({ before, after, cpus, want }) => {
    expect(busyCores(before, after, cpus)).toBe(want);
  });
});
