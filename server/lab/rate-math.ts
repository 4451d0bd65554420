/**
 * Prometheus' rate() and increase(), as pure functions over (time, value) samples, following
 * extrapolatedRate (promql/functions.go) of the Prometheus the lab talks to: a drop is a counter reset, and the
 * result is extrapolated towards the window's edges. This is how a dashboard turns a braided counter into
 * phantom traffic.
 */

/**
 * Where Prometheus versions evaluate ranges differently. v2: `[range]` holds start ≤ t ≤ end, and the
 * counter's zero point caps extrapolation before the half-gap rule. v3: start < t ≤ end (left-open, 3.0),
 * and the half-gap rule applies first, the zero point after (3.x's extrapolatedRate).
 */
export type PromqlDialect = 'v2' | 'v3';

/** The dialect of a Prometheus version string such as "2.42.0" or "3.16.0"; current Prometheus when unknown. */
export function dialectOf(version: string | null): PromqlDialect {
  const major = /^v?(\d+)\./.exec(version ?? '')?.[1];
  return major !== undefined && Number(major) < 3 ? 'v2' : 'v3';
}

export interface Sample {
  /** Unix time in milliseconds. */
  t: number;
  v: number;
}

export interface Window {
  /** Evaluation time in milliseconds (the window's right edge). */
  end: number;
  /** Window length in seconds, as in `[30s]`. */
  rangeSeconds: number;
  /** Default v3, the Prometheus users run today. */
  dialect?: PromqlDialect;
}

/** The samples a range selector `[range]` evaluated at `end` sees: start < t ≤ end (v3) or start ≤ t ≤ end (v2). */
export function selectWindow(samples: readonly Sample[], { end, rangeSeconds, dialect }: Window): Sample[] {
  const start = end - rangeSeconds * 1000;
  return dialect === 'v2'
    ? samples.filter((s) => s.t >= start && s.t <= end)
    : samples.filter((s) => s.t > start && s.t <= end);
}

/** Sum of the values lost at each drop: what Prometheus adds back as counter resets. */
export function counterCorrection(samples: readonly Sample[]): number {
  let correction = 0;
  let last = 0;
  for (const s of samples) {
    if (s.v < last) correction += last;
    last = s.v;
  }
  return correction;
}

/** Number of drops in a counter series: each is read as a process restart. */
export function countResets(samples: readonly Sample[]): number {
  let resets = 0;
  for (let i = 1; i < samples.length; i += 1) {
    if ((samples[i] as Sample).v < (samples[i - 1] as Sample).v) resets += 1;
  }
  return resets;
}

function extrapolatedDelta(samples: readonly Sample[], window: Window): number | null {
  const inWindow = selectWindow(samples, window);
  if (inWindow.length < 2) return null;
  const first = inWindow[0] as Sample;
  const last = inWindow[inWindow.length - 1] as Sample;
  const rangeStart = window.end - window.rangeSeconds * 1000;

  let result = last.v - first.v + counterCorrection(inWindow);
  let durationToStart = (first.t - rangeStart) / 1000;
  const durationToEnd = (window.end - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  if (sampledInterval <= 0) return null;
  const averageBetweenSamples = sampledInterval / (inWindow.length - 1);

  // Extrapolate to an edge only when a sample is close to it; otherwise assume half a sample gap.
  const threshold = averageBetweenSamples * 1.1;
  const halfGapRule = (d: number): number => (d < threshold ? d : averageBetweenSamples / 2);
  // A counter cannot go below zero: never extrapolate further back than its zero point.
  const zeroPointCap = (d: number): number =>
    result > 0 && first.v >= 0 ? Math.min(d, sampledInterval * (first.v / result)) : d;
  durationToStart =
    window.dialect === 'v2'
      ? halfGapRule(zeroPointCap(durationToStart))
      : zeroPointCap(halfGapRule(durationToStart));
  result *= (sampledInterval + durationToStart + halfGapRule(durationToEnd)) / sampledInterval;
  return result;
}

/** `increase(counter[range])` at `end`; null when fewer than two samples fall in the window. */
export function increase(samples: readonly Sample[], window: Window): number | null {
  return extrapolatedDelta(samples, window);
}

/** `rate(counter[range])` at `end`, per second; null when fewer than two samples fall in the window. */
export function rate(samples: readonly Sample[], window: Window): number | null {
  const delta = extrapolatedDelta(samples, window);
  return delta === null ? null : delta / window.rangeSeconds;
}

/**
 * The exact average rate of an always-correct counter between the first and last sample in the window:
 * used for the truth, which needs no extrapolation.
 */
export function exactRate(samples: readonly Sample[], { end, rangeSeconds }: Window): number | null {
  // The truth is read exactly, with both edges in: no dialect applies to it.
  const start = end - rangeSeconds * 1000;
  const inWindow = samples.filter((s) => s.t >= start && s.t <= end);
  if (inWindow.length < 2) return null;
  const first = inWindow[0] as Sample;
  const last = inWindow[inWindow.length - 1] as Sample;
  const seconds = (last.t - first.t) / 1000;
  return seconds > 0 ? (last.v - first.v) / seconds : null;
}

/** Prometheus' advice: a rate window of at least four scrape intervals, never below 10 s. */
export function defaultRateWindowSeconds(scrapeIntervalSeconds: number): number {
  return Math.max(10, Math.ceil(scrapeIntervalSeconds * 4));
}
