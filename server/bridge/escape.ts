/**
 * statsd_exporter's metric-name escaping, shared by unmapped metric names, mapped names and DogStatsD tag keys.
 * Every character outside [a-zA-Z0-9_] becomes `_`, a run of dashes collapses into one `_`, and a leading
 * digit gets a `_` prefix, so the result is always a valid Prometheus metric or label name.
 */
export function escapeMetricName(name: string): string {
  if (name === '') return '';
  let escaped = /^[0-9]/.test(name) ? '_' : '';
  let previous = '';
  // for..of walks code points, as Go's range does runes: one multi-byte character becomes one `_`.
  for (const char of name) {
    if (/^[a-zA-Z0-9_]$/.test(char)) {
      escaped += char;
    } else if (!(char === '-' && previous === '-')) {
      escaped += '_';
    }
    previous = char;
  }
  return escaped;
}
