import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it.each([
    { capacity: 3, pushes: [], want: [], last: undefined },
    { capacity: 3, pushes: [1], want: [1], last: 1 },
    { capacity: 3, pushes: [1, 2, 3], want: [1, 2, 3], last: 3 },
    { capacity: 3, pushes: [1, 2, 3, 4], want: [2, 3, 4], last: 4 },
    { capacity: 3, pushes: [1, 2, 3, 4, 5, 6, 7], want: [5, 6, 7], last: 7 },
    { capacity: 1, pushes: [1, 2], want: [2], last: 2 },
  ])('capacity $capacity after $pushes holds $want', ({ capacity, pushes, want, last }) => {
    const ring = new RingBuffer<number>(capacity);
    for (const p of pushes) ring.push(p);
    expect(ring.toArray()).toEqual(want);
    expect(ring.length).toBe(want.length);
    expect(ring.last()).toBe(last);
  });

  it('stays bounded over many pushes', () => {
    const ring = new RingBuffer<number>(100);
    for (let i = 0; i < 100_000; i += 1) ring.push(i);
    expect(ring.length).toBe(100);
    expect(ring.toArray()[0]).toBe(99_900);
  });

  it('clears', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(/capacity/);
  });
});
