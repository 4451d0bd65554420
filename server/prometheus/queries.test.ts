import { describe, expect, it } from 'vitest';
import { routeQueries } from './queries';

describe('routeQueries', () => {
  it.each([
    {
      job: 'direct',
      window: 10,
      want: {
        rate: 'sum(rate(demo_http_requests_total{job="direct"}[10s]))',
        increase: 'sum(increase(demo_http_requests_total{job="direct"}[10s]))',
        total: 'sum(demo_http_requests_total{job="direct"})',
        p90: 'histogram_quantile(0.9, sum by (le) (rate(demo_http_request_duration_seconds_bucket{job="direct"}[10s])))',
      },
    },
    {
      job: 'statsd',
      window: 2.5,
      want: {
        rate: 'sum(rate(demo_http_requests_total{job="statsd"}[2500ms]))',
        increase: 'sum(increase(demo_http_requests_total{job="statsd"}[2500ms]))',
        total: 'sum(demo_http_requests_total{job="statsd"})',
        p90: 'histogram_quantile(0.9, sum by (le) (rate(demo_http_request_duration_seconds_bucket{job="statsd"}[2500ms])))',
      },
    },
  ])('$job over $window s', ({ job, window, want }) => {
    const metrics = {
      job,
      counterMetric: 'demo_http_requests_total',
      histogramMetric: 'demo_http_request_duration_seconds',
    };
    expect(routeQueries(metrics, window)).toEqual(want);
  });
});
