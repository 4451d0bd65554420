import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { LoopStalls } from './loop-stalls';
import type { DelayFigures, LoopDelayView } from './types';

/** The histogram's timer period: each sample is that period plus the delay, which is what is reported. */
const RESOLUTION_MS = 10;
const HEARTBEAT_MS = 10;
/** A measurement across a stall longer than this timed the lab, not the app (a good answer takes ~5 ms). */
export const DELAY_THRESHOLD_MS = 50;
const WINDOW_MS = 5000;

/**
 * The lab's own event-loop delay, so a figure the lab measured while it was held up is flagged rather than
 * taken for the app's: perf_hooks' histogram for the figures, a heartbeat for when each stall happened.
 */
export class LoopDelay {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly stalls = new LoopStalls(HEARTBEAT_MS, DELAY_THRESHOLD_MS);
  private timers: NodeJS.Timeout[] = [];
  /** The latest full window's figures; null until one has passed. */
  private window: DelayFigures | null = null;

  start(): void {
    if (this.timers.length > 0) return;
    this.histogram.enable();
    const heartbeat = setInterval(() => this.stalls.beat(performance.now()), HEARTBEAT_MS);
    const roll = setInterval(() => {
      this.window = figures(this.histogram);
      this.histogram.reset();
    }, WINDOW_MS);
    // The lab's own health must never keep a stopping process alive.
    this.timers = [heartbeat.unref(), roll.unref()];
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.histogram.disable();
  }

  /** Whether the loop stalled beyond the threshold since `startedMs` (performance.now), up to now. */
  readonly delayedSince = (startedMs: number): boolean =>
    this.stalls.stalledSince(startedMs, performance.now());

  view(): LoopDelayView {
    return {
      delay: this.window ?? figures(this.histogram),
      windowSeconds: WINDOW_MS / 1000,
      thresholdMs: DELAY_THRESHOLD_MS,
      stalls: this.stalls.count,
    };
  }
}

function figures(histogram: IntervalHistogram): DelayFigures {
  if (histogram.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0 };
  const delayMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    p50Ms: delayMs(histogram.percentile(50)),
    p99Ms: delayMs(histogram.percentile(99)),
    maxMs: delayMs(histogram.max),
  };
}
