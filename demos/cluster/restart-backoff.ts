export interface BackoffOptions {
  /** A worker that dies sooner than this after its fork counts as a fast death. */
  fastLifetimeMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { fastLifetimeMs: 1000, baseDelayMs: 250, maxDelayMs: 10_000 };

export interface RestartDecision {
  /** How long to wait before forking the replacement. */
  delayMs: number;
  fastDeathsInRow: number;
}

/**
 * When to replace a worker that died unexpectedly. One fast death may be bad luck and is replaced at once;
 * fast deaths in a row mean a crash loop, so the delay doubles each time, up to the maximum.
 */
export function nextRestart(
  lifetimeMs: number,
  fastDeathsInRow: number,
  options: BackoffOptions,
): RestartDecision {
  if (lifetimeMs >= options.fastLifetimeMs) return { delayMs: 0, fastDeathsInRow: 0 };
  const deaths = fastDeathsInRow + 1;
  const delayMs = deaths === 1 ? 0 : Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (deaths - 2));
  return { delayMs, fastDeathsInRow: deaths };
}
