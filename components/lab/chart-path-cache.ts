/**
 * A live chart's path strings for the pieces of its series (chart-chunks), kept from one snapshot to the
 * next: a piece whose points (by time and value) and drawing (scales, marker shape and size) are
 * as before gets its string back instead of a new one, so a snapshot builds the newest piece's path, not
 * every piece's. The oldest piece only loses points that slid out of the window, which the plot's edge cuts
 * off anyway: it keeps its string too, so the page sets one path per series, not two. Comparing a piece's
 * numbers is cheaper than formatting them.
 */
import type { Chunk } from './chart-chunks';

type Point = { x: number; y: number | null };

interface Entry {
  /** What the path was drawn with: the series' scales and style, as one string. */
  drawing: string;
  points: readonly Point[];
  d: string;
}

export class PathCache {
  private entries = new Map<string, Entry>();
  private used = new Set<string>();

  /**
   * The path of `chunk` of series `series`, drawn by `draw` with what `drawing` names: the string from the
   * last snapshot when nothing of it changed, or, for the series' `oldest` piece, when it only lost points
   * from its start (points older than the window, out of sight).
   */
  path<P extends Point>(
    series: string,
    chunk: Chunk<P>,
    drawing: string,
    draw: (points: P[]) => string,
    oldest = false,
  ): string {
    const id = `${series}:${chunk.key}`;
    this.used.add(id);
    const entry = this.entries.get(id);
    if (entry !== undefined && entry.drawing === drawing) {
      const drop = entry.points.length - chunk.points.length;
      if (drop === 0 || (oldest && drop > 0)) {
        if (samePoints(entry.points, chunk.points, drop)) return entry.d;
      }
    }
    const d = draw(chunk.points);
    this.entries.set(id, { drawing, points: chunk.points, d });
    return d;
  }

  /** Forgets the pieces not drawn since the last sweep (those that slid out of the window). */
  sweep(): void {
    for (const id of this.entries.keys()) if (!this.used.has(id)) this.entries.delete(id);
    this.used.clear();
  }
}

/**
 * `b` is `a` from its `from`-th point on, by time and value: the very objects when the view patch kept them,
 * equal ones otherwise.
 */
function samePoints(a: readonly Point[], b: readonly Point[], from: number): boolean {
  if (a.length - from !== b.length) return false;
  for (let i = 0; i < b.length; i++) {
    const p = a[from + i] as Point;
    const q = b[i] as Point;
    if (p !== q && (p.x !== q.x || !Object.is(p.y, q.y))) return false;
  }
  return true;
}
