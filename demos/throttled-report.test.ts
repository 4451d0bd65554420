import { describe, expect, it } from 'vitest';
import { createThrottledReport } from './throttled-report';

type Step = { at: number; record: string } | { at: number; flush: true };

describe('createThrottledReport', () => {
  it.each<{ name: string; steps: Step[]; lines: string[] }>([
    {
      name: 'reports the first event at once',
      steps: [{ at: 0, record: 'EPERM' }],
      lines: ['errs: 1 since last report (1 in all), latest: EPERM'],
    },
    {
      name: 'holds back events within the interval',
      steps: [
        { at: 0, record: 'a' },
        { at: 1_000, record: 'b' },
        { at: 9_999, record: 'c' },
      ],
      lines: ['errs: 1 since last report (1 in all), latest: a'],
    },
    {
      name: 'reports the held-back count once the interval has passed',
      steps: [
        { at: 0, record: 'a' },
        { at: 5_000, record: 'b' },
        { at: 10_000, record: 'c' },
      ],
      lines: [
        'errs: 1 since last report (1 in all), latest: a',
        'errs: 2 since last report (3 in all), latest: c',
      ],
    },
    {
      name: 'reports held-back events on flush',
      steps: [
        { at: 0, record: 'a' },
        { at: 1, record: 'b' },
        { at: 2, flush: true },
      ],
      lines: [
        'errs: 1 since last report (1 in all), latest: a',
        'errs: 1 since last report (2 in all), latest: b',
      ],
    },
    { name: 'writes nothing on flush when nothing is pending', steps: [{ at: 0, flush: true }], lines: [] },
  ])('$name', ({ steps, lines }) => {
    let now = 0;
    const written: string[] = [];
    const report = createThrottledReport({
      what: 'errs',
      intervalMs: 10_000,
      now: () => now,
      report: (line) => written.push(line),
    });
    for (const step of steps) {
      now = step.at;
      if ('record' in step) report.record(step.record);
      else report.flush();
    }
    expect(written).toEqual(lines);
    expect(report.total()).toBe(steps.filter((s) => 'record' in s).length);
  });
});
