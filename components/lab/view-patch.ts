/**
 * A page's view crosses from its stream worker as a patch against the view it sent before: what did not
 * change is marked kept, so the worker, not the page's main thread, does the comparing, and the page reuses
 * the kept parts as they are (the same objects, so memoised parts skip what they draw). Records and short
 * lists (rows, panels, workers) are matched part by part; a long list (a chart's series) that lost its
 * oldest items and gained new ones at its end, as a window sliding in time does, is sent as how many to drop
 * and what to append, its other items kept as the same objects. Pure.
 */

/**
 * Kept as it was, replaced by a value, a record or list patched part by part, or a long list with `drop`
 * items gone from its start and `append` added at its end.
 */
export type ViewPatch =
  | { kept: true }
  | { value: unknown }
  | { record: Record<string, ViewPatch> }
  | { list: ViewPatch[] }
  | { drop: number; append: unknown[] };

/** Lists up to this long are matched item by item. */
const MATCHED_ITEMS = 16;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const KEPT: ViewPatch = { kept: true };

/** Deep equality of JSON-like data. */
function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

/** What turns `previous` into `next` (JSON-like data both). */
export function viewPatch(previous: unknown, next: unknown): ViewPatch {
  if (isRecord(previous) && isRecord(next)) {
    const keys = Object.keys(next);
    const record: Record<string, ViewPatch> = {};
    let kept = keys.length === Object.keys(previous).length;
    for (const key of keys) {
      const part = key in previous ? viewPatch(previous[key], next[key]) : { value: next[key] };
      if (!('kept' in part)) kept = false;
      record[key] = part;
    }
    return kept ? KEPT : { record };
  }
  if (Array.isArray(previous) && Array.isArray(next)) {
    if (previous.length === next.length && next.length <= MATCHED_ITEMS) {
      const list = next.map((item, i) => viewPatch(previous[i], item));
      return list.every((part) => 'kept' in part) ? KEPT : { list };
    }
    if (next.length > MATCHED_ITEMS) return slid(previous, next) ?? { value: next };
  }
  return equal(previous, next) ? KEPT : { value: next };
}

/** `next` as `previous` without its first items and with more at its end, or null when it is not that. */
function slid(previous: readonly unknown[], next: readonly unknown[]): ViewPatch | null {
  // Where next's first item is in previous: the first equal one from there on must line up with the rest.
  for (let drop = 0; drop < previous.length; drop++) {
    if (!equal(previous[drop], next[0])) continue;
    const kept = previous.length - drop;
    if (kept > next.length) return null;
    for (let i = 1; i < kept; i++) if (!equal(previous[drop + i], next[i])) return null;
    if (drop === 0 && kept === next.length) return KEPT;
    return { drop, append: next.slice(kept) };
  }
  return null;
}

/** `patch` applied to `previous`: the parts marked kept are `previous`' own. */
export function applyViewPatch<T>(previous: unknown, patch: ViewPatch): T {
  return apply(previous, patch) as T;
}

function apply(previous: unknown, patch: ViewPatch): unknown {
  if ('kept' in patch) return previous;
  if ('value' in patch) return patch.value;
  if ('drop' in patch) {
    const before = Array.isArray(previous) ? previous : [];
    return [...before.slice(patch.drop), ...patch.append];
  }
  if ('record' in patch) {
    const before = isRecord(previous) ? previous : {};
    return Object.fromEntries(Object.entries(patch.record).map(([k, p]) => [k, apply(before[k], p)]));
  }
  const before = Array.isArray(previous) ? previous : [];
  return patch.list.map((p, i) => apply(before[i], p));
}
