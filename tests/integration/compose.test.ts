import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDirectInstrumentation } from '../../demos/instrument-direct';
import { parseRunnerArgs, type RunnerOptions } from '../../demos/django/runner-flags';
import { createStatsdInstrumentation } from '../../demos/instrument-statsd';
import { startBridge } from '../../server/bridge/bridge';
import { loadConfig, type Config } from '../../server/config/env';
import { serverPolicy } from '../../server/http/policy';
import { parseExposition } from '../../server/lab/exposition-parser';
import { createTruthRegistry } from '../../server/lab/truth-metrics';
import { prometheusValues, renderTemplate } from '../../server/prometheus/config';
import { MINIMUM_PYTHON } from '../../server/python/python-version';
import { appDefinitions, routeDefinitions, scrapeUrls, targetsFile } from '../../server/routes/definitions';
import { bundleFile, NODE_ENTRIES, nodeArgs } from '../../server/supervisor/node-entries';
import { findExecutable } from '../../server/supervisor/plan';

/**
 * No Docker engine runs here, so docker-compose.yml is proven as far as a file can be: against the
 * compose-spec schema, for consistent wiring between services, and with the same config files the native
 * stack runs with.
 */

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;
const DJANGO_DOCKERFILE = 'demos/django/Dockerfile';
const DJANGO_RUNNER = bundleFile('demos/django/runner.ts');

function validator() {
  const { $schema: draft, ...schema } = JSON.parse(
    fs.readFileSync('node_modules/dclint/schemas/compose.schema.json', 'utf8'),
  ) as Record<string, unknown>;
  // The file names draft-07 by its https address, which Ajv knows by the http one (its default draft).
  expect(draft).toBe('https://json-schema.org/draft-07/schema');
  // The compose-spec schema names formats (durations, ports) it defines in prose only.
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

/** `${VAR:-default}` as compose resolves it when VAR is unset in the shell that runs it. */
function interpolate(value: string): string {
  return value.replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_, fallback?: string) => fallback ?? '');
}

/** The config a Node service runs with: the compose environment over the defaults. */
function serviceConfig(name: string): Config {
  const environment = Object.entries(services[name]?.environment ?? {});
  return loadConfig(Object.fromEntries(environment.map(([k, v]) => [k, interpolate(String(v))])));
}

/** A Django service's runner options, read from its command and config as the runner reads them; else null. */
function runnerOptions(name: string): RunnerOptions | null {
  const command = services[name]?.command ?? [];
  const at = command.indexOf(DJANGO_RUNNER);
  if (at < 0) return null;
  const cli = parseRunnerArgs(command.slice(at + 1).map(interpolate), serviceConfig(name), '/tmp');
  if (cli.kind !== 'run') throw new Error(`${name}: the runner's command asks for its help text`);
  return cli.options;
}

const djangoServices = () => Object.keys(services).filter((name) => runnerOptions(name));

function flag(service: Service, name: string): string | undefined {
  return service.command?.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function listenPort(address: string | undefined): number {
  const port = Number(address?.split(':').pop());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no port in listen address "${address}"`);
  return port;
}

/** The ports each service listens on, read from its command and config the way the process itself does. */
function listening(name: string): Set<string> {
  const service = services[name]!;
  const command = service.command?.join(' ') ?? '';
  const config = service.build ? serviceConfig(name) : null;
  // gunicorn binds the runner's --port, its admin API --admin-port: the ports the lab's routes expect are
  // the other side of the check.
  const runner = runnerOptions(name);
  if (runner) return new Set([`tcp/${runner.port}`, `tcp/${runner.adminPort}`]);
  const app =
    config &&
    appDefinitions(config).find(
      (a) => a.runner.kind === 'node-cluster' && command.includes(`--variant ${a.runner.variant}`),
    );
  if (app) return new Set(app.ports.map((p) => `${p.protocol}/${p.port}`));
  if (config && command.includes(bundleFile('server/lab/main.ts')))
    return new Set([`tcp/${config.LAB_PORT}`]);
  if (config && command.includes(bundleFile('server/web/main.ts'))) {
    return new Set([`tcp/${service.command?.[service.command.indexOf('--port') + 1]}`]);
  }
  if (service.image?.startsWith('prom/statsd-exporter:')) {
    return new Set([
      `tcp/${listenPort(flag(service, 'web.listen-address'))}`,
      `udp/${listenPort(flag(service, 'statsd.listen-udp'))}`,
    ]);
  }
  if (service.image?.startsWith('prom/prometheus:')) {
    return new Set([`tcp/${listenPort(flag(service, 'web.listen-address'))}`]);
  }
  if (service.image?.startsWith('grafana/grafana:')) return new Set(['tcp/3000']);
  throw new Error(`the test does not know what service "${name}" listens on`);
}

interface Reference {
  from: string;
  what: string;
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
}

function references(): Reference[] {
  const refs: Reference[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (service.build) {
      const c = serviceConfig(name);
      const add = (what: string, host: string, port: number, protocol: 'tcp' | 'udp' = 'tcp') =>
        refs.push({ from: name, what, host, port, protocol });
      add('DIRECT_HOST:DIRECT_PORT', c.DIRECT_HOST, c.DIRECT_PORT);
      add('DIRECT_HOST:DIRECT_ADMIN_PORT', c.DIRECT_HOST, c.DIRECT_ADMIN_PORT);
      add('BRIDGE_HOST:BRIDGE_WEB_PORT', c.BRIDGE_HOST, c.BRIDGE_WEB_PORT);
      add('BRIDGE_HOST:BRIDGE_UDP_PORT (StatsD)', c.BRIDGE_HOST, c.BRIDGE_UDP_PORT, 'udp');
      add('LAB_HOST:LAB_PORT', c.LAB_HOST, c.LAB_PORT);
      add('PROMETHEUS_HOST:PROMETHEUS_PORT', c.PROMETHEUS_HOST, c.PROMETHEUS_PORT);
      for (const app of appDefinitions(c).filter((a) => a.runner.kind === 'django')) {
        const prefix = app.id.toUpperCase().replace('-', '_');
        const load = new URL(app.loadUrl);
        const admin = new URL(app.adminUrl);
        add(`${prefix}_HOST:${prefix}_PORT`, load.hostname, Number(load.port));
        add(`${prefix}_HOST:${prefix}_ADMIN_PORT`, admin.hostname, Number(admin.port));
      }
      const bridge = runnerOptions(name)?.bridge;
      if (bridge) add("the runner's StatsD bridge", bridge.host, bridge.port, 'udp');
    }
    for (const url of service.healthcheck?.test.filter((a) => a.startsWith('http://')) ?? []) {
      const u = new URL(url);
      refs.push({ from: name, what: 'healthcheck', host: name, port: Number(u.port), protocol: 'tcp' });
    }
  }
  for (const target of composePrometheusTargets()) {
    const [host, port] = target.split(':');
    refs.push({
      from: 'prometheus',
      what: 'scrape target',
      host: host!,
      port: Number(port),
      protocol: 'tcp',
    });
  }
  const datasource = parse(
    fs.readFileSync('config/grafana/provisioning/datasources/prometheus.yml', 'utf8'),
  ) as { datasources: Array<{ url: string }> };
  for (const ds of datasource.datasources) {
    const u = new URL(ds.url);
    refs.push({
      from: 'grafana',
      what: 'datasource',
      host: u.hostname,
      port: Number(u.port),
      protocol: 'tcp',
    });
  }
  return refs;
}

/** The Prometheus config the lab service renders under compose. */
function composePrometheusConfig(): string {
  const lab = serviceConfig('lab');
  const template = fs.readFileSync(lab.PROMETHEUS_TEMPLATE, 'utf8');
  return renderTemplate(template, { ...prometheusValues(lab, lab.SCRAPE_INTERVAL_SECONDS) });
}

interface ScrapeConfigs {
  scrape_configs: Array<{
    job_name: string;
    static_configs?: Array<{ targets: string[] }>;
    file_sd_configs?: Array<{ files: string[] }>;
  }>;
}

/** Fixed targets, and the targets the lab writes into file_sd files for per-worker routes. */
function composePrometheusTargets(): string[] {
  const config = parse(composePrometheusConfig()) as ScrapeConfigs;
  const lab = serviceConfig('lab');
  const perWorker = routeDefinitions(lab).filter((r) => r.topology.kind === 'per-worker');
  // What the lab writes when the app runs all its workers, as it would from the app's worker list.
  const workers = Array.from({ length: lab.WORKERS }, (_, i) => ({
    id: i + 1,
    pid: 0,
    uptimeSeconds: 0,
    slot: i + 1,
    metricsPort: lab.DIRECT_WORKER_PORT_BASE + i + 1,
  }));
  return config.scrape_configs.flatMap((s) => [
    ...(s.static_configs ?? []).flatMap((c) => c.targets),
    ...(s.file_sd_configs
      ? perWorker.flatMap((r) => scrapeUrls(r, workers).map((u) => new URL(u).host))
      : []),
  ]);
}

describe('docker-compose.yml', () => {
  it('validates against the compose-spec schema', () => {
    const validate = validator();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    { name: 'an unknown service key', broken: { services: { web: { imagee: 'x' } } } },
    { name: 'a port list that is not a list', broken: { services: { web: { image: 'x', ports: 3000 } } } },
    {
      name: 'a depends_on condition that does not exist',
      broken: { services: { web: { image: 'x', depends_on: { lab: { condition: 'service_ok' } } } } },
    },
  ])('and the schema check does reject $name', ({ broken }) => {
    expect(validator()(broken)).toBe(false);
  });

  it('wires every host:port to a service of the file that listens there', () => {
    const problems = references().flatMap((r) => {
      if (!services[r.host])
        return [`${r.from}: ${r.what} names "${r.host}", which is no service of the file`];
      const ports = listening(r.host);
      return ports.has(`${r.protocol}/${r.port}`)
        ? []
        : [
            `${r.from}: ${r.what} is ${r.host}:${r.port}/${r.protocol}, but ${r.host} listens on ${[...ports].join(', ')}`,
          ];
    });
    expect(problems).toEqual([]);
  });

  it('starts nothing before its backends are healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(
          services[dependency]?.healthcheck,
          `${name} waits for ${dependency}, which has no healthcheck`,
        ).toBeDefined();
        expect(condition, `${name} → ${dependency}`).toBe('service_healthy');
      }
    }
    expect(Object.keys(services.web?.depends_on ?? {})).toContain('lab');
    // The lab drives every app from its first second on.
    const apps = appDefinitions(serviceConfig('lab')).map((a) => new URL(a.loadUrl).hostname);
    expect(Object.keys(services.lab?.depends_on ?? {})).toEqual(expect.arrayContaining(apps));
  });

  it("runs each Django route in a service of its own, in the route's mode, for the lab and the page alike", () => {
    const lab = serviceConfig('lab');
    const routes = (config: Config) => routeDefinitions(config).map((r) => r.id);
    expect(routes(lab)).toEqual(
      expect.arrayContaining(['django-direct', 'django-multiprocess', 'django-statsd']),
    );
    expect(routes(serviceConfig('web'))).toEqual(routes(lab));
    const django = appDefinitions(lab).filter((a) => a.runner.kind === 'django');
    expect(django.map((a) => new URL(a.loadUrl).hostname).sort()).toEqual(djangoServices().sort());
    for (const app of django) {
      const name = new URL(app.loadUrl).hostname;
      expect(runnerOptions(name)?.mode, name).toBe(app.runner.kind === 'django' && app.runner.mode);
    }
    // As npm start does, DJANGO_MAX_REQUESTS (with its default) reaches the multiprocess runner only.
    const maxRequests = djangoServices().map((name) => [name, runnerOptions(name)?.maxRequests]);
    expect(Object.fromEntries(maxRequests)).toEqual({
      'django-direct': 0,
      'django-multiprocess': loadConfig({}).DJANGO_MAX_REQUESTS,
      'django-statsd': 0,
    });
    expect(services['django-multiprocess']?.command).toContain(
      `\${DJANGO_MAX_REQUESTS:-${loadConfig({}).DJANGO_MAX_REQUESTS}}`,
    );
  });

  it('names each Django service by a Host its admin API answers for', () => {
    // The runner's guard admits loopback, BIND_HOST and ALLOWED_HOSTS; a health check calls loopback.
    const problems = references()
      .filter((r) => r.what !== 'healthcheck' && r.protocol === 'tcp' && runnerOptions(r.host))
      .filter((r) => !serverPolicy(serviceConfig(r.host), { token: null }).hosts.has(r.host))
      .map((r) => `${r.from}: ${r.what} calls ${r.host} by a name it refuses (ALLOWED_HOSTS)`);
    expect(problems).toEqual([]);
    expect(djangoServices().length).toBeGreaterThan(0);
  });

  it('publishes only the browser-facing ports, on this machine only', () => {
    const published = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => `${name} ${p}`),
    );
    expect(published.sort()).toEqual([
      'grafana 127.0.0.1:3001:3000',
      'prometheus 127.0.0.1:9090:9090',
      'web 127.0.0.1:3000:3000',
    ]);
    expect(services.grafana?.profiles).toEqual(['grafana']);
  });

  it('publishes no lifecycle API: Prometheus re-reads its file by itself, the bridge stays inside', () => {
    const prometheus = services.prometheus!;
    expect(prometheus.command).not.toContain('--web.enable-lifecycle');
    expect(prometheus.command).toContain('--enable-feature=auto-reload-config');
    expect(flag(prometheus, 'config.auto-reload-interval')).toBe('1s');
    expect(services['statsd-exporter']?.ports).toBeUndefined();
  });

  it('gives every Node service bound beyond loopback one shared control token', () => {
    for (const [name, service] of Object.entries(services).filter(([, s]) => s.build)) {
      const config = serviceConfig(name);
      expect(config.BIND_HOST, name).toBe('0.0.0.0');
      const file = config.LAB_TOKEN_FILE ?? '';
      expect(file, name).toMatch(/^\/run\/scrape-lab\//);
      expect(service.volumes, name).toContain(`lab-token:${path.posix.dirname(file)}`);
    }
    for (const dockerfile of ['Dockerfile', DJANGO_DOCKERFILE]) {
      expect(fs.readFileSync(dockerfile, 'utf8'), dockerfile).toMatch(/chown node:node .*\/run\/scrape-lab/);
    }
  });

  it("runs every Node service from its bundle as npm start does, built in its image by npm start's first step", () => {
    const scripts = (
      JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    const bundleStep = scripts.bundle ?? '';
    expect(bundleStep).toMatch(/^node /);
    expect(scripts.start).toBe(
      `${bundleStep} && node ${nodeArgs('server/supervisor/main.ts', [], false).join(' ')}`,
    );
    /** A command as npm start would run it: node, then nodeArgs of the one entry whose bundle it names. */
    const fromBundle = (command: string[], what: string) => {
      const entry = NODE_ENTRIES.find((e) => command.includes(bundleFile(e)));
      expect(entry, `${what} runs no bundle: ${command.join(' ')}`).toBeDefined();
      const args = command.slice(command.indexOf(bundleFile(entry!)) + 1);
      expect(command, what).toEqual(['node', ...nodeArgs(entry!, args, false)]);
      return bundleFile(entry!);
    };
    for (const [name, service] of Object.entries(services).filter(([, s]) => s.build)) {
      fromBundle(service.command ?? [], name);
    }
    for (const dockerfile of ['Dockerfile', DJANGO_DOCKERFILE]) {
      const steps = instructions(dockerfile);
      const bundle = fromBundle(
        JSON.parse(steps.find((s) => s.op === 'CMD')?.args ?? '[]') as string[],
        `${dockerfile} CMD`,
      );
      expect(
        steps.filter((s) => s.op === 'RUN' && s.args.includes(bundleStep)),
        dockerfile,
      ).toHaveLength(1);
      const copied = steps
        .filter((s) => s.op === 'COPY' && s.args.startsWith('--from='))
        .map((s) => path.posix.normalize(s.args.split(' ').at(-1)!));
      expect(
        copied.some((dir) => bundle.startsWith(`${dir}/`)),
        `${dockerfile} copies no ${bundle}`,
      ).toBe(true);
    }
  });

  it('pins every image and builds the Node services from the one Dockerfile, the Django ones from theirs', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) {
        expect(service.build, name).toEqual(
          runnerOptions(name) ? { context: '.', dockerfile: DJANGO_DOCKERFILE } : '.',
        );
        continue;
      }
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
    const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
    for (const from of dockerfile.matchAll(/^FROM (\S+)/gm)) {
      if (!['deps'].includes(from[1]!)) expect(from[1]).toMatch(/^node:20\.\d+-bookworm-slim$/);
    }
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('runs the same statsd_exporter and Prometheus versions that npm run tools builds for native runs', () => {
    const install = fs.readFileSync('tools/install.sh', 'utf8');
    const pinned = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(install)?.[1];
    expect(services['statsd-exporter']?.image).toBe(
      `prom/statsd-exporter:v${pinned('STATSD_EXPORTER_VERSION')}`,
    );
    expect(services.prometheus?.image).toBe(`prom/prometheus:v${pinned('PROMETHEUS_VERSION')}`);
  });

  it('hands the real exporter the mapping file the built-in bridge is tested with, and restarts it after /-/quit', () => {
    const exporter = services['statsd-exporter']!;
    const mount = exporter.volumes?.find((v) => v.endsWith(':ro'))?.split(':');
    expect(mount?.[0]).toBe('./config/statsd-mapping.yml');
    expect(path.normalize(mount![0]!)).toBe(path.normalize(loadConfig({}).STATSD_MAPPING));
    expect(fs.readFileSync('tests/integration/bridge.test.ts', 'utf8')).toContain(
      `const MAPPING = '${loadConfig({}).STATSD_MAPPING}';`,
    );
    expect(flag(exporter, 'statsd.mapping-config')).toBe(mount?.[1]);
    expect(exporter.command).toContain('--web.enable-lifecycle');
    expect(exporter.restart).toBe('unless-stopped');
  });

  it('gives Prometheus the config the lab renders from the one template, on a shared volume', () => {
    const lab = serviceConfig('lab');
    expect(lab.PROMETHEUS_MODE).toBe('managed');
    const dir = path.posix.dirname(lab.PROMETHEUS_CONFIG_FILE ?? '');
    expect(services.lab?.volumes).toContain(`prometheus-config:${dir}`);
    expect(services.prometheus?.volumes).toContain(`prometheus-config:${dir}:ro`);
    expect(flag(services.prometheus!, 'config.file')).toBe(lab.PROMETHEUS_CONFIG_FILE);
    expect(composePrometheusTargets()).toEqual([
      'node-app:8081',
      'node-app:8101',
      'node-app:8102',
      'node-app:8103',
      'node-app:8104',
      'node-app:8083',
      'statsd-exporter:9102',
      'django-direct:8084',
      'django-multiprocess:8085',
      'statsd-exporter:9102',
      'lab:9300',
    ]);
    // Per-worker targets come from files the lab writes beside the config, on the volume both share.
    const config = parse(composePrometheusConfig()) as ScrapeConfigs;
    for (const job of config.scrape_configs.filter((c) => c.file_sd_configs)) {
      const route = routeDefinitions(lab).find((r) => r.prometheusJob === job.job_name)!;
      const file = path.posix.join(dir, job.file_sd_configs![0]!.files[0]!);
      expect(file).toBe(targetsFile(route, dir));
    }
  });
});

interface Instruction {
  op: string;
  args: string;
}

/** A Dockerfile's instructions, continuation lines joined and comments dropped. */
function instructions(file: string): Instruction[] {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** The .dockerignore pattern that leaves `file` (or a folder it is in) out of the build context, if any. */
function ignoredBy(patterns: readonly string[], file: string): string | undefined {
  const parts = file.split('/');
  return patterns.find((pattern) => {
    if (pattern.startsWith('!')) throw new Error(`the test does not handle exceptions: "${pattern}"`);
    const glob = pattern.replace(/^\//, '').replace(/\/$/, '');
    const source = glob
      .split(/(\*\*\/|\*\*|\*|\?)/)
      .map((piece) =>
        piece === '**/'
          ? '(?:.*/)?'
          : piece === '**'
            ? '.*'
            : piece === '*'
              ? '[^/]*'
              : piece === '?'
                ? '[^/]'
                : piece.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    const re = new RegExp(`^${source}$`);
    return parts.some((_, i) => re.test(parts.slice(0, i + 1).join('/')));
  });
}

describe('the Django image (demos/django/Dockerfile)', () => {
  const steps = instructions(DJANGO_DOCKERFILE);
  const stages = new Set(steps.flatMap((s) => /\bAS (\S+)$/i.exec(s.args)?.[1] ?? []));
  const bases = steps.filter((s) => s.op === 'FROM').map((s) => s.args.split(' ')[0]!);

  it("builds from pinned bases: the project image's Node, and a Python the demo supports", () => {
    const projectNode = instructions('Dockerfile')
      .filter((s) => s.op === 'FROM')
      .map((s) => s.args.split(' ')[0]!)
      .at(-1);
    expect(projectNode).toMatch(/^node:20\.\d+-bookworm-slim$/);
    // Distinct images: both node_modules stages start from the project's Node.
    const images = [...new Set(bases.filter((b) => !stages.has(b)))];
    const python = images.map((b) => /^python:(\d+)\.(\d+)\.(\d+)-slim-bookworm$/.exec(b)).find(Boolean);
    // The node binary is copied across: both images are Debian bookworm.
    expect(images.sort()).toEqual([projectNode, python?.[0]].sort());
    const [major, minor] = [Number(python?.[1]), Number(python?.[2])];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(MINIMUM_PYTHON.major * 100 + MINIMUM_PYTHON.minor);
    // The Python stage is the image that runs.
    expect(bases.at(-1)).toBe(python?.[0]);
    expect(steps.filter((s) => s.op === 'USER').at(-1)?.args).toBe('node');
    // The node image's user id: the token file on the shared volume is readable by its owner only.
    expect(steps.some((s) => s.op === 'RUN' && /\buseradd --uid 1000 .*\bnode$/.test(s.args))).toBe(true);
  });

  it('installs exactly demos/django/requirements.txt into the venv every Django service runs', () => {
    const copies = steps.filter((s) => s.op === 'COPY' && s.args.includes('requirements.txt'));
    expect(copies.map((s) => s.args.split(' ').slice(0, -1))).toEqual([['demos/django/requirements.txt']]);
    const requirements = copies[0]!.args.split(' ').at(-1)!;
    const commands = steps
      .filter((s) => s.op === 'RUN')
      .flatMap((s) => s.args.split('&&').map((c) => c.trim().split(/\s+/)));
    const venvs = commands.filter((c) => c.join(' ').startsWith('python -m venv '));
    expect(venvs).toHaveLength(1);
    const venv = venvs[0]![3]!;
    const installs = commands.filter((c) => c.includes('pip') || c.some((w) => w.endsWith('/pip')));
    expect(installs.map((c) => c.slice(0, 2))).toEqual([[`${venv}/bin/pip`, 'install']]);
    const options = installs[0]!.slice(2);
    expect(options).toContain('--no-cache-dir');
    // Nothing but the requirements file names a package.
    expect(options.filter((o) => !['--no-cache-dir', '--disable-pip-version-check'].includes(o))).toEqual([
      '-r',
      requirements,
    ]);
    const python = `${venv}/bin/python`;
    for (const name of djangoServices()) expect(runnerOptions(name)?.python, name).toBe(python);
    const cmd = JSON.parse(steps.find((s) => s.op === 'CMD')?.args ?? '[]') as string[];
    expect(cmd.slice(cmd.indexOf('--python'), cmd.indexOf('--python') + 2)).toEqual(['--python', python]);
  });

  it('finds everything it copies in the build context', () => {
    const patterns = fs
      .readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const sources = steps
      .filter((s) => s.op === 'COPY' && !s.args.startsWith('--from='))
      .flatMap((s) => s.args.split(' ').slice(0, -1));
    expect(sources).toContain('demos/django/requirements.txt');
    for (const source of sources) {
      expect(fs.existsSync(source), source).toBe(true);
      expect(ignoredBy(patterns, source), source).toBeUndefined();
    }
  });

  it.each([
    ['demos/**/requirements.txt', 'demos/django/requirements.txt', true],
    ['*.txt', 'requirements.txt', true],
    ['demos', 'demos/django/requirements.txt', true],
    ['tests', 'demos/django/tests', false],
    ['**/__pycache__', 'demos/django/__pycache__', true],
    ['*.md', 'demos/django/README.md', false],
  ])(
    'and the context check reads .dockerignore pattern %s on %s as Docker does',
    (pattern, file, ignored) => {
      expect(ignoredBy([pattern], file) !== undefined).toBe(ignored);
    },
  );
});

describe('promtool check config', () => {
  // The tools folder's promtool matches the Prometheus compose runs; the system's (Debian: 2.42) otherwise.
  const config = loadConfig();
  const promtool = findExecutable('promtool', `${config.TOOLS_BIN_DIR}${path.delimiter}${config.PATH}`);

  it.each([
    {
      name: 'native (npm start)',
      render: () =>
        renderTemplate(fs.readFileSync('config/prometheus.template.yml', 'utf8'), {
          ...prometheusValues(loadConfig({}), 1),
        }),
    },
    { name: 'docker compose', render: composePrometheusConfig },
    {
      name: 'the shortest interval',
      render: () =>
        renderTemplate(fs.readFileSync('config/prometheus.template.yml', 'utf8'), {
          ...prometheusValues(loadConfig({}), 0.25),
        }),
    },
  ])('passes on the $name config', ({ render }) => {
    if (!promtool) throw new Error('promtool is missing: npm run tools, or apt-get install prometheus');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-promtool-'));
    try {
      const file = path.join(dir, 'prometheus.yml');
      fs.writeFileSync(file, render());
      const out = execFileSync(promtool, ['check', 'config', file], { encoding: 'utf8' });
      expect(out).toContain('SUCCESS');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every metric name the stack exports, read from the real instrumentation, bridge and lab registries. */
async function exportedMetricNames(): Promise<Set<string>> {
  const names = new Set<string>();
  const collect = (text: string) => {
    const exposition = parseExposition(text);
    for (const s of exposition.samples) names.add(s.name);
    for (const family of exposition.types.keys()) names.add(family);
  };

  const settings = { metricsKeepAlive: false, statsdBufferSize: 0 };
  const direct = createDirectInstrumentation(settings);
  direct.onStart({ method: 'GET', route: '/work' })(200, 0.02);
  const server = http.createServer((req, res) => direct.serveMetrics(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  collect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  server.close();
  await direct.close();

  const bridge = await startBridge({
    host: '127.0.0.1',
    udpPort: 0,
    webPort: 0,
    mappingFile: 'config/statsd-mapping.yml',
    warn: () => {},
  });
  const statsd = createStatsdInstrumentation({
    host: '127.0.0.1',
    port: bridge.udpPort,
    settings,
    log: () => {},
  });
  statsd.onStart({ method: 'GET', route: '/work' })(200, 0.02);
  await statsd.close();
  for (let i = 0; i < 50; i += 1) {
    const text = await (await fetch(`http://127.0.0.1:${bridge.webPort}/metrics`)).text();
    if (text.includes('demo_http_request_duration_seconds_bucket')) {
      collect(text);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await bridge.close();

  collect(await createTruthRegistry(() => [{ route: 'direct', answered: () => 1, sent: () => 1 }]).metrics());
  return names;
}

/** Metric names a PromQL expression selects; a syntax error fails the test. */
function selectedMetrics(expr: string): string[] {
  // Grafana fills these in before the query reaches Prometheus.
  const query = expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m');
  const tree = promqlParser.parse(query);
  const names: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`PromQL syntax error at ${cursor.from} in: ${expr}`);
    if (cursor.name === 'VectorSelector') {
      const identifier = cursor.node.getChild('Identifier');
      if (identifier) names.push(query.slice(identifier.from, identifier.to));
    }
  } while (cursor.next());
  if (names.length === 0) throw new Error(`no metric selected by: ${expr}`);
  return names;
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(fs.readFileSync('config/grafana/dashboards/scrape-lab.json', 'utf8')) as {
    uid: string;
    panels: Array<{ title: string; targets: Array<{ expr: string; datasource: { uid: string } }> }>;
  };

  it('is the home dashboard Grafana is pointed at, on the provisioned datasource', () => {
    const home = services.grafana?.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home).toBe('/etc/grafana/dashboards/scrape-lab.json');
    expect(services.grafana?.volumes).toContain('./config/grafana/dashboards:/etc/grafana/dashboards:ro');
    const targets = dashboard.panels.flatMap((p) => p.targets);
    expect(targets.length).toBeGreaterThan(0);
    expect(new Set(targets.map((t) => t.datasource.uid))).toEqual(new Set(['prometheus']));
  });

  it('queries only metrics the stack exports', async () => {
    const exported = await exportedMetricNames();
    expect(exported).toContain('demo_http_requests_total');
    const missing = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) =>
        selectedMetrics(t.expr)
          .filter((n) => !exported.has(n))
          .map((n) => `${p.title}: ${n}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it.each(['sum(rate(demo_http_requests_total[1m]', 'rate(x[oops])'])(
    'and the PromQL check does reject %s',
    (bad) => {
      expect(() => selectedMetrics(bad)).toThrow(/syntax error/);
    },
  );
});
