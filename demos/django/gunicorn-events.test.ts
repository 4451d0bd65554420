import { describe, expect, it } from 'vitest';
import { EventLineSplitter, parseEventLine } from './gunicorn-events';

describe('parseEventLine', () => {
  it.each([
    {
      line: '{"event":"ready","id":3,"pid":4242,"slot":1,"forkedAtMs":1700000000000}',
      want: { ok: true, event: { event: 'ready', id: 3, pid: 4242, slot: 1, forkedAtMs: 1700000000000 } },
    },
    {
      line: '{"event":"exit","id":3,"pid":4242}',
      want: { ok: true, event: { event: 'exit', id: 3, pid: 4242 } },
    },
    { line: '{"event":"target","workers":4}', want: { ok: true, event: { event: 'target', workers: 4 } } },
    {
      line: '{"event":"exit","id":0,"pid":4242}',
      want: { ok: false, line: '{"event":"exit","id":0,"pid":4242}' },
    },
    { line: '{"event":"spawned","pid":1}', want: { ok: false, line: '{"event":"spawned","pid":1}' } },
    {
      line: '[2026-12-01] [12] [INFO] Booting worker',
      want: { ok: false, line: '[2026-12-01] [12] [INFO] Booting worker' },
    },
  ])('reads $line', ({ line, want }) => {
    expect(parseEventLine(line)).toEqual(want);
  });
});

describe('EventLineSplitter', () => {
  it('keeps a line cut across chunks until its end arrives, and skips blank lines', () => {
    const splitter = new EventLineSplitter();
    expect(splitter.push('{"event":"target",')).toEqual([]);
    expect(splitter.push('"workers":2}\n\n{"event":"exit","id":1,"pid":9}\n{"ev')).toEqual([
      { ok: true, event: { event: 'target', workers: 2 } },
      { ok: true, event: { event: 'exit', id: 1, pid: 9 } },
    ]);
    expect(splitter.push('ent":"target","workers":3}\n')).toEqual([
      { ok: true, event: { event: 'target', workers: 3 } },
    ]);
  });
});
