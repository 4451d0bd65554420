/**
 * A live chart's path strings for the pieces of its series (chart-chunks), kept from one snapshot to the
 * next: a piece whose points (by absolute time and value) and drawing (scales, marker shape and size) are
 * as before gets its string back instead of a new one, so a snapshot builds the newest piece's path and the
 * oldest one's, not every piece's. Comparing a piece's numbers is cheaper than formatting them.
 */
import { absoluteMs, type Chunk } from './chart-chunks';

interface Entry {
  /** What the path was drawn with: the series' scales and style, as one string. */
  drawing: string;
  times: number[];
  values: (number | null)[];
  d: string;
}

export class PathCache {
  private entries = new Map<string, Entry>();
  private used = new Set<string>();

  /**
   * The path of `chunk` of series `series` (x relative to `nowMs`), drawn by `draw` with what `drawing`
   * names: the string from the last snapshot when nothing of it changed.
   */
  path<P extends { x: number; y: number | null }>(
    series: string,
    chunk: Chunk<P>,
    nowMs: number,
    drawing: string,
    draw: (points: P[]) => string,
  ): string {
    const id = `${series}:${chunk.key}`;
    this.used.add(id);
    const times = chunk.points.map((p) => absoluteMs(nowMs, p.x));
    const values = chunk.points.map((p) => p.y);
    const entry = this.entries.get(id);
    if (
      entry !== undefined &&
      entry.drawing === drawing &&
      sameNumbers(entry.times, times) &&
      sameNumbers(entry.values, values)
    ) {
      return entry.d;
    }
    const d = draw(chunk.points);
    this.entries.set(id, { drawing, times, values, d });
    return d;
  }

  /** Forgets the pieces not drawn since the last sweep (those that slid out of the window). */
  sweep(): void {
    for (const id of this.entries.keys()) if (!this.used.has(id)) this.entries.delete(id);
    this.used.clear();
  }
}

function sameNumbers(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
