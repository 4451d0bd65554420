/**
 * A live chart's series split into pieces of CHUNK_SECONDS of absolute time. The series only ever grow at
 * "now" and lose their oldest points, and the chart slides them left as one group; so from one snapshot to
 * the next only the newest piece of each series changes, and the page redraws that one path, not all of
 * them. Pure.
 */

export const CHUNK_SECONDS = 10;
/** How long the origin a series is laid out against holds (slide). */
export const ORIGIN_SECONDS = 600;

export interface Chunk<P> {
  /** The piece's start, in CHUNK_SECONDS since the Unix epoch: the same from snapshot to snapshot. */
  key: number;
  points: P[];
}

/**
 * `points` (x their time, Unix ms, in time order) in pieces. With `joined`, each piece also carries the
 * next piece's first point, so a line drawn piece by piece has no gaps between them.
 */
export function chunkSeries<P extends { x: number }>(points: readonly P[], joined: boolean): Chunk<P>[] {
  const chunks: Chunk<P>[] = [];
  for (const p of points) {
    const key = Math.floor(p.x / (CHUNK_SECONDS * 1000));
    const last = chunks.at(-1);
    if (last !== undefined && last.key === key) {
      last.points.push(p);
      continue;
    }
    if (joined && last !== undefined) last.points.push(p);
    chunks.push({ key, points: [p] });
  }
  return chunks;
}

/**
 * Where a series is drawn from: the origin its pieces are laid out against (whole ten minutes, so it holds
 * for ten minutes), and how far the group of pieces is moved so that `rightMs` sits at the plot's right edge.
 */
export function slide(
  rightMs: number,
  spanSeconds: number,
  left: number,
  pxPerSecond: number,
): { originMs: number; offsetPx: number } {
  const originMs = Math.floor(rightMs / (ORIGIN_SECONDS * 1000)) * ORIGIN_SECONDS * 1000;
  return { originMs, offsetPx: left - ((rightMs - originMs) / 1000 - spanSeconds) * pxPerSecond };
}
