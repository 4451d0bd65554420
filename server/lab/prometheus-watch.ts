import { PrometheusClient } from '../prometheus/client';
import { routeQueries } from '../prometheus/queries';
import { buildFigures } from './prometheus-figures';
import { exactRate, type Sample } from './rate-math';
import { RingBuffer } from './ring-buffer';
import type { PrometheusFigures, PrometheusRatePoint, RouteSpec } from './types';

export interface WatchedRoute {
  spec: RouteSpec;
  /** The truth as (time, answered) samples, for the true rate over the same window. */
  truthSamples: () => Sample[];
  answered: () => number;
}

/** Points kept per route: an hour at one poll a second. */
const KEPT = 3600;

/**
 * Asks Prometheus, once a second, what a dashboard would say about each route, and keeps the answers beside
 * the truth over the same window. Failures are kept as failures.
 */
export class PrometheusWatch {
  private readonly latest = new Map<string, PrometheusFigures>();
  private readonly history = new Map<string, RingBuffer<PrometheusRatePoint>>();
  private busy = false;
  /** What Prometheus says it is, asked until it answers once. */
  version: string | null = null;

  constructor(
    readonly client: PrometheusClient,
    private readonly routes: () => WatchedRoute[],
    private readonly windowSeconds: () => number,
  ) {}

  async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (this.version === null) this.version = await this.client.version().catch(() => null);
      await Promise.all(this.routes().map((r) => this.pollRoute(r)));
    } finally {
      this.busy = false;
    }
  }

  figures(routeId: string): PrometheusFigures | null {
    return this.latest.get(routeId) ?? null;
  }

  rates(routeId: string, sinceMs: number): PrometheusRatePoint[] {
    return (this.history.get(routeId)?.toArray() ?? []).filter((p) => p.t >= sinceMs);
  }

  clear(): void {
    this.latest.clear();
    this.history.clear();
  }

  private async pollRoute({ spec, truthSamples, answered }: WatchedRoute): Promise<void> {
    if (!spec.prometheusJob) return;
    const t = Date.now();
    const windowSeconds = this.windowSeconds();
    const queries = routeQueries(
      { job: spec.prometheusJob, counterMetric: spec.counterMetric, histogramMetric: spec.histogramMetric },
      windowSeconds,
    );
    const [rate, increase, total, p90Seconds] = await Promise.allSettled([
      this.client.value(queries.rate, t),
      this.client.value(queries.increase, t),
      this.client.value(queries.total, t),
      this.client.value(queries.p90, t),
    ]);
    const trueTotal = answered();
    const truth = [...truthSamples(), { t, v: trueTotal }];
    const figures = buildFigures(
      t,
      windowSeconds,
      { rate: rate!, increase: increase!, total: total!, p90Seconds: p90Seconds! },
      exactRate(truth, { end: t, rangeSeconds: windowSeconds }),
      trueTotal,
    );
    this.latest.set(spec.id, figures);
    let ring = this.history.get(spec.id);
    if (!ring) {
      ring = new RingBuffer<PrometheusRatePoint>(KEPT);
      this.history.set(spec.id, ring);
    }
    ring.push({ t, rate: figures.rate.value });
  }
}
