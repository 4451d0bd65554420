import { describe, expect, it } from 'vitest';
import { PathCache } from './chart-path-cache';

const NOW = 1_700_000_005_000;
const chunk = (key: number, ...ys: (number | null)[]) => ({
  key,
  points: ys.map((y, i) => ({ x: -10 + i, y })),
});

describe('PathCache', () => {
  it.each([
    { name: 'the same points, drawn the same', now: NOW, next: chunk(1, 1, 2), drawing: 'a', redrawn: false },
    // A second later the points' x are a second further back: the same absolute times.
    {
      name: 'the same times as now moves on',
      now: NOW + 1000,
      next: {
        key: 1,
        points: [
          { x: -11, y: 1 },
          { x: -10, y: 2 },
        ],
      },
      drawing: 'a',
      redrawn: false,
    },
    { name: 'a point more', now: NOW, next: chunk(1, 1, 2, 3), drawing: 'a', redrawn: true },
    { name: 'a value changed', now: NOW, next: chunk(1, 1, 5), drawing: 'a', redrawn: true },
    { name: 'a value became a gap', now: NOW, next: chunk(1, 1, null), drawing: 'a', redrawn: true },
    { name: 'drawn with other scales', now: NOW, next: chunk(1, 1, 2), drawing: 'b', redrawn: true },
  ])('$name: redrawn $redrawn', ({ now, next, drawing, redrawn }) => {
    const cache = new PathCache();
    let draws = 0;
    const draw = () => `d${++draws}`;
    const first = cache.path('s', chunk(1, 1, 2), NOW, 'a', draw);
    const second = cache.path('s', next, now, drawing, draw);
    expect(second === first).toBe(!redrawn);
    expect(draws).toBe(redrawn ? 2 : 1);
  });

  it('keeps series apart, and forgets the pieces a sweep did not see drawn', () => {
    const cache = new PathCache();
    let draws = 0;
    const draw = () => `d${++draws}`;
    cache.path('a', chunk(1, 1), NOW, '', draw);
    cache.path('b', chunk(1, 1), NOW, '', draw);
    expect(draws).toBe(2);
    cache.sweep();
    cache.path('a', chunk(1, 1), NOW, '', draw);
    cache.sweep();
    cache.path('a', chunk(1, 1), NOW, '', draw);
    cache.path('b', chunk(1, 1), NOW, '', draw);
    expect(draws).toBe(3);
  });
});
