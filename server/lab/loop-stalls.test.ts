import { describe, expect, it } from 'vitest';
import { LoopStalls } from './loop-stalls';

describe('LoopStalls', () => {
  it.each([
    { name: 'beats on time: no stall', beats: [0, 10, 20, 30], since: 5, now: 35, stalled: false, count: 0 },
    { name: 'late within the threshold', beats: [0, 10, 65], since: 5, now: 66, stalled: false, count: 0 },
    {
      name: 'a stall after the request went out',
      beats: [0, 10, 80],
      since: 5,
      now: 81,
      stalled: true,
      count: 1,
    },
    {
      name: 'a stall before it went out',
      beats: [0, 70, 80, 90],
      since: 75,
      now: 95,
      stalled: false,
      count: 1,
    },
    // The answer is read as the loop comes back, before the heartbeat has beaten again.
    { name: 'a stall going on now', beats: [0, 10], since: 5, now: 90, stalled: true, count: 0 },
    { name: 'no beat yet', beats: [], since: 0, now: 1000, stalled: false, count: 0 },
  ])('$name', ({ beats, since, now, stalled, count }) => {
    const stalls = new LoopStalls(10, 50);
    for (const t of beats) stalls.beat(t);
    expect(stalls.stalledSince(since, now)).toBe(stalled);
    expect(stalls.count).toBe(count);
  });
});
