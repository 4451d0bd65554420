import path from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { flag, httpUrl, list, num, oneOf, port, readVariables, text, type Values } from './variables';

/**
 * The one reader of `process.env` for every Scrape Lab process. Each variable is listed in `.env.example`;
 * hosts and ports are variables so that docker compose can point the same code at service names.
 */

const host = text({ fallback: '127.0.0.1', minLength: 1 });

const schema = {
  BIND_HOST: host,
  /** Extra Host names every server answers for (comma-separated), beyond loopback and its own host name. */
  ALLOWED_HOSTS: list(),
  /** Required on state-changing requests when servers bind beyond loopback; generated when unset. */
  LAB_TOKEN: text({ minLength: 16 }),
  /** A file the processes of one stack share the generated token through (docker compose). */
  LAB_TOKEN_FILE: text(),

  WORKERS: num({ min: 1, max: 16, int: true, fallback: 4 }),
  /** Who hands a new connection to a worker: the kernel ("os", gunicorn-like) or Node's primary ("rr"). */
  CLUSTER_SCHEDULING: oneOf(['os', 'rr'], 'os'),

  DIRECT_HOST: host,
  DIRECT_PORT: port(8081),
  DIRECT_ADMIN_PORT: port(8091),
  /**
   * Worker k of the Node app serves its own registry on this port + k (port-per-worker); slots go
   * up to 32, as a restart starts the new workers before the old ones leave.
   */
  DIRECT_WORKER_PORT_BASE: port(8100, 65_535 - 32),
  /** The Node app's primary answers with every worker's registry merged here (shared-mode). */
  DIRECT_AGGREGATE_PORT: port(8083),
  /** Set by a demo primary on each worker it forks: the worker's slot, 1…WORKERS. */
  WORKER_SLOT: num({ min: 1, max: 32, int: true }),

  /**
   * The talk's Django app under gunicorn (three routes). auto: npm start runs them when Python 3.10+ is found,
   * building the project venv on first start; on: they must run; off: they are left out.
   */
  PYTHON_DEMOS: oneOf(['auto', 'on', 'off'], 'auto'),
  /** The Python that builds the venv; when unset, python3 (then python3.1x) on PATH. */
  PYTHON: text(),
  DJANGO_DIRECT_HOST: host,
  DJANGO_DIRECT_PORT: port(8084),
  DJANGO_DIRECT_ADMIN_PORT: port(8094),
  DJANGO_MULTIPROCESS_HOST: host,
  DJANGO_MULTIPROCESS_PORT: port(8085),
  DJANGO_MULTIPROCESS_ADMIN_PORT: port(8095),
  DJANGO_STATSD_HOST: host,
  DJANGO_STATSD_PORT: port(8086),
  DJANGO_STATSD_ADMIN_PORT: port(8096),
  /** gunicorn max_requests for django-multiprocess: recycled workers leave their files behind. 0: never. */
  DJANGO_MAX_REQUESTS: num({ min: 0, max: 1_000_000, int: true, fallback: 0 }),

  BRIDGE_HOST: host,
  BRIDGE_UDP_PORT: port(9125),
  BRIDGE_WEB_PORT: port(9102),
  STATSD_MAPPING: text({ fallback: 'config/statsd-mapping.yml', minLength: 1 }),
  /**
   * Which StatsD bridge npm start runs. auto: the real statsd_exporter when one is found (STATSD_EXPORTER_BIN,
   * TOOLS_BIN_DIR, PATH), the built-in one otherwise; statsd_exporter: the real one or a clear error.
   */
  BRIDGE: oneOf(['auto', 'builtin', 'statsd_exporter'], 'auto'),
  /** Path of a real prom/statsd-exporter binary; when unset, TOOLS_BIN_DIR and then PATH are searched. */
  STATSD_EXPORTER_BIN: text(),

  PROMETHEUS_HOST: host,
  PROMETHEUS_PORT: port(9090),
  /** Path of a Prometheus binary; when unset, TOOLS_BIN_DIR and then PATH are searched. */
  PROMETHEUS_BIN: text(),
  /**
   * managed: the lab writes Prometheus' config file and reloads it; external: the lab only queries it;
   * off: there is none. auto: the supervisor picks managed when it finds a binary, off otherwise.
   */
  PROMETHEUS_MODE: oneOf(['auto', 'managed', 'external', 'off'], 'auto'),
  /** The config file Prometheus reads, rendered from the template (set by the supervisor or compose). */
  PROMETHEUS_CONFIG_FILE: text(),
  PROMETHEUS_TEMPLATE: text({ fallback: 'config/prometheus.template.yml', minLength: 1 }),

  LAB_HOST: host,
  LAB_PORT: port(9300),
  WEB_PORT: port(3000),

  LOAD_RATE: num({ min: 0, max: 5000, fallback: 50 }),
  LOAD_CONCURRENCY: num({ min: 1, max: 2048, int: true, fallback: 128 }),
  SCRAPE_INTERVAL_SECONDS: num({ min: 0.25, max: 30, fallback: 1 }),
  METRICS_KEEP_ALIVE: flag(false),
  STATSD_BUFFER_SIZE: num({ min: 0, max: 65_000, int: true, fallback: 1400 }),
  /**
   * Multiplies the Node demo's simulated latency (median 20 ms); 0 answers at once, for the benchmark that
   * measures what instrumentation costs a worker running flat out.
   */
  DEMO_LATENCY_SCALE: num({ min: 0, max: 100, fallback: 1 }),

  /** Your own app's /metrics, watched by the scrape doctor as the "Your app" route; never set from the page. */
  DOCTOR_TARGET: httpUrl(),
  /** A URL of your app the lab loads at DOCTOR_LOAD_RATE while it watches DOCTOR_TARGET. */
  DOCTOR_LOAD: httpUrl(),
  DOCTOR_LOAD_RATE: num({ min: 0, max: 5000, fallback: 20 }),

  /** Set by npm start on the processes it runs: the pid to ask for restarts and reloads over IPC. */
  SCRAPE_LAB_SUPERVISOR_PID: num({ min: 1, max: Number.MAX_SAFE_INTEGER, int: true }),

  /** Where `npm run tools` builds statsd_exporter and Prometheus; searched before PATH. */
  TOOLS_BIN_DIR: text({ fallback: path.join(PROJECT_ROOT, 'tools', 'bin'), minLength: 1 }),
  /** Set by CI systems: checks that use statsd_exporter or Prometheus 3.x fail, not skip, when one is missing. */
  CI: flag(false),
  /** Searched for statsd_exporter and prometheus binaries after TOOLS_BIN_DIR. */
  PATH: text({ fallback: '' }),
};

export type Config = Values<typeof schema>;

/** Every variable the schema reads, for the check that `.env.example` lists them all. */
export const CONFIG_VARIABLES = Object.keys(schema) as (keyof Config)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const read = readVariables(schema, env);
  if (!read.ok)
    throw new ConfigError(`invalid environment:\n${read.problems.map((p) => `  ${p}`).join('\n')}`);
  return read.values;
}

/** The environment a supervisor hands its children: theirs to validate with loadConfig(). */
export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env };
}
