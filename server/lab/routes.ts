import type { Config } from '../config/env';
import type { RouteSpec } from './types';

const METRICS = {
  counterMetric: 'demo_http_requests_total',
  gaugeMetric: 'demo_http_requests_in_flight',
  histogramMetric: 'demo_http_request_duration_seconds',
};

/** The routes the lab drives, as data. Later routes (per-worker ports, shared mode, a user's app) add entries. */
export function defaultRoutes(config: Config): RouteSpec[] {
  const direct = `http://${config.DIRECT_HOST}:${config.DIRECT_PORT}`;
  const statsdApp = `http://${config.STATSD_APP_HOST}:${config.STATSD_APP_PORT}`;
  return [
    {
      id: 'direct',
      title: 'Direct scrape — {workers} workers',
      summary:
        'Each worker keeps its own registry; /metrics is answered by whichever worker takes the connection.',
      loadUrl: `${direct}/work`,
      metricsUrl: `${direct}/metrics`,
      answeredBy: { kind: 'header', header: 'x-worker-id' },
      adminUrl: `http://${config.DIRECT_HOST}:${config.DIRECT_ADMIN_PORT}`,
      prometheusJob: 'direct',
      ...METRICS,
    },
    {
      id: 'statsd',
      title: 'StatsD bridge',
      summary: 'Every worker sends StatsD over UDP to one bridge; Prometheus scrapes the bridge.',
      loadUrl: `${statsdApp}/work`,
      metricsUrl: `${bridgeUrl(config)}/metrics`,
      answeredBy: { kind: 'metric', metric: 'process_start_time_seconds' },
      adminUrl: `http://${config.STATSD_APP_HOST}:${config.STATSD_APP_ADMIN_PORT}`,
      prometheusJob: 'statsd',
      lastWriterGaugeMetric: 'demo_http_requests_in_flight_last_writer',
      ...METRICS,
    },
  ];
}

export function bridgeUrl(config: Config): string {
  return `http://${config.BRIDGE_HOST}:${config.BRIDGE_WEB_PORT}`;
}
