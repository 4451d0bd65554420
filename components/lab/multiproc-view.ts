import type { ScrapePoint } from '../../server/lab/types';
import { formatBytes, formatCount } from './format';

/**
 * What a multiprocess-mode scrape had to read: the folder's files and their bytes, which every scrape opens
 * and merges, beside how long that same scrape took. Pure.
 */

export interface MultiprocReading {
  /** Unix ms of the scrape. */
  t: number;
  files: number;
  bytes: number;
  /** That scrape's duration. */
  scrapeMs: number;
}

/** The newest successful scrape that reported its folder; null before one did. */
export function latestMultiproc(scrapes: readonly ScrapePoint[]): MultiprocReading | null {
  let latest: MultiprocReading | null = null;
  for (const s of scrapes) {
    if (!s.ok || s.multiproc === undefined || (latest !== null && s.t <= latest.t)) continue;
    latest = { t: s.t, files: s.multiproc.files, bytes: s.multiproc.bytes, scrapeMs: s.durationMs };
  }
  return latest;
}

/** `12 files`, `1 file`; a dash before any reading. */
export function filesText(reading: MultiprocReading | null): string {
  if (reading === null) return '\u2014 files';
  return `${formatCount(reading.files)} ${reading.files === 1 ? 'file' : 'files'}`;
}

/** `48.0 kB`; a dash before any reading. */
export function folderBytesText(reading: MultiprocReading | null): string {
  return formatBytes(reading?.bytes ?? null);
}
