import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnapshotFeed, type FeedReader } from './snapshot-feed';

/** A reader whose socket takes `drains` of what is written to it: 0 is a tab that stopped reading. */
class FakeReader implements FeedReader {
  writableLength = 0;
  frames: string[] = [];
  destroyed = false;
  ended = false;

  constructor(private readonly drains: boolean) {}

  write(chunk: string): boolean {
    this.frames.push(chunk);
    if (!this.drains) this.writableLength += chunk.length;
    return this.drains;
  }

  destroy(): void {
    this.destroyed = true;
  }

  end(): void {
    this.ended = true;
  }
}

function feedOf(over: { maxBacklogBytes?: number } = {}) {
  let now = 0;
  let builds = 0;
  const feed = new SnapshotFeed({
    build: () => ({ n: (builds += 1), pad: 'x'.repeat(1000) }),
    tickMs: 1000,
    maxBacklogBytes: over.maxBacklogBytes ?? 4096,
    now: () => now,
  });
  return {
    feed,
    builds: () => builds,
    advance: (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SnapshotFeed', () => {
  it('builds one snapshot per tick and writes the same frame to every reader', () => {
    const { feed, builds, advance } = feedOf();
    const readers = [new FakeReader(true), new FakeReader(true), new FakeReader(true)];
    for (const r of readers) feed.add(r);
    expect(builds()).toBe(1);
    advance(3000);
    expect(builds()).toBe(4);
    for (const r of readers) expect(r.frames).toEqual(readers[0]?.frames);
    expect(readers[0]?.frames[0]).toMatch(/^event: snapshot\ndata: \{"n":1,/);
    expect(readers[0]?.frames[0]).toMatch(/\n\n$/);
  });

  it.each([
    { name: 'at most a tick old: the same string', ageMs: 1000, invalidated: false, builds: 1 },
    { name: 'older than a tick: a new one', ageMs: 1001, invalidated: false, builds: 2 },
    { name: 'after a control changed the state: a new one', ageMs: 10, invalidated: true, builds: 2 },
  ])('answers a plain request with the latest snapshot when $name', ({ ageMs, invalidated, builds }) => {
    const feed = feedOf();
    const first = feed.feed.json();
    feed.advance(ageMs);
    if (invalidated) feed.feed.invalidate();
    const second = feed.feed.json();
    expect(feed.builds()).toBe(builds);
    expect(second === first).toBe(builds === 1);
  });

  it.each([
    // Each frame is ~1 KB; 4 KiB of backlog is four frames behind.
    { name: 'a reader that keeps up stays', drains: true, ticks: 10, dropped: 0 },
    { name: 'a reader within the backlog stays', drains: false, ticks: 3, dropped: 0 },
    { name: 'a reader past the backlog is dropped and counted', drains: false, ticks: 5, dropped: 1 },
  ])('$name', ({ drains, ticks, dropped }) => {
    const { feed, advance } = feedOf();
    const fast = new FakeReader(true);
    const reader = new FakeReader(drains);
    feed.add(fast);
    feed.add(reader);
    advance(ticks * 1000);
    expect(reader.destroyed).toBe(dropped > 0);
    expect(feed.view()).toEqual({ readers: 2 - dropped, dropped, maxBacklogBytes: 4096 });
    // Whoever keeps up is never held back by the one dropped.
    expect(fast.frames).toHaveLength(ticks + 1);
    if (dropped > 0) expect(reader.frames.length).toBeLessThan(ticks + 1);
  });

  it('stops ticking when its last reader leaves, and ends every reader on close', () => {
    const { feed, builds, advance } = feedOf();
    const a = new FakeReader(true);
    const b = new FakeReader(true);
    feed.add(a);
    feed.remove(a);
    advance(5000);
    expect(builds()).toBe(1);
    feed.add(b);
    feed.close();
    expect(b.ended).toBe(true);
    expect(feed.view().readers).toBe(0);
    advance(5000);
    expect(builds()).toBe(2);
  });
});
