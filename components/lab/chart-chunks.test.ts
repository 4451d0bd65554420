import { describe, expect, it } from 'vitest';
import { CHUNK_SECONDS, chunkSeries, slide } from './chart-chunks';

const NOW = 1_700_000_005_000;
/** A point `offset` seconds from NOW, as the series have them (x Unix ms). */
const at = (offset: number, y: number | null = offset) => ({ x: NOW + offset * 1000, y });

describe('chunkSeries', () => {
  it.each([
    { name: 'nothing', points: [], joined: false, want: [] },
    {
      name: 'pieces of time since the epoch',
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
    expect(chunkSeries(points, joined)).toEqual(want);
  });

  it('a second later, every piece but the newest is the same', () => {
    const points = Array.from({ length: 30 }, (_, i) => at(-29 + i, i));
    const later = points.slice(1).concat([at(1, 30)]);
    const before = chunkSeries(points, true);
    const after = chunkSeries(later, true);
    // The oldest piece lost its first point; the ones between are as they were.
    expect(after.slice(1, -1)).toEqual(before.slice(1, -1));
    expect(after.at(-1)).not.toEqual(before.at(-1));
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
