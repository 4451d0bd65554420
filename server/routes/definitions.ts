import type { Config } from '../config/env';
import type { DemoSettings } from '../../demos/instrumentation';
import type { RouteSpec, WorkerInfo, YourAppSpec } from '../lab/types';
import type { PortClaim } from '../supervisor/ports';

/**
 * The one place a route is written down: the apps whose workers serve the routes, the routes themselves,
 * their scrape targets and their Prometheus jobs. The supervisor, the Prometheus config, the lab, the
 * experiment and the page all loop over these; nothing else names a route.
 */

export type AppId = 'node' | 'django-direct' | 'django-multiprocess' | 'django-statsd';

/** What runs an app: a Node cluster (`demos/cluster/main.ts --variant …`) or gunicorn (`demos/django/runner.ts`). */
export type AppRunner =
  | { kind: 'node-cluster'; variant: 'both' }
  | { kind: 'django'; mode: 'direct' | 'multiprocess' | 'statsd'; port: number };

/** A demo app: one pool of workers (a Node cluster or a gunicorn) that the load generator drives. */
export interface AppDefinition {
  id: AppId;
  runner: AppRunner;
  loadUrl: string;
  adminUrl: string;
  adminPort: number;
  /** The runtime switches its workers take (the admin API's `PUT /settings` validates each one). */
  switches: readonly (keyof DemoSettings)[];
  /** Every port it binds, checked before anything starts. */
  ports: PortClaim[];
}

/** Workers a restart may run at once: the new ones start before the old ones leave. */
const slotsFor = (workers: number) => Math.min(32, workers * 2);

const METRICS = {
  counterMetric: 'demo_http_requests_total',
  gaugeMetric: 'demo_http_requests_in_flight',
  histogramMetric: 'demo_http_request_duration_seconds',
};
/** The Django app's DogStatsD names: its own, so the bridge does not mix them with the Node app's. */
const DJANGO_STATSD_METRICS = {
  counterMetric: 'django_http_requests_total',
  gaugeMetric: 'django_http_requests_in_flight',
  histogramMetric: 'django_http_request_duration_seconds',
};

const url = (host: string, port: number, path = '') => {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}${path}`;
};

export function appDefinitions(config: Config): AppDefinition[] {
  const tcp = (port: number, variable: string, purpose: string): PortClaim => ({
    port,
    protocol: 'tcp',
    variable,
    purpose,
  });
  const workerPorts = Array.from({ length: slotsFor(config.WORKERS) }, (_, i) =>
    tcp(config.DIRECT_WORKER_PORT_BASE + i + 1, 'DIRECT_WORKER_PORT_BASE', `worker ${i + 1}'s own /metrics`),
  );
  return [
    {
      // One cluster behind every Node route: each worker counts every request in prom-client and sends it
      // over StatsD, so the routes compare the same requests on the same workers.
      id: 'node',
      runner: { kind: 'node-cluster', variant: 'both' },
      loadUrl: url(config.DIRECT_HOST, config.DIRECT_PORT, '/work'),
      adminUrl: url(config.DIRECT_HOST, config.DIRECT_ADMIN_PORT),
      adminPort: config.DIRECT_ADMIN_PORT,
      // Closing each /metrics connection or keeping it open decides whether scrapes hop between workers;
      // the StatsD buffer decides how many UDP datagrams a burst takes.
      switches: ['metricsKeepAlive', 'statsdBufferSize'],
      ports: [
        tcp(config.DIRECT_PORT, 'DIRECT_PORT', 'Node demo app'),
        tcp(config.DIRECT_ADMIN_PORT, 'DIRECT_ADMIN_PORT', 'Node demo admin'),
        tcp(config.DIRECT_AGGREGATE_PORT, 'DIRECT_AGGREGATE_PORT', 'merged /metrics (shared-mode)'),
        ...workerPorts,
      ],
    },
    ...(config.PYTHON_DEMOS === 'on' ? djangoApps(config) : []),
  ];
}

/** The talk's Django app under gunicorn, once per way of exposing its metrics. */
function djangoApps(config: Config): AppDefinition[] {
  const modes = [
    [
      'direct',
      'DJANGO_DIRECT',
      config.DJANGO_DIRECT_HOST,
      config.DJANGO_DIRECT_PORT,
      config.DJANGO_DIRECT_ADMIN_PORT,
    ],
    [
      'multiprocess',
      'DJANGO_MULTIPROCESS',
      config.DJANGO_MULTIPROCESS_HOST,
      config.DJANGO_MULTIPROCESS_PORT,
      config.DJANGO_MULTIPROCESS_ADMIN_PORT,
    ],
    [
      'statsd',
      'DJANGO_STATSD',
      config.DJANGO_STATSD_HOST,
      config.DJANGO_STATSD_PORT,
      config.DJANGO_STATSD_ADMIN_PORT,
    ],
  ] as const;
  return modes.map(([mode, prefix, host, port, adminPort]) => ({
    id: `django-${mode}`,
    runner: { kind: 'django', mode, port },
    loadUrl: url(host, port, '/work'),
    adminUrl: url(host, adminPort),
    adminPort,
    // gunicorn's workers take no runtime switches; max_requests is set at start (DJANGO_MAX_REQUESTS).
    switches: [],
    ports: [
      { port, protocol: 'tcp', variable: `${prefix}_PORT`, purpose: `Django ${mode} app` },
      { port: adminPort, protocol: 'tcp', variable: `${prefix}_ADMIN_PORT`, purpose: `Django ${mode} admin` },
    ],
  }));
}

export function routeDefinitions(config: Config): RouteSpec[] {
  const apps = appDefinitions(config);
  const [node] = apps as [AppDefinition];
  const app = (a: AppDefinition) => ({ appId: a.id, loadUrl: a.loadUrl, adminUrl: a.adminUrl });
  const django = (mode: string) => apps.find((a) => a.id === `django-${mode}`);
  const djangoDirect = django('direct');
  const djangoMultiprocess = django('multiprocess');
  const djangoStatsd = django('statsd');
  return [
    {
      id: 'direct',
      title: 'Direct scrape — {workers} workers',
      summary:
        'Each worker keeps its own registry; /metrics is answered by whichever worker takes the connection.',
      topology: { kind: 'direct' },
      ...app(node),
      metricsUrl: url(config.DIRECT_HOST, config.DIRECT_PORT, '/metrics'),
      answeredBy: { kind: 'header', header: 'x-worker-id' },
      prometheusJob: 'direct',
      ...METRICS,
    },
    {
      id: 'port-per-worker',
      title: 'One port per worker — {workers} targets',
      summary:
        'Each worker serves its own registry on a port of its own (base port + its slot); every worker is scraped and the counts summed.',
      topology: { kind: 'per-worker' },
      ...app(node),
      metricsUrl: url(config.DIRECT_HOST, config.DIRECT_WORKER_PORT_BASE + 1, '/metrics'),
      answeredBy: { kind: 'header', header: 'x-worker-id' },
      prometheusJob: 'port-per-worker',
      ...METRICS,
    },
    {
      id: 'shared-mode',
      title: 'Shared mode — the primary merges {workers} registries',
      summary:
        "prom-client's AggregatorRegistry: the cluster primary asks every worker for its registry and answers with the sum.",
      topology: { kind: 'aggregated' },
      ...app(node),
      metricsUrl: url(config.DIRECT_HOST, config.DIRECT_AGGREGATE_PORT, '/metrics'),
      answeredBy: { kind: 'header', header: 'x-answered-by' },
      prometheusJob: 'shared-mode',
      ...METRICS,
    },
    {
      id: 'statsd',
      title: 'StatsD bridge',
      summary: 'Every worker sends StatsD over UDP to one bridge; Prometheus scrapes the bridge.',
      topology: { kind: 'pushed', aggregator: 'bridge' },
      ...app(node),
      metricsUrl: `${bridgeUrl(config)}/metrics`,
      answeredBy: { kind: 'metric', metric: 'process_start_time_seconds' },
      prometheusJob: 'statsd',
      lastWriterGaugeMetric: 'demo_http_requests_in_flight_last_writer',
      ...METRICS,
    },
    ...(djangoDirect
      ? [
          {
            id: 'django-direct',
            title: 'Django direct — gunicorn, {workers} workers',
            summary:
              'The talk’s Demo 1: django-prometheus in every gunicorn worker; /metrics is answered by whichever worker takes the connection.',
            topology: { kind: 'direct' } as const,
            ...app(djangoDirect),
            metricsUrl: `${djangoDirect.loadUrl.replace(/\/work$/, '')}/metrics`,
            answeredBy: { kind: 'header', header: 'x-worker-id' } as const,
            prometheusJob: 'django-direct',
            ...METRICS,
          },
        ]
      : []),
    ...(djangoMultiprocess
      ? [
          {
            id: 'django-multiprocess',
            title: 'Django multiprocess mode — {workers} workers, files merged',
            summary:
              'prometheus_client multiprocess mode: every worker writes its metrics to files in one folder; the worker that takes the scrape reads them all.',
            topology: { kind: 'aggregated' } as const,
            ...app(djangoMultiprocess),
            metricsUrl: `${djangoMultiprocess.loadUrl.replace(/\/work$/, '')}/metrics`,
            answeredBy: { kind: 'header', header: 'x-worker-id' } as const,
            prometheusJob: 'django-multiprocess',
            multiprocFilesMetric: 'scrape_lab_multiproc_files',
            multiprocBytesMetric: 'scrape_lab_multiproc_bytes',
            ...METRICS,
          },
        ]
      : []),
    ...(djangoStatsd
      ? [
          {
            id: 'django-statsd',
            title: 'Django DogStatsD — bridge',
            summary:
              'The talk’s Demo 2: every gunicorn worker sends DogStatsD (use_ms=True) to the bridge; Prometheus scrapes the bridge.',
            topology: { kind: 'pushed', aggregator: 'bridge' } as const,
            ...app(djangoStatsd),
            metricsUrl: `${bridgeUrl(config)}/metrics`,
            answeredBy: { kind: 'metric', metric: 'process_start_time_seconds' } as const,
            prometheusJob: 'django-statsd',
            ...DJANGO_STATSD_METRICS,
          },
        ]
      : []),
  ];
}

/**
 * Your own app, when DOCTOR_TARGET names its /metrics: the lab watches it with the scrape doctor. The lab does
 * not run or count it, so it has no truth and no app definition; it is configured at start, never by the page.
 */
export function yourAppDefinition(config: Config): YourAppSpec | null {
  if (config.DOCTOR_TARGET === undefined) return null;
  return {
    id: 'your-app',
    title: 'Your app',
    summary:
      'Your own /metrics, scraped on new connections and on one kept-alive connection: does it answer from one process or many?',
    metricsUrl: config.DOCTOR_TARGET,
    loadUrl: config.DOCTOR_LOAD ?? null,
    loadRatePerSecond: config.DOCTOR_LOAD_RATE,
  };
}

export function bridgeUrl(config: Config): string {
  return url(config.BRIDGE_HOST, config.BRIDGE_WEB_PORT);
}

/** True when some route pushes to the bridge, so the stack must run one. */
export function needsBridge(routes: readonly RouteSpec[]): boolean {
  return routes.some((r) => r.topology.kind === 'pushed');
}

/**
 * The URLs a scrape of this route reads now: the one metrics URL, or for a per-worker route one per
 * worker the app lists (its own port), as service discovery would find them.
 */
export function scrapeUrls(route: RouteSpec, workers: readonly WorkerInfo[] | null): string[] {
  if (route.topology.kind !== 'per-worker') return [route.metricsUrl];
  return (workers ?? [])
    .filter((w) => w.metricsPort !== null)
    .sort((a, b) => a.slot - b.slot)
    .map((w) => {
      const target = new URL(route.metricsUrl);
      target.port = String(w.metricsPort);
      return target.toString();
    });
}

/** One Prometheus scrape job: fixed targets, or a file the lab keeps up to date from the app's workers. */
export type ScrapeJob =
  { job: string; comment: string; targets: string[] } | { job: string; comment: string; targetsFile: string };

/** The scrape jobs of every route; `fileSdDir` is where Prometheus finds the per-worker target files. */
export function prometheusJobs(routes: readonly RouteSpec[], fileSdDir: string): ScrapeJob[] {
  return routes
    .filter((r): r is RouteSpec & { prometheusJob: string } => r.prometheusJob !== undefined)
    .map((r) =>
      r.topology.kind === 'per-worker'
        ? { job: r.prometheusJob, comment: r.summary, targetsFile: targetsFile(r, fileSdDir) }
        : { job: r.prometheusJob, comment: r.summary, targets: [new URL(r.metricsUrl).host] },
    );
}

/** Where a per-worker route's file_sd targets live, beside the rendered Prometheus config. */
export function targetsFile(route: RouteSpec, fileSdDir: string): string {
  return `${fileSdDir.replace(/\/$/, '')}/${route.id}-targets.json`;
}
