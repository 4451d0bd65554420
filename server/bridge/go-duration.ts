/**
 * Go's time.ParseDuration, which statsd_exporter's mapping file uses for `ttl` and `max_age`
 * (`1h30m`, `1.5s`, `300ms`, `-2m`, `0`). Nanoseconds are kept as a bigint while parsing so the overflow
 * checks are Go's own.
 */

export class DurationError extends Error {
  override name = 'DurationError';
}

const UNIT_NANOSECONDS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const LIMIT = 1n << 63n;

/** The duration in nanoseconds (a Number: exact below 2^53 ns, about 104 days). */
export function parseGoDuration(text: string): number {
  const invalid = (why = 'invalid duration'): DurationError => new DurationError(`${why} "${text}"`);
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    let whole = 0n;
    let i = 0;
    for (; i < s.length && isDigit(s[i]); i++) {
      whole = whole * 10n + BigInt(Number(s[i]));
      if (whole > LIMIT) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    let fraction = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let overflow = false;
      let j = 0;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        const next = fraction * 10n + BigInt(Number(s[j]));
        // Go stops taking digits once they no longer fit, without failing.
        if (fraction > (LIMIT - 1n) / 10n || next > LIMIT) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) throw invalid('missing unit in duration');
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = Object.hasOwn(UNIT_NANOSECONDS, unitName) ? UNIT_NANOSECONDS[unitName] : undefined;
    if (unit === undefined) throw invalid(`unknown unit "${unitName}" in duration`);
    if (whole > LIMIT / unit) throw invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // As Go does: the fraction goes through float64, truncated to whole nanoseconds.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > LIMIT) throw invalid();
    }
    total += value;
    if (total > LIMIT) throw invalid();
  }
  if (!negative && total > LIMIT - 1n) throw invalid();
  return Number(negative ? -total : total);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
