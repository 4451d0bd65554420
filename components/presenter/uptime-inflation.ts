import type { RouteView } from '../../server/lab/types';

export interface UptimeInflation {
  /** Seconds since the counters last started from zero (the lab's epoch is that moment). */
  uptimeSeconds: number;
  /** Scrapes in the shown window whose counter went down: each one a reset to Prometheus. */
  falseResets: number;
  /** What rate() says ÷ the true rate: Prometheus' when it is in the loop, else the lab's own. */
  ratio: number | null;
}

/**
 * Scene 4's point, measured: a false reset makes rate() add the whole counter back, and the counter grows
 * with uptime, so the longer the app runs the more rate() invents. Pure.
 */
export function uptimeInflation(route: RouteView, epoch: number, now: number): UptimeInflation {
  const latest = route.rates.at(-1);
  const labRatio = latest?.computed != null && latest.truth ? latest.computed / latest.truth : null;
  return {
    uptimeSeconds: Math.max(0, Math.round((now - epoch) / 1000)),
    falseResets: route.headline.resets,
    ratio: route.prometheus?.rateRatio ?? labRatio,
  };
}
