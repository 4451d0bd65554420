import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env';
import { appDefinitions, needsBridge, routeDefinitions, type AppDefinition } from '../routes/definitions';
import { nodeArgs, PRODUCTION_NODE_OPTIONS, type NodeEntry } from './node-entries';
import type { PortClaim } from './ports';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  /** URL that answers 200 once the child serves. */
  readyUrl: string;
  /** Ports the child binds, checked before anything starts. */
  ports: PortClaim[];
  /** True when SIGHUP makes it re-read its config file; any other child would die of one. */
  reloadsOnSighup?: boolean;
  /** Node's options for it and the processes it forks, given through NODE_OPTIONS (node-entries.ts). */
  nodeOptions?: readonly string[];
}

export interface PlanOptions {
  dev: boolean;
  web: boolean;
  /** Where to look for statsd_exporter and prometheus when their *_BIN variables are unset. */
  searchPath: string;
  /** The project venv's interpreter, for the Django apps (PYTHON_DEMOS=on); null when they do not run. */
  python: string | null;
  /** A Prometheus to run, when one was found: its binary, rendered config file and TSDB folder. */
  prometheus: { binary: string; configFile: string; dataDir: string } | null;
}

/** A Node entry as a child: its bundle with the production options, or in dev its TypeScript through tsx. */
function nodeChild(
  dev: boolean,
  entry: NodeEntry,
  ...args: string[]
): Pick<ChildSpec, 'command' | 'args' | 'nodeOptions'> {
  return {
    command: process.execPath,
    args: nodeArgs(entry, args, dev),
    nodeOptions: dev ? [] : PRODUCTION_NODE_OPTIONS,
  };
}

const local = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host);

/** The processes `npm start` runs, in start order. */
export function planChildren(config: Config, options: PlanOptions): ChildSpec[] {
  const host = local(config.BIND_HOST);
  const children: ChildSpec[] = [
    ...(needsBridge(routeDefinitions(config)) ? [bridgeChild(config, options)] : []),
    ...appDefinitions(config).map((app): ChildSpec => ({
      name: app.id,
      ...appCommand(config, app, options),
      readyUrl: `http://${host}:${app.adminPort}/-/healthy`,
      ports: app.ports,
    })),
    {
      name: 'lab',
      ...nodeChild(options.dev, 'server/lab/main.ts'),
      readyUrl: `http://${host}:${config.LAB_PORT}/-/healthy`,
      ports: [{ port: config.LAB_PORT, protocol: 'tcp', variable: 'LAB_PORT', purpose: 'lab API' }],
    },
  ];
  if (options.prometheus) children.push(prometheusChild(config, options.prometheus));
  if (options.web) {
    children.push({
      name: 'web',
      ...nodeChild(
        options.dev,
        'server/web/main.ts',
        '--port',
        String(config.WEB_PORT),
        '--hostname',
        config.BIND_HOST,
        ...(options.dev ? ['--dev'] : []),
      ),
      readyUrl: `http://${host}:${config.WEB_PORT}/`,
      ports: [{ port: config.WEB_PORT, protocol: 'tcp', variable: 'WEB_PORT', purpose: 'web page' }],
    });
  }
  return children;
}

function appCommand(
  config: Config,
  app: AppDefinition,
  { dev, python }: PlanOptions,
): Pick<ChildSpec, 'command' | 'args' | 'nodeOptions'> {
  const { runner } = app;
  if (runner.kind === 'node-cluster') {
    return nodeChild(dev, 'demos/cluster/main.ts', '--variant', runner.variant);
  }
  if (!python) throw new MissingToolError('the Django apps need the project venv, and none was made');
  return nodeChild(
    dev,
    'demos/django/runner.ts',
    '--mode',
    runner.mode,
    '--port',
    String(runner.port),
    '--admin-port',
    String(app.adminPort),
    '--python',
    python,
    ...(runner.mode === 'multiprocess' ? ['--max-requests', String(config.DJANGO_MAX_REQUESTS)] : []),
  );
}

/** The bridge BRIDGE asks for: the real prom/statsd-exporter with the same mapping file, or the built-in one. */
function bridgeChild(config: Config, { dev, searchPath }: PlanOptions): ChildSpec {
  const host = local(config.BIND_HOST);
  const ports: PortClaim[] = [
    { port: config.BRIDGE_UDP_PORT, protocol: 'udp', variable: 'BRIDGE_UDP_PORT', purpose: 'bridge StatsD' },
    {
      port: config.BRIDGE_WEB_PORT,
      protocol: 'tcp',
      variable: 'BRIDGE_WEB_PORT',
      purpose: 'bridge /metrics',
    },
  ];
  // Both bridges take statsd_exporter's flags, so they run from one command line.
  const args = [
    `--statsd.listen-udp=${listenAddress(config.BIND_HOST, config.BRIDGE_UDP_PORT)}`,
    // The demo apps send UDP only; an unused TCP listener would be one more port to collide.
    `--statsd.listen-tcp=`,
    `--web.listen-address=${listenAddress(config.BIND_HOST, config.BRIDGE_WEB_PORT)}`,
    `--statsd.mapping-config=${config.STATSD_MAPPING}`,
    // No --web.enable-lifecycle: a web page could reach it. The supervisor restarts and reloads it instead.
  ];
  const binary = findStatsdExporter(config, searchPath);
  return {
    name: 'bridge',
    ...(binary ? { command: binary, args } : nodeChild(dev, 'server/bridge/main.ts', ...args)),
    readyUrl: `http://${host}:${config.BRIDGE_WEB_PORT}/-/ready`,
    ports,
    // Both re-read the mapping file on SIGHUP, keeping the old one when the new one is bad.
    reloadsOnSighup: true,
  };
}

/** Go's host:port, as statsd_exporter's flags take it: an IPv6 address goes in brackets. */
function listenAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Raised when BRIDGE=statsd_exporter and no binary is found: npm start stops before anything starts. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/** The statsd_exporter the bridge runs as, or null for the built-in bridge. */
export function findStatsdExporter(config: Config, searchPath: string = config.PATH): string | null {
  if (config.BRIDGE === 'builtin') return null;
  const binary =
    config.STATSD_EXPORTER_BIN ?? findExecutable('statsd_exporter', toolsSearchPath(config, searchPath));
  if (!binary && config.BRIDGE === 'statsd_exporter') {
    throw new MissingToolError(
      `BRIDGE=statsd_exporter, but no statsd_exporter was found in STATSD_EXPORTER_BIN, ${config.TOOLS_BIN_DIR} ` +
        'or PATH: run npm run tools (needs Go), or set BRIDGE=auto for the built-in bridge',
    );
  }
  return binary;
}

/** The binary `npm start` runs Prometheus from, or null when there is none (or PROMETHEUS_MODE says not to). */
export function findPrometheus(config: Config): string | null {
  if (config.PROMETHEUS_MODE === 'off' || config.PROMETHEUS_MODE === 'external') return null;
  return config.PROMETHEUS_BIN ?? findExecutable('prometheus', toolsSearchPath(config, config.PATH));
}

/** The project's own tools folder comes first: a pinned build there beats whatever PATH holds. */
function toolsSearchPath(config: Config, searchPath: string): string {
  return [config.TOOLS_BIN_DIR, searchPath].join(path.delimiter);
}

function prometheusChild(
  config: Config,
  { binary, configFile, dataDir }: NonNullable<PlanOptions['prometheus']>,
): ChildSpec {
  const host = local(config.BIND_HOST);
  return {
    name: 'prometheus',
    command: binary,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      // The lab only ever looks back minutes; a short retention keeps the temporary TSDB small.
      '--storage.tsdb.retention.time=2h',
      // No --web.enable-lifecycle: a web page could reach it. The supervisor sends SIGHUP to reload it instead.
      `--web.listen-address=${config.BIND_HOST}:${config.PROMETHEUS_PORT}`,
      // Its info lines (TSDB compaction, reloads) would drown the other processes' logs.
      '--log.level=warn',
    ],
    readyUrl: `http://${host}:${config.PROMETHEUS_PORT}/-/ready`,
    ports: [
      { port: config.PROMETHEUS_PORT, protocol: 'tcp', variable: 'PROMETHEUS_PORT', purpose: 'Prometheus' },
    ],
    reloadsOnSighup: true,
  };
}

/** The first executable file called `name` on a PATH-style list, or null. */
export function findExecutable(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** True when spawning `command` would find a file to run: a path as given, a bare name on the PATH-style list. */
export function commandExists(command: string, searchPath: string): boolean {
  return command.includes(path.sep)
    ? isExecutableFile(command)
    : findExecutable(command, searchPath) !== null;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
