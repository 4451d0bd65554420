import { describe, expect, it } from 'vitest';
import type { GunicornEvent } from './gunicorn-events';
import { WorkerTable } from './worker-table';

const ready = (id: number, slot: number, forkedAtMs = 0): GunicornEvent => ({
  event: 'ready',
  id,
  pid: 1000 + id,
  slot,
  forkedAtMs,
});
const exit = (id: number): GunicornEvent => ({ event: 'exit', id, pid: 1000 + id });
const target = (workers: number): GunicornEvent => ({ event: 'target', workers });

function tableAfter(events: GunicornEvent[]): WorkerTable {
  const table = new WorkerTable();
  for (const e of events) table.apply(e);
  return table;
}

describe('WorkerTable', () => {
  it.each([
    { name: 'nothing reported yet', events: [], ids: [], masterTarget: null },
    { name: 'the start', events: [target(2), ready(2, 2), ready(1, 1)], ids: [1, 2], masterTarget: 2 },
    {
      name: 'a crash and its replacement',
      events: [target(2), ready(1, 1), ready(2, 2), exit(1), ready(3, 1)],
      ids: [2, 3],
      masterTarget: 2,
    },
    {
      name: 'scaled down: the count changes first, the worker leaves when reaped',
      events: [target(2), ready(1, 1), ready(2, 2), target(1)],
      ids: [1, 2],
      masterTarget: 1,
    },
    { name: 'an exit of a worker never seen ready', events: [target(1), exit(7)], ids: [], masterTarget: 1 },
  ])('$name', ({ events, ids, masterTarget }) => {
    const table = tableAfter(events);
    expect(table.list(0).map((w) => w.id)).toEqual(ids);
    expect(table.size).toBe(ids.length);
    expect(table.masterTarget).toBe(masterTarget);
  });

  it("lists workers in the Node demo's shape, oldest first, uptime in tenths of a second", () => {
    const table = tableAfter([ready(5, 2, 1_000), ready(4, 1, 500)]);
    expect(table.list(3_460)).toEqual([
      { id: 4, pid: 1004, uptimeSeconds: 3, slot: 1, metricsPort: null },
      { id: 5, pid: 1005, uptimeSeconds: 2.5, slot: 2, metricsPort: null },
    ]);
  });
});
