import type { WorkerInfo } from '../../server/lab/types';

/**
 * What an audience reads for the process that answered a scrape. The lab keys answerers by cluster id
 * ("worker 9") or start time ("started 07:48:15Z"), which grow with every restart and mean nothing at the
 * back of a room; the label says the worker's slot (w1…wN) or the bridge's uptime, and keeps the key as
 * the detail. Pure.
 */
export interface AnswererLabel {
  label: string;
  /** The process id where known, said second (`pid 1009`): the legend's small print. */
  secondary: string | null;
  /** The lab's own key, and the pid where known: for a tooltip. */
  detail: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function answererLabel(
  answerer: string,
  workers: readonly WorkerInfo[] | null,
  nowMs: number,
): AnswererLabel {
  const worker = /^worker (\d+)$/.exec(answerer);
  if (worker) {
    const info = workers?.find((w) => w.id === Number(worker[1]));
    return info && workers
      ? {
          label: `w${workerPlace(info, workers)}`,
          secondary: `pid ${info.pid}`,
          detail: `${answerer}, pid ${info.pid}`,
        }
      : { label: `${answerer} (gone)`, secondary: null, detail: 'a worker no longer in the pool' };
  }
  const started = /^started (\d\d):(\d\d):(\d\d)Z$/.exec(answerer);
  if (started) {
    const [, h, m, s] = started.map(Number) as [number, number, number, number];
    const today = new Date(nowMs);
    let startMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h, m, s);
    // Only the time of day is known: a start "later" than now was yesterday's.
    if (startMs > nowMs) startMs -= DAY_MS;
    return {
      label: `bridge (up ${uptimeText((nowMs - startMs) / 1000)})`,
      secondary: null,
      detail: answerer,
    };
  }
  const primary = /^primary (\d+)$/.exec(answerer);
  if (primary) return { label: 'primary', secondary: `pid ${primary[1]}`, detail: answerer };
  return { label: answerer, secondary: null, detail: null };
}

/**
 * A worker's place in the pool, 1…N: its slot's rank among the pool's slots. The slots are the workers'
 * port offsets, and a restart forks the new workers before the old ones free theirs, so after a reset the
 * slots are N+1…2N; the rank still reads 1…N.
 */
export function workerPlace(
  worker: Pick<WorkerInfo, 'slot'>,
  workers: readonly Pick<WorkerInfo, 'slot'>[],
): number {
  return workers.filter((w) => w.slot < worker.slot).length + 1;
}

/** 45 s, 2 min, 3 h: whole units, as a speaker would say it. */
export function uptimeText(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}
