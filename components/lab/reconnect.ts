/** When to retry a dropped snapshot stream: doubling from a short first wait up to a ceiling. */

export interface BackoffOptions {
  /** Wait before the first retry. */
  initialMs: number;
  /** Longest wait between retries. */
  maxMs: number;
}

/** Delay before retry number `attempt` (0 for the first retry after a drop). */
export function reconnectDelayMs(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  if (!Number.isFinite(attempt) || attempt <= 0) return Math.min(initialMs, maxMs);
  // Cap the exponent so 2 ** attempt cannot overflow to Infinity on a long outage.
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
