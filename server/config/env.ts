import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './project-root';

/**
 * The one reader of `process.env` for every Scrape Lab process. Each variable is listed in `.env.example`;
 * hosts and ports are variables so that docker compose can point the same code at service names.
 */

const port = z.coerce.number().int().min(1).max(65535);
const host = z.string().min(1);
/** An http(s) URL: the doctor reads nothing else. */
const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^/]/.test(v) && URL.canParse(v), 'must be an http:// or https:// URL');
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  BIND_HOST: host.default('127.0.0.1'),
  /** Extra Host names every server answers for (comma-separated), beyond loopback and its own host name. */
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  /** Required on state-changing requests when servers bind beyond loopback; generated when unset. */
  LAB_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** A file the processes of one stack share the generated token through (docker compose). */
  LAB_TOKEN_FILE: z.string().optional(),

  WORKERS: z.coerce.number().int().min(1).max(16).default(4),
  /** Who hands a new connection to a worker: the kernel ("os", gunicorn-like) or Node's primary ("rr"). */
  CLUSTER_SCHEDULING: z.enum(['os', 'rr']).default('os'),

  DIRECT_HOST: host.default('127.0.0.1'),
  DIRECT_PORT: port.default(8081),
  DIRECT_ADMIN_PORT: port.default(8091),
  /**
   * Worker k of the Node app serves its own registry on this port + k (port-per-worker); slots go
   * up to 32, as a restart starts the new workers before the old ones leave.
   */
  DIRECT_WORKER_PORT_BASE: port.max(65535 - 32).default(8100),
  /** The Node app's primary answers with every worker's registry merged here (shared-mode). */
  DIRECT_AGGREGATE_PORT: port.default(8083),
  /** Set by a demo primary on each worker it forks: the worker's slot, 1…WORKERS. */
  WORKER_SLOT: z.coerce.number().int().min(1).max(32).optional(),

  /**
   * The talk's Django app under gunicorn (three routes). auto: npm start runs them when Python 3.10+ is found,
   * building the project venv on first start; on: they must run; off: they are left out.
   */
  PYTHON_DEMOS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** The Python that builds the venv; when unset, python3 (then python3.1x) on PATH. */
  PYTHON: z.string().optional(),
  DJANGO_DIRECT_HOST: host.default('127.0.0.1'),
  DJANGO_DIRECT_PORT: port.default(8084),
  DJANGO_DIRECT_ADMIN_PORT: port.default(8094),
  DJANGO_MULTIPROCESS_HOST: host.default('127.0.0.1'),
  DJANGO_MULTIPROCESS_PORT: port.default(8085),
  DJANGO_MULTIPROCESS_ADMIN_PORT: port.default(8095),
  DJANGO_STATSD_HOST: host.default('127.0.0.1'),
  DJANGO_STATSD_PORT: port.default(8086),
  DJANGO_STATSD_ADMIN_PORT: port.default(8096),
  /** gunicorn max_requests for django-multiprocess: recycled workers leave their files behind. 0: never. */
  DJANGO_MAX_REQUESTS: z.coerce.number().int().min(0).max(1_000_000).default(0),

  BRIDGE_HOST: host.default('127.0.0.1'),
  BRIDGE_UDP_PORT: port.default(9125),
  BRIDGE_WEB_PORT: port.default(9102),
  STATSD_MAPPING: z.string().min(1).default('config/statsd-mapping.yml'),
  /**
   * Which StatsD bridge npm start runs. auto: the real statsd_exporter when one is found (STATSD_EXPORTER_BIN,
   * TOOLS_BIN_DIR, PATH), the built-in one otherwise; statsd_exporter: the real one or a clear error.
   */
  BRIDGE: z.enum(['auto', 'builtin', 'statsd_exporter']).default('auto'),
  /** Path of a real prom/statsd-exporter binary; when unset, TOOLS_BIN_DIR and then PATH are searched. */
  STATSD_EXPORTER_BIN: z.string().optional(),

  PROMETHEUS_HOST: host.default('127.0.0.1'),
  PROMETHEUS_PORT: port.default(9090),
  /** Path of a Prometheus binary; when unset, TOOLS_BIN_DIR and then PATH are searched. */
  PROMETHEUS_BIN: z.string().optional(),
  /**
   * managed: the lab writes Prometheus' config file and reloads it; external: the lab only queries it;
   * off: there is none. auto: the supervisor picks managed when it finds a binary, off otherwise.
   */
  PROMETHEUS_MODE: z.enum(['auto', 'managed', 'external', 'off']).default('auto'),
  /** The config file Prometheus reads, rendered from the template (set by the supervisor or compose). */
  PROMETHEUS_CONFIG_FILE: z.string().optional(),
  PROMETHEUS_TEMPLATE: z.string().min(1).default('config/prometheus.template.yml'),

  LAB_HOST: host.default('127.0.0.1'),
  LAB_PORT: port.default(9300),
  WEB_PORT: port.default(3000),

  LOAD_RATE: z.coerce.number().min(0).max(5000).default(50),
  LOAD_CONCURRENCY: z.coerce.number().int().min(1).max(2048).default(128),
  SCRAPE_INTERVAL_SECONDS: z.coerce.number().min(0.25).max(30).default(1),
  METRICS_KEEP_ALIVE: flag.default(false),
  STATSD_BUFFER_SIZE: z.coerce.number().int().min(0).max(65_000).default(1400),
  /**
   * Multiplies the Node demo's simulated latency (median 20 ms); 0 answers at once, for the benchmark that
   * measures what instrumentation costs a worker running flat out.
   */
  DEMO_LATENCY_SCALE: z.coerce.number().min(0).max(100).default(1),

  /** Your own app's /metrics, watched by the scrape doctor as the "Your app" route; never set from the page. */
  DOCTOR_TARGET: httpUrl.optional(),
  /** A URL of your app the lab loads at DOCTOR_LOAD_RATE while it watches DOCTOR_TARGET. */
  DOCTOR_LOAD: httpUrl.optional(),
  DOCTOR_LOAD_RATE: z.coerce.number().min(0).max(5000).default(20),

  /** Set by npm start on the processes it runs: the pid to ask for restarts and reloads over IPC. */
  SCRAPE_LAB_SUPERVISOR_PID: z.coerce.number().int().positive().optional(),

  /** Where `npm run tools` builds statsd_exporter and Prometheus; searched before PATH. */
  TOOLS_BIN_DIR: z
    .string()
    .min(1)
    .default(path.join(PROJECT_ROOT, 'tools', 'bin')),
  /** Set by CI systems: checks that use statsd_exporter or Prometheus 3.x fail, not skip, when one is missing. */
  CI: flag.default(false),
  /** Searched for statsd_exporter and prometheus binaries after TOOLS_BIN_DIR. */
  PATH: z.string().default(''),
});

export type Config = z.infer<typeof schema>;

/** Every variable the schema reads, for the check that `.env.example` lists them all. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" so that a blank line in .env keeps the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The environment a supervisor hands its children: theirs to validate with loadConfig(). */
export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env };
}
