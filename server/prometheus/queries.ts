import { prometheusDuration } from './config';

/** The PromQL a dashboard would run for one route, selected by the route's scrape job. */
export interface RouteQueries {
  rate: string;
  increase: string;
  total: string;
  p90: string;
}

export interface RouteMetrics {
  job: string;
  counterMetric: string;
  histogramMetric: string;
}

export function routeQueries(
  { job, counterMetric, histogramMetric }: RouteMetrics,
  windowSeconds: number,
): RouteQueries {
  const w = prometheusDuration(windowSeconds);
  const counter = `${counterMetric}{job="${job}"}`;
  return {
    rate: `sum(rate(${counter}[${w}]))`,
    increase: `sum(increase(${counter}[${w}]))`,
    total: `sum(${counter})`,
    p90: `histogram_quantile(0.9, sum by (le) (rate(${histogramMetric}_bucket{job="${job}"}[${w}])))`,
  };
}
