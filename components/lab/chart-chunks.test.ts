import { describe, expect, it } from 'vitest';
import { absoluteMs, CHUNK_SECONDS, chunkSeries, slide } from './chart-chunks';

const NOW = 1_700_000_005_000;
const at = (x: number, y: number | null = x) => ({ x, y });

describe('chunkSeries', () => {
  it.each([
    { name: 'nothing', points: [], joined: false, want: [] },
    {
      name: 'pieces of absolute time, whatever now is',
      points: [at(-16), at(-14), at(-4), at(-1)],
      joined: false,
      want: [
        { key: 169_999_998, points: [at(-16)] },
        { key: 169_999_999, points: [at(-14)] },
        { key: 170_000_000, points: [at(-4), at(-1)] },
      ],
    },
    {
      name: 'joined: each piece ends on the next one’s first point',
      points: [at(-16), at(-14), at(-4), at(-1)],
      joined: true,
      want: [
        { key: 169_999_998, points: [at(-16), at(-14)] },
        { key: 169_999_999, points: [at(-14), at(-4)] },
        { key: 170_000_000, points: [at(-4), at(-1)] },
      ],
    },
    {
      name: 'a gap stays a gap',
      points: [at(-14, null), at(-1)],
      joined: true,
      want: [
        { key: 169_999_999, points: [at(-14, null), at(-1)] },
        { key: 170_000_000, points: [at(-1)] },
      ],
    },
  ])('$name', ({ points, joined, want }) => {
    expect(chunkSeries(points, NOW, joined)).toEqual(want);
  });

  it('a second later, every piece but the newest is the same', () => {
    const points = Array.from({ length: 30 }, (_, i) => at(-29 + i, i));
    const later = points.map((p) => ({ ...p, x: p.x - 1 })).concat([at(0, 30)]);
    // What a piece draws: its points at their absolute times.
    const drawn = (now: number) => (c: { key: number; points: { x: number; y: number | null }[] }) => ({
      key: c.key,
      points: c.points.map((p) => [absoluteMs(now, p.x), p.y]),
    });
    const before = chunkSeries(points, NOW, true).map(drawn(NOW));
    const after = chunkSeries(later, NOW + 1000, true).map(drawn(NOW + 1000));
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after.at(-1)).not.toEqual(before.at(-1));
  });
});

describe('absoluteMs', () => {
  it.each([
    { now: NOW, x: -14, want: 1_699_999_991_000 },
    // x as offsetSeconds makes it: thousandths that are not exact in binary.
    { now: NOW, x: -0.001, want: NOW - 1 },
    { now: NOW + 7, x: -10.007, want: 1_699_999_995_000 },
  ])('$x s before $now', ({ now, x, want }) => {
    expect(absoluteMs(now, x)).toBe(want);
  });
});

describe('slide', () => {
  it.each([
    { right: NOW, span: 120, left: 56, k: 4 },
    { right: NOW + 500, span: 120, left: 56, k: 4 },
    { right: 1_700_000_400_000, span: 30, left: 56, k: 10 },
  ])('puts the right edge at left + span and span before it at left ($right)', ({ right, span, left, k }) => {
    const { originMs, offsetPx } = slide(right, span, left, k);
    const x = (ms: number) => offsetPx + ((ms - originMs) / 1000) * k;
    expect(x(right - span * 1000)).toBeCloseTo(left);
    expect(x(right)).toBeCloseTo(left + span * k);
  });

  it('keeps its origin for ten minutes', () => {
    expect(slide(1_700_000_401_000, 120, 0, 1).originMs).toBe(slide(1_700_000_999_000, 120, 0, 1).originMs);
    expect(CHUNK_SECONDS).toBeLessThan(600);
  });
});
