import { describe, expect, it } from 'vitest';
import type { CounterSeries, WorkerSeries } from './series';
import { sameLegend } from './worker-legend';

const worker = (answerer: string, points: number, label = answerer): WorkerSeries => ({
  answerer,
  name: { label, secondary: null, detail: null },
  style: { color: '#000', shape: 'circle' },
  points: Array.from({ length: points }, (_, i) => ({ x: i, y: i })),
});
const series = (workers: WorkerSeries[], failures = 0): CounterSeries => ({
  truth: [],
  scraped: [],
  workers,
  unidentified: [],
  failures: Array.from({ length: failures }, (_, i) => ({ x: i, y: 0 })),
  counts: { scrapes: 0, ok: 0, failed: 0, noValue: 0 },
});
const props = (s: CounterSeries, compare?: string) => ({ series: s, compare, testId: 'legend' });

describe('sameLegend', () => {
  it.each([
    { name: 'new points, the same counts', next: series([worker('w1', 3)]), same: true },
    { name: 'a worker answered once more', next: series([worker('w1', 4)]), same: false },
    { name: 'a worker more', next: series([worker('w1', 3), worker('w2', 1)]), same: false },
    { name: 'a worker renamed', next: series([worker('w1', 3, 'w2')]), same: false },
    { name: 'a failure more', next: series([worker('w1', 3)], 1), same: false },
  ])('$name: same $same', ({ next, same }) => {
    expect(sameLegend(props(series([worker('w1', 3)])), props(next))).toBe(same);
  });

  it('a comparison named', () => {
    const s = series([worker('w1', 3)]);
    expect(sameLegend(props(s), props(s, 'direct'))).toBe(false);
  });
});
