import { describe, expect, it } from 'vitest';
import { LoadSchedule } from './load-schedule';

const options = { ratePerSecond: 1000, maxPerStep: 50, maxBehindSeconds: 1 };

describe('LoadSchedule', () => {
  it.each([
    {
      name: 'steps on time send what fell due since the last one',
      steps: [5, 10, 15],
      want: [
        { send: 5, missed: 0, behind: 0 },
        { send: 5, missed: 0, behind: 0 },
        { send: 5, missed: 0, behind: 0 },
      ],
    },
    {
      name: 'a late step sends at most maxPerStep and the rest waits, counted as behind',
      steps: [5, 205, 210],
      want: [
        { send: 5, missed: 0, behind: 0 },
        { send: 50, missed: 0, behind: 150 },
        { send: 50, missed: 0, behind: 105 },
      ],
    },
    {
      name: 'a stall longer than maxBehindSeconds gives up on what is too late, never bursts it',
      steps: [5, 3005],
      want: [
        { send: 5, missed: 0, behind: 0 },
        // 3000 due by 3.005 s; the 2000 due before 2.005 s are missed; 50 of the last 1000 go out.
        { send: 50, missed: 2000, behind: 950 },
      ],
    },
    {
      name: 'a step before the first request is due sends nothing',
      steps: [0, 0.5],
      want: [
        { send: 0, missed: 0, behind: 0 },
        { send: 0, missed: 0, behind: 0 },
      ],
    },
  ])('$name', ({ steps, want }) => {
    const schedule = new LoadSchedule(options, 0);
    const got = steps.map((t) => ({ ...schedule.step(t), behind: schedule.behind(t) }));
    expect(got).toEqual(want);
  });

  it.each([
    { at: 50, steps: [50], want: 0 },
    // 100 due by 100 ms, none sent: the oldest fell due at 1 ms.
    { at: 100, steps: [], want: 0.099 },
    // 50 of 200 sent at 200 ms: the oldest waiting (the 51st) fell due at 51 ms.
    { at: 200, steps: [200], want: 0.149 },
  ])('the oldest waiting request at $at ms after steps $steps is $want s late', ({ at, steps, want }) => {
    const schedule = new LoadSchedule(options, 0);
    for (const t of steps) schedule.step(t);
    expect(schedule.behindSeconds(at)).toBeCloseTo(want, 9);
  });

  it('retires what is waiting as missed, so requested = sent + missed + behind holds', () => {
    const schedule = new LoadSchedule(options, 0);
    const first = schedule.step(200);
    expect(schedule.retire(200)).toBe(150);
    expect(schedule.behind(200)).toBe(0);
    const next = schedule.step(205);
    expect(first.send + 150 + next.send + schedule.behind(205)).toBe(schedule.due(205));
  });

  it('never falls due at rate 0', () => {
    const schedule = new LoadSchedule({ ...options, ratePerSecond: 0 }, 0);
    expect(schedule.step(10_000)).toEqual({ send: 0, missed: 0 });
    expect(schedule.behindSeconds(10_000)).toBe(0);
  });
});
