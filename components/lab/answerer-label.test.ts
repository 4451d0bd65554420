import { describe, expect, it } from 'vitest';
import type { WorkerInfo } from '../../server/lab/types';
import { answererLabel, uptimeText, workerPlace } from './answerer-label';

const worker = (id: number, slot: number): WorkerInfo => ({
  id,
  pid: 1000 + id,
  uptimeSeconds: 1,
  slot,
  metricsPort: null,
});
const NOW = Date.UTC(2026, 11, 1, 7, 50, 15);

describe('answererLabel', () => {
  it.each([
    { answerer: 'worker 9', want: { label: 'w1', secondary: 'pid 1009', detail: 'worker 9, pid 1009' } },
    { answerer: 'worker 12', want: { label: 'w4', secondary: 'pid 1012', detail: 'worker 12, pid 1012' } },
    {
      answerer: 'worker 3',
      want: { label: 'worker 3 (gone)', secondary: null, detail: 'a worker no longer in the pool' },
    },
    {
      answerer: 'started 07:48:15Z',
      want: { label: 'bridge (up 2 min)', secondary: null, detail: 'started 07:48:15Z' },
    },
    {
      answerer: 'started 07:50:00Z',
      want: { label: 'bridge (up 15 s)', secondary: null, detail: 'started 07:50:00Z' },
    },
    // Started before midnight: the time of day is later than now's.
    {
      answerer: 'started 23:50:15Z',
      want: { label: 'bridge (up 8 h)', secondary: null, detail: 'started 23:50:15Z' },
    },
    { answerer: 'primary 4321', want: { label: 'primary', secondary: 'pid 4321', detail: 'primary 4321' } },
    { answerer: 'bridge-1', want: { label: 'bridge-1', secondary: null, detail: null } },
  ])('$answerer → $want.label', ({ answerer, want }) => {
    const workers = [worker(9, 1), worker(10, 2), worker(11, 3), worker(12, 4)];
    expect(answererLabel(answerer, workers, NOW)).toEqual(want);
  });

  it('names workers by place after a reset moved their slots to 5…8', () => {
    const workers = [worker(13, 7), worker(14, 5), worker(15, 8), worker(16, 6)];
    expect(
      ['worker 13', 'worker 14', 'worker 15', 'worker 16'].map((a) => answererLabel(a, workers, NOW).label),
    ).toEqual(['w3', 'w1', 'w4', 'w2']);
  });

  it('says a worker is gone when the route lists no workers', () => {
    expect(answererLabel('worker 9', null, NOW).label).toBe('worker 9 (gone)');
  });
});

describe('workerPlace', () => {
  it.each([
    { slots: [1, 2, 3, 4], slot: 1, want: 1 },
    { slots: [1, 2, 3, 4], slot: 4, want: 4 },
    { slots: [5, 6, 7, 8], slot: 5, want: 1 },
    { slots: [5, 6, 7, 8], slot: 8, want: 4 },
    // w2 crashed and its replacement took slot 2 back: the places do not move.
    { slots: [1, 3, 4, 2], slot: 2, want: 2 },
    { slots: [3], slot: 3, want: 1 },
  ])('slot $slot of $slots → w$want', ({ slots, slot, want }) => {
    expect(
      workerPlace(
        { slot },
        slots.map((s) => ({ slot: s })),
      ),
    ).toBe(want);
  });
});

describe('uptimeText', () => {
  it.each([
    { seconds: -1, want: '0 s' },
    { seconds: 59.9, want: '59 s' },
    { seconds: 60, want: '1 min' },
    { seconds: 3599, want: '59 min' },
    { seconds: 7200, want: '2 h' },
  ])('$seconds s → $want', ({ seconds, want }) => {
    expect(uptimeText(seconds)).toBe(want);
  });
});
