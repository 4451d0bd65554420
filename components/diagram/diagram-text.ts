/** The diagrams' short texts: few characters, so they stay big inside small boxes. */
import type { ComponentState } from '../../server/lab/types';
import { formatCompact, formatCount } from '../lab/format';

const THIN_SPACE = '\u2009';

/** A share of all requests, whole percent: `0.254` → `"25 %"`; a non-zero share below 1 % → `"<1 %"`. */
export function shareText(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return `0${THIN_SPACE}%`;
  const percent = Math.round(fraction * 100);
  return percent === 0 ? `<1${THIN_SPACE}%` : `${percent}${THIN_SPACE}%`;
}

/** A scrape interval: `1` → `"1 s"`, `0.25` → `"0.25 s"`. */
export function intervalText(seconds: number): string {
  return `${Number(seconds.toFixed(2))}${THIN_SPACE}s`;
}

/** The StatsD client's buffer: `0` sends each metric in its own packet. */
export function bufferText(bytes: number): string {
  return bytes > 0 ? `${formatCount(bytes)}${THIN_SPACE}B buffer` : 'no buffer';
}

/** A lab component's state in a word or two; `unknown` when the lab did not report it. */
export function stateText(state: ComponentState | 'unknown'): string {
  return state === 'absent' ? 'not installed' : state;
}

/** A scraped counter in at most six characters: grouped below 100,000, compact above (`123k`). */
export function counterText(value: number | null): string {
  return value !== null && Math.abs(value) >= 100_000 ? formatCompact(value) : formatCount(value);
}
