/**
 * The fake work behind `GET /work`: pure functions of a random source, so tests can seed them.
 * Request latencies are roughly log-normal in real services: most are fast, a few are very slow.
 */

export type Random = () => number;

export interface LatencyOptions {
  medianMs: number;
  /** Standard deviation of ln(latency); 0.6 puts p99 near 4× the median. */
  sigma: number;
}

export const DEFAULT_LATENCY: LatencyOptions = { medianMs: 20, sigma: 0.6 };
export const DEFAULT_ERROR_RATE = 0.02;

/** The same shape with every latency multiplied by `scale`: 0 leaves no latency at all. */
export function scaleLatency(options: LatencyOptions, scale: number): LatencyOptions {
  if (!(scale >= 0 && Number.isFinite(scale))) throw new RangeError(`scale: must be 0 or more, got ${scale}`);
  return { ...options, medianMs: options.medianMs * scale };
}

/** One log-normal latency sample in milliseconds (Box–Muller transform of two uniform draws). */
export function sampleLatencyMs(random: Random, options: LatencyOptions): number {
  // 1 − u keeps the logarithm's argument in (0, 1].
  const u1 = 1 - random();
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return options.medianMs * Math.exp(options.sigma * z);
}

/** The status a simulated request answers with: 500 for a fraction `errorRate` of draws, else 200. */
export function decideStatus(random: Random, errorRate: number): 200 | 500 {
  return random() < errorRate ? 500 : 200;
}
