/**
 * Go's float64 text conventions as statsd_exporter inherits them: strconv.ParseFloat's grammar (decimal and
 * hex floats, `_` digit separators, Inf/Infinity/NaN in any case), the text exposition's number format
 * (strconv 'g' with the shortest digits), and what `int(f)` gives on amd64, where the exporter's
 * `int(1 / rate)` runs. Pure and allocation-light: the parser calls these for every sample.
 */

export type GoFloatError = 'syntax' | 'range';

export interface GoFloat {
  /** What ParseFloat returns alongside its error: 0 for a syntax error, ±Inf for a range error. */
  value: number;
  error: GoFloatError | null;
}

const SYNTAX_ERROR: GoFloat = Object.freeze({ value: 0, error: 'syntax' });

/** strconv.ParseFloat(text, 64). */
export function parseGoFloat(text: string): GoFloat {
  const special = parseSpecial(text);
  if (special !== null) return { value: special, error: null };
  const scan = scanFloat(text);
  if (scan === null) return SYNTAX_ERROR;
  const digits = scan.underscores ? text.replaceAll('_', '') : text;
  const value = scan.hex ? parseHexFloat(digits, scan.exponentCap) : Number(digits);
  return { value, error: Number.isFinite(value) ? null : 'range' };
}

/** strconv.ParseFloat's value when it reports no error, else undefined; allocation-free for the hot path. */
export function goFloatValue(text: string): number | undefined {
  // Plain decimals (digits, one dot, a sign, no exponent) are most values; Number reads them as Go does.
  const n = text.length;
  let i = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dots = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else break;
  }
  if (i === n && digits > 0 && dots <= 1) return Number(text);
  const parsed = parseGoFloat(text);
  return parsed.error === null ? parsed.value : undefined;
}

/** `Inf`, `+Infinity`, `nan`…: the whole text, case-insensitive; only the infinities take a sign. */
function parseSpecial(text: string): number | null {
  const first = text.charCodeAt(0);
  // Only a sign, i, I, n or N can start one; the common digit case leaves at once.
  if (first !== 43 && first !== 45 && (first | 0x20) !== 0x69 && (first | 0x20) !== 0x6e) return null;
  const lower = text.toLowerCase();
  const unsigned = first === 43 || first === 45 ? lower.slice(1) : lower;
  if (unsigned === 'inf' || unsigned === 'infinity') {
    return first === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return lower === 'nan' ? Number.NaN : null;
}

interface FloatScan {
  hex: boolean;
  underscores: boolean;
  /** For hex floats: the binary exponent as Go reads it (it stops accumulating digits past 10,000). */
  exponentCap: number;
}

/** Go's readFloat: null unless the whole text is one well-formed number. */
function scanFloat(text: string): FloatScan | null {
  const n = text.length;
  let i = 0;
  if (text[i] === '+' || text[i] === '-') i++;
  let hex = false;
  if (i + 2 < n && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    hex = true;
    i += 2;
  }
  let underscores = false;
  let sawDot = false;
  let sawDigits = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 95) {
      underscores = true;
    } else if (c === 46) {
      if (sawDot) break;
      sawDot = true;
    } else if ((c >= 48 && c <= 57) || (hex && isHexLetter(c))) {
      sawDigits = true;
    } else {
      break;
    }
  }
  if (!sawDigits) return null;
  let exponentCap = 0;
  const expChar = hex ? 'p' : 'e';
  if (i < n && text[i]?.toLowerCase() === expChar) {
    i++;
    if (i >= n) return null;
    let sign = 1;
    if (text[i] === '+') i++;
    else if (text[i] === '-') {
      sign = -1;
      i++;
    }
    const d = text.charCodeAt(i);
    if (!(d >= 48 && d <= 57)) return null;
    let e = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 95) {
        underscores = true;
      } else if (c >= 48 && c <= 57) {
        if (e < 10000) e = e * 10 + (c - 48);
      } else {
        break;
      }
    }
    exponentCap = e * sign;
  } else if (hex) {
    return null;
  }
  if (i !== n) return null;
  if (underscores && !underscoreOK(text)) return null;
  return { hex, underscores, exponentCap };
}

function isHexLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102;
}

/** Go's underscoreOK: each `_` sits between two digits, or between a base prefix and a digit. */
function underscoreOK(text: string): boolean {
  let s = text;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  let hex = false;
  const prefix = s[1]?.toLowerCase();
  if (s.length >= 2 && s[0] === '0' && (prefix === 'b' || prefix === 'o' || prefix === 'x')) {
    i = 2;
    saw = '0';
    hex = prefix === 'x';
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (hex && isHexLetter(c))) {
      saw = '0';
      continue;
    }
    if (c === 95) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** A hex float (`0x1.8p3`, underscores removed), rounded to nearest-even as Go's atofHex does. */
function parseHexFloat(text: string, binaryExponent: number): number {
  const negative = text[0] === '-';
  const body = text.replace(/^[+-]?0[xX]/, '').replace(/[pP].*$/, '');
  const dot = body.indexOf('.');
  const fractionDigits = dot < 0 ? 0 : body.length - dot - 1;
  const mantissa = BigInt(`0x${body.replace('.', '') || '0'}`);
  const value = scaleToDouble(mantissa, binaryExponent - 4 * fractionDigits);
  return negative ? -value : value;
}

/** mantissa × 2^exponent rounded to the nearest double (ties to even); Infinity when it overflows. */
function scaleToDouble(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) return 0;
  const bits = mantissa.toString(2).length;
  const top = bits - 1 + exponent;
  // The lowest bit a double keeps: 52 below the top bit, never below 2^-1074 (subnormals).
  const quantum = Math.max(top - 52, -1074);
  if (quantum > 1023) return Number.POSITIVE_INFINITY;
  const shift = quantum - exponent;
  let kept: bigint;
  if (shift <= 0) {
    kept = mantissa << BigInt(-shift);
  } else {
    const big = BigInt(shift);
    kept = mantissa >> big;
    const rest = mantissa - (kept << big);
    const half = 1n << (big - 1n);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  }
  return Number(kept) * powerOfTwo(quantum);
}

const POW2_VIEW = new DataView(new ArrayBuffer(8));

/** 2^exponent, exactly, for exponent in [-1074, 1023]. */
export function powerOfTwo(exponent: number): number {
  if (exponent >= -1022) {
    POW2_VIEW.setBigUint64(0, BigInt(exponent + 1023) << 52n);
  } else {
    POW2_VIEW.setBigUint64(0, 1n << BigInt(exponent + 1074));
  }
  return POW2_VIEW.getFloat64(0);
}

/**
 * A float as client_golang's text exposition writes it (expfmt writeFloat): `1`, `0`, `-1`, `NaN`, `+Inf`,
 * `-Inf`, otherwise strconv 'g' with the shortest digits, which turns exponents from 6 up and below -4 into
 * `1e+06` style.
 */
export function formatGoFloat(value: number): string {
  if (value === 0) return '0';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  // toExponential() without digits gives JavaScript's shortest round-trip digits, the same as Go's.
  const exponential = value.toExponential();
  const e = exponential.indexOf('e');
  const exponent = Number(exponential.slice(e + 1));
  if (exponent >= -4 && exponent < 6) return String(value);
  const mantissa = exponential.slice(0, e);
  const sign = exponent < 0 ? '-' : '+';
  const magnitude = Math.abs(exponent);
  return `${mantissa}e${sign}${magnitude < 10 ? '0' : ''}${magnitude}`;
}

const TWO_63 = 2 ** 63;

/**
 * Go's `int(f)` for a float64 on amd64 (CVTTSD2SI): truncation toward zero, and the integer indefinite
 * -2^63 for NaN and anything outside the int64 range.
 */
export function goFloatToInt(value: number): number {
  if (Number.isNaN(value) || value >= TWO_63 || value < -TWO_63) return -TWO_63;
  return Math.trunc(value);
}
