import type { ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DemoSettings, Instrumentation, RequestLabels } from './instrumentation';

const labelNames = ['method', 'route', 'status'] as const;
type LabelName = (typeof labelNames)[number];

/** A series' counter and histogram children, bound to its labels. */
interface Children {
  requests: ReturnType<Counter<LabelName>['labels']>;
  duration: ReturnType<Histogram<LabelName>['labels']>;
}

/**
 * prom-client the way most apps use it: metrics live in this process's memory and `/metrics` reports
 * them. In a cluster every worker has its own registry, and whichever worker accepts the scrape answers.
 */
export function createDirectInstrumentation(
  settings: DemoSettings,
): Instrumentation & { registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'demo_http_requests_total',
    help: 'HTTP requests answered by this worker.',
    labelNames,
    registers: [registry],
  });
  // Every series the app can answer starts at 0, as Prometheus' instrumentation guide advises: a series
  // that appears at its first increment has no sample before it, and increase() misses that first count.
  for (const status of ['200', '500']) requests.inc({ method: 'GET', route: '/work', status }, 0);
  const duration = new Histogram({
    name: 'demo_http_request_duration_seconds',
    help: 'Time from request start to response, in seconds.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Read when a scrape collects, as prom-client's collect() hook allows: a level is what the scrape sees,
  // so keeping it in a plain number spares every request two gauge updates.
  let inFlight = 0;
  new Gauge({
    name: 'demo_http_requests_in_flight',
    help: 'Requests this worker is handling right now.',
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });

  let metricsKeepAlive = settings.metricsKeepAlive;
  // Each series' children, made once and found by each label in turn (a key joined from them would cost
  // more than the lookups): a child keeps its labels, so a request neither builds nor passes them.
  const children = new Map<string, Map<string, Map<number, Children>>>();
  const childrenOf = ({ method, route }: RequestLabels, status: number): Children => {
    let methods = children.get(route);
    if (!methods) children.set(route, (methods = new Map()));
    let statuses = methods.get(method);
    if (!statuses) methods.set(method, (statuses = new Map()));
    let series = statuses.get(status);
    if (!series) {
      const labels = { method, route, status: String(status) };
      series = { requests: requests.labels(labels), duration: duration.labels(labels) };
      statuses.set(status, series);
    }
    return series;
  };

  return {
    registry,

    onStart(request) {
      inFlight += 1;
      return (status, seconds) => {
        const series = childrenOf(request, status);
        series.requests.inc();
        series.duration.observe(seconds);
        inFlight -= 1;
      };
    },

    serveMetrics(_req, res) {
      // Closing like gunicorn's sync workers do: each scrape is a new connection, so any worker may answer.
      if (!metricsKeepAlive) res.setHeader('connection', 'close');
      registry.metrics().then(
        (body) => send(res, 200, registry.contentType, body),
        (error: unknown) => {
          console.error(`metrics: cannot render the registry: ${String(error)}`);
          send(res, 500, 'text/plain; charset=utf-8', 'cannot render metrics\n');
        },
      );
    },

    applySettings(next) {
      metricsKeepAlive = next.metricsKeepAlive;
    },

    close() {
      return Promise.resolve();
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}
