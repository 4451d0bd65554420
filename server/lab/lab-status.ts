import type { ComponentStatus, DelayFigures, LoadView, LoopDelayView, StreamView } from './types';

/**
 * The lab's own chip on the status strip: the load it is asked for against what it really sends, and how
 * much its own event loop was held up, which would otherwise pass for the apps' latency. Pure.
 */

/** Below this shortfall the load is on schedule: a second's window of ticks rounds a few requests off. */
const SHORT_FRACTION = 0.02;

/** How far the sent load falls short of the requested one over the last second, 0…1; null without load. */
export function loadShortfall(load: LoadView): number | null {
  if (load.requestedPerSecond <= 0) return null;
  return Math.max(0, 1 - load.sentPerSecond / load.requestedPerSecond);
}

function perApp(load: LoadView): string {
  return load.apps > 1 ? ` (${load.ratePerSecond} per app × ${load.apps})` : '';
}

export function loadText(load: LoadView, paused: boolean): string {
  if (paused) return 'load paused';
  const short = loadShortfall(load);
  const requested = Math.round(load.requestedPerSecond);
  const sent = Math.round(load.sentPerSecond);
  const head = `load ${requested} req/s requested${perApp(load)}, ${sent} sent`;
  if (short === null || short < SHORT_FRACTION) return head;
  const causes = [
    load.skippedPerSecond >= 1 ? `${Math.round(load.skippedPerSecond)}/s skipped at the concurrency cap` : '',
    load.behind > 0 ? `${load.behind} due and not sent, ${load.behindSeconds.toFixed(2)} s late` : '',
    load.missed > 0 ? `${load.missed} missed since the reset` : '',
  ].filter((c) => c !== '');
  return `${head} — ${Math.round(short * 100)} % behind${causes.length > 0 ? ` (${causes.join('; ')})` : ''}`;
}

/** Milliseconds as read from the back of a room: one decimal below 10. */
function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function delayText(label: string, f: DelayFigures): string {
  return `${label} p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}`;
}

export interface LabStatusInput {
  load: LoadView;
  paused: boolean;
  loop: LoopDelayView;
  /** Latencies timed across a stall since the reset, summed over the apps. */
  delayedLatencies: number;
  stream: StreamView;
}

export function labStatus({ load, paused, loop, delayedLatencies, stream }: LabStatusInput): ComponentStatus {
  const short = paused ? null : loadShortfall(load);
  const detail = [
    loadText(load, paused),
    `${delayText('event-loop delay', loop.delay)} over ${loop.windowSeconds} s`,
    ...(load.tickLag ? [delayText('load ticks late', load.tickLag)] : []),
    `${delayedLatencies} latencies timed across a stall over ${loop.thresholdMs} ms left out of the quantiles`,
    `${stream.readers} stream readers, ${stream.dropped} dropped for falling ` +
      `${Math.round(stream.maxBacklogBytes / 1024)} KiB behind`,
  ].join(' · ');
  const notes = [
    short !== null && short >= SHORT_FRACTION ? `load ${Math.round(short * 100)} % behind` : '',
    loop.delay.maxMs > loop.thresholdMs ? `loop held ${ms(loop.delay.maxMs)}` : '',
  ].filter((n) => n !== '');
  return {
    name: 'lab',
    state: 'up',
    detail,
    note: notes.length > 0 ? notes.join(' · ') : null,
    lastOkAgeSeconds: 0,
  };
}
