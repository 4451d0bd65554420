import { PrometheusClient, PrometheusError } from '../prometheus/client';
import { prometheusDuration } from '../prometheus/config';
import type { Sample } from '../lab/rate-math';
import type { RouteSpec } from '../lab/types';

export type PrometheusVerdict =
  | {
      /** sum(counter) once the run has settled. */
      total: number;
      /** sum(rate(counter[W])) at the end of the load. */
      rate: number;
      /** The ledger's answered requests per second over the same W. */
      trueRate: number;
      ratio: number | null;
      windowSeconds: number;
    }
  | { error: string };

/** The truth at time `t`, read off (time, answered) samples by linear interpolation; null outside them. */
export function valueAt(samples: readonly Sample[], t: number): number | null {
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1] as Sample;
    const b = samples[i] as Sample;
    if (a.t <= t && t <= b.t) return b.t === a.t ? b.v : a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
  }
  return null;
}

export interface PrometheusQuestion {
  spec: RouteSpec;
  /** The ledger's answered count over time. */
  truth: readonly Sample[];
  /** When the load stopped: the rate window ends here, inside steady traffic as a dashboard would see it. */
  rateEndMs: number;
  windowSeconds: number;
  /** When everything has settled: the total is read here. */
  totalAtMs: number;
}

/** What Prometheus says about a route's run, beside the truth over the same window. */
export async function askPrometheus(
  client: PrometheusClient,
  q: PrometheusQuestion,
): Promise<PrometheusVerdict> {
  const { spec } = q;
  if (!spec.prometheusJob) return { error: `route ${spec.id} is not scraped by Prometheus` };
  const from = valueAt(q.truth, q.rateEndMs - q.windowSeconds * 1000);
  const to = valueAt(q.truth, q.rateEndMs);
  if (from === null || to === null) return { error: 'the truth does not cover the rate window' };
  const counter = `${spec.counterMetric}{job="${spec.prometheusJob}"}`;
  try {
    const [rate, total] = await Promise.all([
      client.value(`sum(rate(${counter}[${prometheusDuration(q.windowSeconds)}]))`, q.rateEndMs),
      client.value(`sum(${counter})`, q.totalAtMs),
    ]);
    const trueRate = (to - from) / q.windowSeconds;
    return {
      total,
      rate,
      trueRate,
      ratio: trueRate > 0 ? rate / trueRate : null,
      windowSeconds: q.windowSeconds,
    };
  } catch (err) {
    if (err instanceof PrometheusError) return { error: err.message };
    throw err;
  }
}
