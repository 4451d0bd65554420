/**
 * Number and time formatting for the lab page: pure, locale-independent (the server render and the
 * browser must agree), and readable from the back of a room.
 */

const MINUS = '\u2212';
const THIN_SPACE = '\u2009';
const EM_DASH = '\u2014';

/** Groups thousands with commas; rounds to an integer. `12345.6` → `"12,346"`. */
export function formatCount(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return EM_DASH;
  const rounded = Math.round(value);
  const digits = Math.abs(rounded)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `${MINUS}${digits}` : digits;
}

/** Short axis labels: `950`, `12.3k`, `4.5M`. */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return EM_DASH;
  const abs = Math.abs(value);
  const sign = value < 0 ? MINUS : '';
  const scaled = (divisor: number, suffix: string) => {
    const v = abs / divisor;
    return `${sign}${v >= 100 ? Math.round(v) : Number(v.toFixed(1))}${suffix}`;
  };
  if (abs >= 1e9) return scaled(1e9, 'G');
  if (abs >= 1e6) return scaled(1e6, 'M');
  if (abs >= 1e3) return scaled(1e3, 'k');
  return `${sign}${Number(abs.toFixed(abs >= 10 ? 0 : 1))}`;
}

/**
 * Signed percentage: one decimal below 100 (`-74.83` → `"−74.8 %"`), whole and grouped above, where a
 * decimal adds nothing (`7372.4` → `"+7,372 %"`); `0` → `"0.0 %"`.
 */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return EM_DASH;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? formatCount(abs) : abs.toFixed(1);
  const sign = digits === '0.0' ? '' : value < 0 ? MINUS : '+';
  return `${sign}${digits}${THIN_SPACE}%`;
}

/** A rate without its unit (the column header carries it): one decimal below 100, integers above. */
export function formatRateValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return EM_DASH;
  return Math.abs(value) >= 100 ? formatCount(value) : value.toFixed(1).replace('-', MINUS);
}

/** A ratio to the truth, as a multiplier: `2.874` → `"×2.87"`, `12.34` → `"×12.3"`, `1234` → `"×1,234"`. */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return EM_DASH;
  const abs = Math.abs(ratio);
  const digits = abs >= 100 ? formatCount(ratio) : ratio.toFixed(abs >= 10 ? 1 : 2).replace('-', MINUS);
  return `\u00d7${digits}`;
}

/** A latency given in seconds, as milliseconds without the unit: `0.0463` → `"46"`, `0.0046` → `"4.6"`. */
export function formatMilliseconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return EM_DASH;
  const ms = seconds * 1000;
  return Math.abs(ms) >= 10 ? formatCount(ms) : ms.toFixed(1).replace('-', MINUS);
}

/** How long ago something last worked: `"0.4 s ago"`, `"12 s ago"`, `"3 min ago"`, `"never"`. */
export function formatAge(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'never';
  if (seconds < 10) return `${Math.max(0, seconds).toFixed(1)}${THIN_SPACE}s ago`;
  if (seconds < 120) return `${Math.round(seconds)}${THIN_SPACE}s ago`;
  return `${Math.round(seconds / 60)}${THIN_SPACE}min ago`;
}

/** Time-axis ticks, in seconds relative to the snapshot (≤ 0): `-20` → `"20 s"`, `0` → `"now"`. */
export function formatSecondsAgo(offsetSeconds: number): string {
  if (!Number.isFinite(offsetSeconds)) return EM_DASH;
  const ago = Math.round(-offsetSeconds);
  return ago <= 0 ? 'now' : `${ago}${THIN_SPACE}s`;
}

/** A duration given in seconds, for uptimes: `"42 s"`, `"5 min"`, `"2 h"`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return EM_DASH;
  if (seconds < 120) return `${Math.floor(seconds)}${THIN_SPACE}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}${THIN_SPACE}min`;
  return `${Math.floor(seconds / 3600)}${THIN_SPACE}h`;
}

/** A size in decimal units, one decimal below 100: `812` → `"812 B"`, `4230` → `"4.2 kB"`, `1.5e6` → `"1.5 MB"`. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return EM_DASH;
  const scaled = (divisor: number, unit: string) => {
    const v = bytes / divisor;
    return `${v >= 100 ? formatCount(v) : v.toFixed(1)}${THIN_SPACE}${unit}`;
  };
  if (bytes >= 999_950) return scaled(1e6, 'MB');
  if (bytes >= 999.5) return scaled(1e3, 'kB');
  return `${Math.round(bytes)}${THIN_SPACE}B`;
}
