/**
 * `for i := 0; i < times; i++ { sum += value }` in float64, exactly, in bounded work. statsd_exporter
 * observes a timer sent at rate r as int(1/r) separate observations, each adding to the histogram or
 * summary sum; the bridge records them as one weighted observation, so it needs the same rounded sum
 * without the loop. Within one binade (a range where the spacing of doubles is constant) every step adds
 * the same amount once the tie-to-even parity has settled, so whole runs are skipped at once; the loop
 * only steps near binade edges, which bounds it by the number of binades crossed (about 4,000 at most).
 */

const SMALLEST_NORMAL = 2 ** -1022;
const CHUNK = 2 ** 52;

/** The float64 result of adding value to sum `times` times in a row (times a non-negative integer). */
export function addRepeated(sum: number, value: number, times: number): number {
  if (times <= 0) return sum;
  if (times === 1) return sum + value;
  if (value === 0 || !Number.isFinite(value) || !Number.isFinite(sum)) {
    // One step reaches the fixed point: x + 0, and anything once NaN or infinite, stays as it is.
    return sum + value;
  }
  if (times <= CHUNK) return addFinite(sum, value, times);
  // Beyond 2^53 a double cannot count the steps left exactly; go in exact chunks.
  let left = BigInt(times);
  let s = sum;
  while (left > 0n) {
    const chunk = left < BigInt(CHUNK) ? Number(left) : CHUNK;
    const next = addFinite(s, value, chunk);
    left -= BigInt(chunk);
    if (next === s || !Number.isFinite(next)) return next;
    s = next;
  }
  return s;
}

/** times ≤ 2^52, value finite and non-zero, sum finite. */
function addFinite(sum: number, value: number, times: number): number {
  // Rounding is symmetric under negation, so work with a non-negative running sum.
  if (sum < 0 || (sum === 0 && value < 0)) return -addFinite(-sum, -value, times);
  let s = sum;
  let left = times;
  let lastStep = Number.NaN;
  while (left > 0) {
    const next = s + value;
    left--;
    if (next === s) return s;
    if (!Number.isFinite(next)) return next;
    if (next < 0) return left === 0 ? next : -addFinite(-next, -value, left);
    const step = next - s;
    const sameGrid = spacing(s) === spacing(next);
    s = next;
    if (left > 0 && sameGrid && step === lastStep) {
      const skipped = Math.min(left, safeRun(s, value, step));
      s += skipped * step;
      left -= skipped;
      lastStep = Number.NaN;
    } else {
      lastStep = sameGrid ? step : Number.NaN;
    }
  }
  return s;
}

/** The gap between doubles around x ≥ 0 (the same for every subnormal and the first normal binade). */
function spacing(x: number): number {
  if (x < 2 * SMALLEST_NORMAL) return 2 ** -1074;
  const exponent = Math.floor(Math.log2(x));
  // log2 can land one off at binade edges; correct it against the powers of two themselves.
  const e = 2 ** exponent > x ? exponent - 1 : 2 ** (exponent + 1) <= x ? exponent + 1 : exponent;
  return 2 ** (e - 52);
}

/**
 * How many more steps of exactly `step` start from s and keep every exact sum s + k·step + value inside
 * s's binade, where two equal steps in a row prove each further step is the same; kept two short of the
 * edge so float error in this estimate cannot overshoot.
 */
function safeRun(s: number, value: number, step: number): number {
  const low = s < 2 * SMALLEST_NORMAL ? 0 : lowerEdge(s);
  const high = s < 2 * SMALLEST_NORMAL ? 2 * SMALLEST_NORMAL : 2 * low;
  const room = step > 0 ? (high - s - value) / step : (s + value - low) / -step;
  return Math.max(0, Math.floor(room) - 2);
}

function lowerEdge(x: number): number {
  return spacing(x) * 2 ** 52;
}
