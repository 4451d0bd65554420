import { describe, expect, it } from 'vitest';
import { keepEqual } from './keep-equal';

describe('keepEqual', () => {
  const row = { id: 'a', cells: [{ value: '1 %' }, { value: '2 ms' }] };

  it.each([
    { name: 'equal primitives', previous: 1, next: 1 },
    { name: 'NaN', previous: Number.NaN, next: Number.NaN },
    { name: 'a deep-equal object', previous: row, next: structuredClone(row) },
    { name: 'a deep-equal array', previous: [row, null], next: [structuredClone(row), null] },
  ])('$name: the previous value itself', ({ previous, next }) => {
    expect(keepEqual(previous, next)).toBe(previous);
  });

  it.each([
    { name: 'another primitive', previous: 1, next: 2 },
    { name: 'null after an object', previous: row, next: null },
    { name: 'an object after null', previous: null, next: row },
    { name: 'an array after an object', previous: { 0: 'a' }, next: ['a'] },
    { name: 'an object after an array', previous: ['a'], next: { 0: 'a' } },
  ])('$name: the next value', ({ previous, next }) => {
    expect(keepEqual(previous, next)).toBe(next);
  });

  it('keeps the unchanged parts of a changed view and rebuilds the rest', () => {
    const previous = { now: 1, rows: [row, { id: 'b', cells: [{ value: '3 %' }] }] };
    const next = structuredClone(previous);
    next.now = 2;
    (next.rows[1]?.cells[0] as { value: string }).value = '4 %';
    const kept = keepEqual(previous, next);
    expect(kept).toEqual(next);
    expect(kept).not.toBe(previous);
    expect(kept.rows[0]).toBe(row);
    expect(kept.rows[1]).not.toBe(previous.rows[1]);
    // Nothing of the changed cell was kept: it is the new one itself, not a copy of it.
    expect(kept.rows[1]?.cells[0]).toBe(next.rows[1]?.cells[0]);
  });

  it('hands back `next` itself when nothing of `previous` is kept', () => {
    const next = { points: [{ x: 1, y: 2 }], now: 5 };
    expect(keepEqual({ points: [{ x: 0, y: 2 }], now: 4 }, next)).toBe(next);
  });

  it.each([
    { name: 'a key added', previous: { a: 1 }, next: { a: 1, b: 2 } },
    { name: 'a key removed', previous: { a: 1, b: 2 }, next: { a: 1 } },
    { name: 'a key renamed with the same value', previous: { a: undefined }, next: { b: undefined } },
    { name: 'an element added', previous: [1], next: [1, 2] },
    { name: 'an element removed', previous: [1, 2], next: [1] },
  ])('$name: a new value, equal to next', ({ previous, next }) => {
    const kept = keepEqual(previous, next);
    expect(kept).not.toBe(previous);
    expect(kept).toEqual(next);
  });
});
