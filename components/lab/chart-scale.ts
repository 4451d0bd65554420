/**
 * A chart's value axis, worked out from its data: about five ticks on a round step (1, 2, 2.5 or 5 times a
 * power of ten), the domain widened to the outer ticks, as a chart library's 'auto' domain does; and kept
 * from one snapshot to the next while the data still fits it well, so the frame and every piece of every
 * series are not redrawn each time a counter passes a tick. Plain arithmetic: it runs for every chart on
 * every snapshot. Pure.
 */

export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

const TICK_COUNT = 5;
const STEPS = [1, 2, 2.5, 5, 10];

/** Twelve significant digits drop the float noise of `lo + i * step` (0.30000000000000004). */
const clean = (v: number): number => Number(v.toPrecision(12)) || 0;

/** The axis for `values` (non-finite ones ignored); from zero when `fromZero`, [0, 1] when nothing is left. */
export function valueAxis(values: Iterable<number | null>, fromZero = false): ValueAxis {
  let min = fromZero ? 0 : Number.POSITIVE_INFINITY;
  let max = fromZero ? 0 : Number.NEGATIVE_INFINITY;
  let any = false;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    any = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!any) [min, max] = [0, 1];
  // One value: a span around it, so the line sits mid-height rather than on an edge.
  if (min === max) [min, max] = min === 0 ? [0, 1] : [min - Math.abs(min) / 2, max + Math.abs(max) / 2];
  const raw = (max - min) / (TICK_COUNT - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = (STEPS.find((s) => s * magnitude >= raw) ?? 10) * magnitude;
  const lo = clean(Math.floor(min / step) * step);
  const hi = clean(Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let i = 0; clean(lo + i * step) <= hi; i += 1) ticks.push(clean(lo + i * step));
  return { domain: [lo, hi], ticks };
}

/** A fresh axis leaves this share of the data's span free above it, for the data to grow into. */
const HEADROOM = 0.25;
/** An axis is kept while the data spans at least this share of it: a spike gone leaves the rest a third. */
const MIN_FILL = 1 / 3;

/** The axis for `values` after `previous`: `previous` itself while the values fit it and fill it enough. */
export function nextValueAxis(
  previous: ValueAxis | null,
  values: Iterable<number | null>,
  fromZero = false,
): ValueAxis {
  let min = fromZero ? 0 : Number.POSITIVE_INFINITY;
  let max = fromZero ? 0 : Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return previous ?? valueAxis([], fromZero);
  if (previous !== null) {
    const [lo, hi] = previous.domain;
    if (min >= lo && max <= hi && max - min >= MIN_FILL * (hi - lo)) return previous;
  }
  const fresh = valueAxis([min, max + HEADROOM * (max - min)], fromZero);
  // The same axis worked out again (flat data never fills a third of its axis) stays the same object: a
  // caller that stores it on change would otherwise store a new one on every call.
  return previous !== null && sameAxis(previous, fresh) ? previous : fresh;
}

const sameAxis = (a: ValueAxis, b: ValueAxis): boolean =>
  a.domain[0] === b.domain[0] &&
  a.domain[1] === b.domain[1] &&
  a.ticks.length === b.ticks.length &&
  a.ticks.every((t, i) => t === b.ticks[i]);
