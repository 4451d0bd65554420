import type { ComponentStatus, LoadView } from './types';

/**
 * The lab's own chip on the status strip: what load it is asked for and what it really sends. Pure.
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

export function labStatus({ load, paused }: { load: LoadView; paused: boolean }): ComponentStatus {
  const short = paused ? null : loadShortfall(load);
  return {
    name: 'lab',
    state: 'up',
    detail: loadText(load, paused),
    note: short !== null && short >= SHORT_FRACTION ? `load ${Math.round(short * 100)} % behind` : null,
    lastOkAgeSeconds: 0,
  };
}
