import { describe, expect, it } from 'vitest';
import { MapperCache } from './mapper-cache';

describe('MapperCache: golang/groupcache LRU semantics', () => {
  it('evicts the least recently used entry once full, a hit counting as a use', () => {
    const cache = new MapperCache<string>(3);
    for (const key of ['a', 'b', 'c']) cache.add(key, key.toUpperCase());
    expect(cache.get('a')).toBe('A');
    cache.add('d', 'D');
    expect([cache.get('b'), cache.get('a'), cache.get('c'), cache.get('d'), cache.length]).toEqual([
      undefined,
      'A',
      'C',
      'D',
      3,
    ]);
  });

  it('keeps null (a cached miss) apart from no entry', () => {
    const cache = new MapperCache<string | null>(2);
    cache.add('miss', null);
    expect([cache.get('miss'), cache.get('other')]).toEqual([null, undefined]);
  });

  it('hands out nodes a caller may touch as a hit, dead once evicted or cleared', () => {
    const cache = new MapperCache<string>(2);
    const a = cache.add('a', 'A');
    const b = cache.add('b', 'B');
    cache.touch(a);
    const c = cache.add('c', 'C');
    expect([a.live, b.live, c.live, cache.node('a') === a, cache.get('b')]).toEqual([
      true,
      false,
      true,
      true,
      undefined,
    ]);
    cache.clear();
    expect([a.live, c.live, cache.length]).toEqual([false, false, 0]);
  });

  it('re-adding an entry refreshes it; clear empties it', () => {
    const cache = new MapperCache<number>(2);
    cache.add('a', 1);
    cache.add('b', 2);
    cache.add('a', 3);
    cache.add('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
    cache.clear();
    expect(cache.length).toBe(0);
  });
});
