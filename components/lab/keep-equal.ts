/**
 * Structural sharing for a view that crossed a thread: a message arrives as all-new objects, so every part
 * deep-equal to the same part of the last view is swapped for that part. Unchanged parts then keep their
 * identity, and React.memo skips what they render. Pure.
 */

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `next`, with every part that deep-equals `previous`' part at the same place replaced by it. */
export function keepEqual<T>(previous: unknown, next: T): T {
  return keep(previous, next) as T;
}

/** `previous` when every part was kept, `next` itself when none was (a moved point is not copied), else a mix. */
function keep(previous: unknown, next: unknown): unknown {
  if (Object.is(previous, next)) return previous;
  if (Array.isArray(next)) {
    if (!Array.isArray(previous)) return next;
    let allPrevious = previous.length === next.length;
    let allNext = true;
    const kept: unknown[] = new Array(next.length);
    for (let i = 0; i < next.length; i += 1) {
      const value = keep(previous[i], next[i]);
      if (value !== previous[i]) allPrevious = false;
      if (value !== next[i]) allNext = false;
      kept[i] = value;
    }
    return allPrevious ? previous : allNext ? next : kept;
  }
  if (isRecord(next)) {
    if (!isRecord(previous)) return next;
    const keys = Object.keys(next);
    let allPrevious = keys.length === Object.keys(previous).length;
    let allNext = true;
    const kept: Record<string, unknown> = {};
    for (const key of keys) {
      const value = keep(previous[key], next[key]);
      if (value !== previous[key] || !(key in previous)) allPrevious = false;
      if (value !== next[key]) allNext = false;
      kept[key] = value;
    }
    return allPrevious ? previous : allNext ? next : kept;
  }
  return next;
}
