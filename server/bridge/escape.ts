/**
 * statsd_exporter's metric-name escaping, shared by unmapped metric names, mapped names and DogStatsD tag keys.
 * Every character outside [a-zA-Z0-9_] becomes `_`, a run of dashes collapses into one `_`, and a leading
 * digit gets a `_` prefix, so the result is always a valid Prometheus metric or label name.
 */
export function escapeMetricName(name: string): string {
  if (name === '') return '';
  const first = name.charCodeAt(0);
  const leadingDigit = first >= 48 && first <= 57;
  let i = 0;
  while (i < name.length && isNameChar(name.charCodeAt(i))) i++;
  if (i === name.length) return leadingDigit ? `_${name}` : name;
  let escaped = (leadingDigit ? '_' : '') + name.slice(0, i);
  let previous = '';
  // for..of walks code points, as Go's range does runes: one multi-byte character becomes one `_`.
  for (const char of name.slice(i)) {
    if (char.length === 1 && isNameChar(char.charCodeAt(0))) {
      escaped += char;
    } else if (!(char === '-' && previous === '-')) {
      escaped += '_';
    }
    previous = char;
  }
  return escaped;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
