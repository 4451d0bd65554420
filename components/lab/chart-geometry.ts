/**
 * Where a live chart draws: its plot area inside the box it is given (room for the axes as recharts
 * leaves it, so these charts look like the scenes' recharts ones), the linear scales from data to pixels,
 * and the time axis' ticks. Pure.
 */

export type Scale = (value: number) => number;

const CHART_MARGIN = { top: 8, right: 16, bottom: 0, left: 8 } as const;
/** The value axis' labels, left of the plot. */
const Y_AXIS_WIDTH = 48;
/** The time axis' labels, under the plot. */
const X_AXIS_HEIGHT = 30;
/** Tick marks stick out of the axis line by this much, and labels sit 2 px beyond them. */
export const TICK_SIZE = 6;

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The plot inside a `width` × `height` box; never inside out, however small the box. */
export function plotArea(width: number, height: number): PlotArea {
  const left = CHART_MARGIN.left + Y_AXIS_WIDTH;
  const top = CHART_MARGIN.top;
  return {
    left,
    top,
    right: Math.max(left, width - CHART_MARGIN.right),
    bottom: Math.max(top, height - CHART_MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

/** Maps `domain` onto `range` linearly; an empty domain maps everything to the range's middle. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** A chart's two scales for a `width` × `height` box: time across the plot, values up it. */
export function chartScales(
  width: number,
  height: number,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
): { sx: Scale; sy: Scale } {
  const { left, top, right, bottom } = plotArea(width, height);
  return { sx: linearScale(xDomain, [left, right]), sy: linearScale(yDomain, [bottom, top]) };
}

/** Steps a time axis may take, in seconds: round numbers a room reads at a glance. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
/** At most this many steps across the axis, so five labels or fewer. */
const MAX_STEPS = 4;

/** Ticks on whole multiples of a round step, from the domain's start to its end (seconds relative to now). */
export function timeTicks([lo, hi]: readonly [number, number]): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [hi];
  const step = TIME_STEPS.find((s) => span / s <= MAX_STEPS) ?? Math.ceil(span / MAX_STEPS);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(t === 0 ? 0 : t);
  return ticks;
}
