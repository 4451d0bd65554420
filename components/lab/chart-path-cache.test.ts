import { describe, expect, it } from 'vitest';
import { PathCache } from './chart-path-cache';

const T0 = 1_700_000_000_000;
const chunk = (key: number, ...ys: (number | null)[]) => ({
  key,
  points: ys.map((y, i) => ({ x: T0 + i * 1000, y })),
});

describe('PathCache', () => {
  it.each([
    { name: 'equal points, drawn the same', next: chunk(1, 1, 2), drawing: 'a', redrawn: false },
    { name: 'a point more', next: chunk(1, 1, 2, 3), drawing: 'a', redrawn: true },
    { name: 'a value changed', next: chunk(1, 1, 5), drawing: 'a', redrawn: true },
    { name: 'a value became a gap', next: chunk(1, 1, null), drawing: 'a', redrawn: true },
    {
      name: 'a point at another time',
      next: {
        key: 1,
        points: [
          { x: T0, y: 1 },
          { x: T0 + 500, y: 2 },
        ],
      },
      drawing: 'a',
      redrawn: true,
    },
    { name: 'drawn with other scales', next: chunk(1, 1, 2), drawing: 'b', redrawn: true },
  ])('$name: redrawn $redrawn', ({ next, drawing, redrawn }) => {
    const cache = new PathCache();
    let draws = 0;
    const draw = () => `d${++draws}`;
    const first = cache.path('s', chunk(1, 1, 2), 'a', draw);
    const second = cache.path('s', next, drawing, draw);
    expect(second === first).toBe(!redrawn);
    expect(draws).toBe(redrawn ? 2 : 1);
  });

  it('knows the very points the view patch kept without reading them', () => {
    const cache = new PathCache();
    let draws = 0;
    const draw = () => `d${++draws}`;
    const piece = chunk(1, 1, 2);
    cache.path('s', piece, 'a', draw);
    cache.path('s', { key: 1, points: [...piece.points] }, 'a', draw);
    expect(draws).toBe(1);
  });

  it.each([
    { name: 'the oldest piece, lost its first points', oldest: true, next: [2, 3], redrawn: false },
    { name: 'the oldest piece, lost a point inside', oldest: true, next: [1, 3], redrawn: true },
    { name: 'the oldest piece, lost its first point and changed', oldest: true, next: [2, 9], redrawn: true },
    { name: 'another piece, lost its first point', oldest: false, next: [2, 3], redrawn: true },
  ])('$name: redrawn $redrawn', ({ oldest, next, redrawn }) => {
    const cache = new PathCache();
    let draws = 0;
    const draw = () => `d${++draws}`;
    const first = chunk(1, 1, 2, 3);
    cache.path('s', first, 'a', draw, oldest);
    const points = next.map((y) => first.points.find((p) => p.y === y) ?? { x: T0 + 9000, y });
    cache.path('s', { key: 1, points }, 'a', draw, oldest);
    expect(draws).toBe(redrawn ? 2 : 1);
  });

  it('keeps series apart, and forgets the pieces a sweep did not see drawn', () => {
    const cache = new PathCache();
    let draws = 0;
    const draw = () => `d${++draws}`;
    cache.path('a', chunk(1, 1), '', draw);
    cache.path('b', chunk(1, 1), '', draw);
    expect(draws).toBe(2);
    cache.sweep();
    cache.path('a', chunk(1, 1), '', draw);
    cache.sweep();
    cache.path('a', chunk(1, 1), '', draw);
    cache.path('b', chunk(1, 1), '', draw);
    expect(draws).toBe(3);
  });
});
