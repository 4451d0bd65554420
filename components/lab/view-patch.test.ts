import { describe, expect, it } from 'vitest';
import { applyViewPatch, viewPatch } from './view-patch';

const row = (id: string, value: string) => ({ id, cells: [{ value }, { value: 'same' }] });
const series = (from: number) => Array.from({ length: 40 }, (_, i) => ({ x: from + i, y: i }));

describe('viewPatch', () => {
  it.each([
    { name: 'equal values', previous: { a: 1, b: [1, 2] }, next: { a: 1, b: [1, 2] }, want: { kept: true } },
    { name: 'a changed number', previous: 1, next: 2, want: { value: 2 } },
    { name: 'null to a record', previous: null, next: { a: 1 }, want: { value: { a: 1 } } },
    {
      name: 'a record, part by part',
      previous: { a: 1, b: 'x' },
      next: { a: 1, b: 'y' },
      want: { record: { a: { kept: true }, b: { value: 'y' } } },
    },
    {
      name: 'a key added',
      previous: { a: 1 },
      next: { a: 1, b: 2 },
      want: { record: { a: { kept: true }, b: { value: 2 } } },
    },
    {
      name: 'a key removed',
      previous: { a: 1, b: 2 },
      next: { a: 1 },
      want: { record: { a: { kept: true } } },
    },
    {
      name: 'a short list, item by item',
      previous: [row('a', '1'), row('b', '2')],
      next: [row('a', '1'), row('b', '3')],
      want: {
        list: [
          { kept: true },
          {
            record: {
              id: { kept: true },
              cells: { list: [{ record: { value: { value: '3' } } }, { kept: true }] },
            },
          },
        ],
      },
    },
    { name: 'a list that grew, whole', previous: [1], next: [1, 2], want: { value: [1, 2] } },
    { name: 'a long list, whole', previous: series(0), next: series(1), want: { value: series(1) } },
    { name: 'a long list unchanged', previous: series(0), next: series(0), want: { kept: true } },
  ])('$name', ({ previous, next, want }) => {
    expect(viewPatch(previous, next)).toEqual(want);
  });
});

describe('applyViewPatch', () => {
  it.each([
    { name: 'from nothing', previous: null, next: { rows: [row('a', '1')], now: 1 } },
    {
      name: 'a changed cell',
      previous: { rows: [row('a', '1'), row('b', '2')] },
      next: { rows: [row('a', '1'), row('b', '3')] },
    },
    { name: 'a key gone', previous: { a: 1, b: 2 }, next: { a: 1 } },
    { name: 'a long series moved', previous: { s: series(0), n: 1 }, next: { s: series(1), n: 1 } },
  ])('$name: the next view, equal in value', ({ previous, next }) => {
    expect(applyViewPatch(previous, viewPatch(previous, structuredClone(next)))).toEqual(next);
  });

  it('keeps the unchanged parts as the same objects', () => {
    const previous = {
      now: 1,
      table: { rows: [row('a', '1'), row('b', '2')], load: 'x' },
      series: series(0),
    };
    const next = structuredClone(previous);
    next.now = 2;
    (next.table.rows[1]?.cells[0] as { value: string }).value = '3';
    const after = applyViewPatch<typeof previous>(previous, structuredClone(viewPatch(previous, next)));
    expect(after).toEqual(next);
    expect(after.table.rows[0]).toBe(previous.table.rows[0]);
    expect(after.table.rows[1]?.cells[1]).toBe(previous.table.rows[1]?.cells[1]);
    expect(after.table.rows[1]).not.toBe(previous.table.rows[1]);
    expect(after.series).toBe(previous.series);
  });
});
