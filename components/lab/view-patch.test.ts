import { describe, expect, it } from 'vitest';
import { applyViewPatch, viewPatch } from './view-patch';

const row = (id: string, value: string) => ({ id, cells: [{ value }, { value: 'same' }] });
/** A window of 40 points from time `from` on: each point is the same at the same time. */
const series = (from: number, length = 40) =>
  Array.from({ length }, (_, i) => ({ x: from + i, y: (from + i) * 2 }));
/** The same window with its values moved: no point is as before. */
const shifted = (from: number) => series(from).map((p) => ({ ...p, y: p.y + 1 }));

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
    {
      name: 'a long list that slid',
      previous: series(0),
      next: series(3),
      want: { drop: 3, append: series(40, 3) },
    },
    {
      name: 'a long list that grew',
      previous: series(0),
      next: series(0, 42),
      want: { drop: 0, append: series(40, 2) },
    },
    {
      name: 'a long list that lost its oldest',
      previous: series(0),
      next: series(5, 35),
      want: { drop: 5, append: [] },
    },
    {
      name: 'a long list with new values, whole',
      previous: series(0),
      next: shifted(0),
      want: { value: shifted(0) },
    },
    {
      name: 'a long list changed inside, whole',
      previous: series(0),
      next: series(0).map((p, i) => (i === 20 ? { ...p, y: -1 } : p)),
      want: { value: series(0).map((p, i) => (i === 20 ? { ...p, y: -1 } : p)) },
    },
    {
      name: 'a long list from a short one, whole',
      previous: [1],
      next: series(0),
      want: { value: series(0) },
    },
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
    { name: 'a long series slid', previous: { s: series(0), n: 1 }, next: { s: series(7), n: 1 } },
    { name: 'a long series replaced', previous: { s: series(0), n: 1 }, next: { s: shifted(0), n: 1 } },
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

  it('keeps the points a long list slid past as the same objects', () => {
    const previous = series(0);
    const after = applyViewPatch<typeof previous>(previous, structuredClone(viewPatch(previous, series(4))));
    expect(after).toEqual(series(4));
    expect(after[0]).toBe(previous[4]);
    expect(after[35]).toBe(previous[39]);
  });
});
