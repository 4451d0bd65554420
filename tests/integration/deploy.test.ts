import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DaemonSet, Deployment, type IDaemonSet, type IDeployment } from 'kubernetes-models/apps/v1';
import {
  ConfigMap,
  Service,
  type IConfigMap,
  type IContainer,
  type IContainerPort,
  type IPodTemplateSpec,
  type IProbe,
  type IService,
} from 'kubernetes-models/v1';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../server/config/env';
import { findExecutable } from '../../server/supervisor/plan';
import { requireRealPart, statsdExporterBinary } from './real-parts';

/**
 * No cluster runs here, so the manifests in deploy/ are proven as far as files can be: against the Kubernetes
 * schemas and types (kubernetes-models), for wiring that holds together (ports, labels, selectors, the mapping
 * ConfigMap, where the app sends), with the real statsd_exporter parsing each bridge's flags and mapping, and
 * with the annotation scrape job relabelled over the pods as Prometheus would.
 */

const KUBERNETES_DIR = 'deploy/kubernetes';
const SCRAPE_CONFIG = 'deploy/prometheus/scrape-config.yml';
const SYSTEMD_UNIT = 'deploy/systemd/statsd-exporter.service';
const MAPPING = loadConfig({}).STATSD_MAPPING;
const BRIDGE_IMAGE = 'prom/statsd-exporter:';
const APP_IMAGE = 'your-registry/your-app:latest';
const DEFAULT_WEB = ':9102';
const DEFAULT_UDP = ':9125';
const DEFAULT_TELEMETRY_PATH = '/metrics';

type Workload = IDeployment | IDaemonSet;
type Doc = Workload | IService | IConfigMap;

interface Manifest {
  /** file#index, for messages. */
  at: string;
  doc: Doc;
}

interface Topology {
  dir: string;
  name: string;
  manifests: Manifest[];
  /** The folder's YAML files other than kustomization.yaml. */
  files: string[];
  kustomization: Record<string, unknown> | null;
}

interface PodTemplate {
  at: string;
  workload: Workload;
  template: IPodTemplateSpec;
  /** Regular containers, then init containers (native side-cars among them), as Prometheus lists them. */
  containers: IContainer[];
}

// --- loading ------------------------------------------------------------------------------------------------

function loadTopologies(): Topology[] {
  const dirs = fs
    .readdirSync(KUBERNETES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.posix.join(KUBERNETES_DIR, e.name));
  return dirs.map((dir) => {
    const yamlFiles = fs
      .readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    const manifests: Manifest[] = [];
    let kustomization: Record<string, unknown> | null = null;
    for (const file of yamlFiles) {
      const documents = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const [index, document] of (Array.isArray(documents) ? documents : [documents]).entries()) {
        if (document.errors.length > 0) throw new Error(`${dir}/${file}#${index}: ${document.errors[0]}`);
        const doc = document.toJS() as Doc | null;
        if (doc === null) continue;
        if (file === 'kustomization.yaml') kustomization = doc as unknown as Record<string, unknown>;
        else manifests.push({ at: `${dir}/${file}#${index}`, doc });
      }
    }
    return {
      dir,
      name: path.posix.basename(dir),
      manifests,
      files: yamlFiles.filter((f) => f !== 'kustomization.yaml'),
      kustomization,
    };
  });
}

const topologies = loadTopologies();
const topology = (name: string) => structuredClone(topologies.find((t) => t.name === name)!);

function ofKind<K extends Doc['kind']>(t: Topology, kind: K): Array<Extract<Doc, { kind: K }>> {
  return t.manifests.map((m) => m.doc).filter((d): d is Extract<Doc, { kind: K }> => d.kind === kind);
}

function podTemplates(t: Topology): PodTemplate[] {
  return t.manifests.flatMap(({ at, doc }) => {
    if (doc.kind !== 'Deployment' && doc.kind !== 'DaemonSet') return [];
    const template = doc.spec?.template ?? {};
    const containers = [...(template.spec?.containers ?? []), ...(template.spec?.initContainers ?? [])];
    return [{ at: `${at} ${doc.kind}/${doc.metadata?.name}`, workload: doc, template, containers }];
  });
}

const isBridge = (c: IContainer) => c.image?.startsWith(BRIDGE_IMAGE) ?? false;
const bridgeOf = (p: PodTemplate) => p.containers.find(isBridge);

/** A statsd_exporter command line's flags: --name=value, or --name alone for true. */
function flags(args: readonly string[]): Map<string, string> {
  return new Map(
    args.map((arg) => {
      const m = /^--([\w.-]+)(?:=(.*))?$/.exec(arg);
      if (!m) throw new Error(`not a --flag: "${arg}"`);
      return [m[1]!, m[2] ?? 'true'];
    }),
  );
}

/** Go's host:port, as statsd_exporter takes it: the host may be empty (every address) or in brackets. */
function address(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(value);
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error(`no port in listen address "${value}"`);
  }
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host);

function bridgeFlags(c: IContainer) {
  const f = flags(c.args ?? []);
  return {
    all: f,
    web: address(f.get('web.listen-address') ?? DEFAULT_WEB),
    udp: address(f.get('statsd.listen-udp') ?? DEFAULT_UDP),
    telemetryPath: f.get('web.telemetry-path') ?? DEFAULT_TELEMETRY_PATH,
    mapping: f.get('statsd.mapping-config'),
  };
}

/** The container port a probe or Service names, by name or number, in the containers given. */
function resolvePort(
  containers: IContainer[],
  port: string | number | undefined,
): IContainerPort | undefined {
  const ports = containers.flatMap((c) => c.ports ?? []);
  return typeof port === 'string'
    ? ports.find((p) => p.name === port)
    : ports.find((p) => p.containerPort === port);
}

const probesOf = (c: IContainer) =>
  (['livenessProbe', 'readinessProbe', 'startupProbe'] as const).flatMap((kind) =>
    c[kind] ? [{ kind, probe: c[kind] as IProbe }] : [],
  );

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Object.keys(selector ?? {}).length > 0 &&
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** A Kubernetes quantity in base units (cores, bytes). */
function quantity(value: string | number | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  if (!m) throw new Error(`not a quantity: ${value}`);
  const scale: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(m[1]) * (m[2] ? scale[m[2]]! : 1);
}

/** An env var's value as the kubelet sets it: $(VAR) expanded from the ones before it, a fieldRef by name. */
function environment(c: IContainer): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of c.env ?? []) {
    const field = e.valueFrom?.fieldRef?.fieldPath;
    env.set(
      e.name,
      field
        ? `fieldRef:${field}`
        : (e.value ?? '').replace(/\$\((\w+)\)/g, (all, v: string) => env.get(v) ?? all),
    );
  }
  return env;
}

// --- the checks: each returns its problems, so the tests can run them on broken copies too ----------------

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/DaemonSet': DaemonSet,
};

/** Against the Kubernetes OpenAPI schemas kubernetes-models compiles (types, formats, required fields). */
function schemaProblems(manifests: Manifest[]): string[] {
  return manifests.flatMap(({ at, doc }) => {
    const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
    if (!Model) return [`${at}: ${doc.apiVersion} ${doc.kind} is not a kind this test validates`];
    try {
      new Model(doc as never).validate();
      return [];
    } catch (error) {
      return [`${at}: ${(error as Error).message}`];
    }
  });
}

const TYPES: Record<string, string> = {
  'v1/ConfigMap': "import('kubernetes-models/v1').IConfigMap",
  'v1/Service': "import('kubernetes-models/v1').IService",
  'apps/v1/Deployment': "import('kubernetes-models/apps/v1').IDeployment",
  'apps/v1/DaemonSet': "import('kubernetes-models/apps/v1').IDaemonSet",
};

/**
 * Fields the API does not know (a typo such as readinesProbe), which the schemas let through: each manifest
 * type-checked as an object literal of its kubernetes-models type, where TypeScript rejects excess properties.
 */
function unknownFieldProblems(manifests: Manifest[]): string[] {
  const file = path.resolve('tests/integration/deploy-manifests.generated.ts');
  const lines: string[] = [];
  const starts: Array<{ line: number; at: string }> = [];
  manifests.forEach(({ at, doc }, i) => {
    const type = TYPES[`${doc.apiVersion}/${doc.kind}`];
    if (!type) return; // schemaProblems names it
    starts.push({ line: lines.length, at });
    lines.push(...`export const manifest${i}: ${type} = ${JSON.stringify(doc, null, 1)};`.split('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (d.file?.fileName !== file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const at = starts.filter((s) => s.line <= line).at(-1)?.at;
    return `${at}: ${text} (${lines[line]?.trim()})`;
  });
}

/** The names Kubernetes checks server-side, beyond the schemas. */
function nameProblems(t: Topology): string[] {
  const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  const portName = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  const problems: string[] = [];
  for (const { at, doc } of t.manifests) {
    const name = doc.metadata?.name ?? '';
    if (!dnsLabel.test(name) || name.length > 63) problems.push(`${at}: "${name}" is not a DNS label`);
    if (doc.metadata?.namespace)
      problems.push(`${at}: sets a namespace; kubectl -n or the kustomization does`);
  }
  for (const p of podTemplates(t)) {
    for (const c of p.containers) {
      for (const port of c.ports ?? []) {
        if (port.name && (!portName.test(port.name) || port.name.length > 15)) {
          problems.push(
            `${p.at}: port name "${port.name}" is not an IANA service name (15 characters at most)`,
          );
        }
      }
    }
  }
  return problems;
}

function kustomizationProblems(t: Topology): string[] {
  const k = t.kustomization;
  if (!k) return [`${t.dir}: no kustomization.yaml`];
  const problems: string[] = [];
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') {
    problems.push(`${t.dir}/kustomization.yaml: not a kustomize.config.k8s.io/v1beta1 Kustomization`);
  }
  const extra = Object.keys(k).filter((key) => !['apiVersion', 'kind', 'resources'].includes(key));
  if (extra.length > 0)
    problems.push(`${t.dir}/kustomization.yaml: fields this test does not check: ${extra}`);
  const resources = [...((k.resources as string[] | undefined) ?? [])].sort();
  if (JSON.stringify(resources) !== JSON.stringify(t.files)) {
    problems.push(
      `${t.dir}/kustomization.yaml lists ${resources.join(', ')}; the folder has ${t.files.join(', ')}`,
    );
  }
  return problems;
}

function selectorProblems(t: Topology): string[] {
  const problems: string[] = [];
  const pods = podTemplates(t);
  for (const p of pods) {
    const selector = p.workload.spec?.selector;
    if (selector?.matchExpressions) problems.push(`${p.at}: matchExpressions, which this test does not read`);
    if (!selects(selector?.matchLabels, p.template.metadata?.labels)) {
      problems.push(`${p.at}: its selector does not select its own pod template's labels`);
    }
    for (const other of pods.filter((o) => o !== p)) {
      if (selects(selector?.matchLabels, other.template.metadata?.labels)) {
        problems.push(`${p.at}: its selector also selects the pods of ${other.at}`);
      }
    }
  }
  for (const service of ofKind(t, 'Service')) {
    if (!pods.some((p) => selects(service.spec?.selector, p.template.metadata?.labels))) {
      problems.push(`Service/${service.metadata?.name}: its selector selects no pod template of ${t.dir}`);
    }
  }
  return problems;
}

function portProblems(t: Topology): string[] {
  const problems: string[] = [];
  const pods = podTemplates(t);
  for (const p of pods) {
    // The containers of a pod share its network namespace: two of them cannot take one port.
    const seen = new Map<string, string>();
    for (const c of p.containers) {
      for (const port of c.ports ?? []) {
        const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
        if (seen.has(key)) problems.push(`${p.at}: ${c.name} and ${seen.get(key)} both declare ${key}`);
        seen.set(key, c.name);
        if (port.name && seen.has(`name:${port.name}`))
          problems.push(`${p.at}: port name ${port.name} twice`);
        if (port.name) seen.set(`name:${port.name}`, c.name);
      }
    }
    // The kubelet resolves a probe's port in the probe's own container.
    for (const c of p.containers) {
      for (const { kind, probe } of probesOf(c)) {
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
        const resolved = resolvePort([c], port);
        if (!resolved || (resolved.protocol ?? 'TCP') !== 'TCP') {
          problems.push(
            `${p.at}: ${c.name}'s ${kind} names port ${port}, which ${c.name} does not declare (TCP)`,
          );
        } else if (isBridge(c) && resolved.containerPort !== bridgeFlags(c).web.port) {
          problems.push(
            `${p.at}: ${c.name}'s ${kind} probes ${resolved.containerPort}, but it serves HTTP on ${bridgeFlags(c).web.port}`,
          );
        }
      }
    }
    for (const c of p.containers.filter(isBridge)) {
      const { web, udp } = bridgeFlags(c);
      if (!c.ports?.some((port) => port.containerPort === web.port && (port.protocol ?? 'TCP') === 'TCP')) {
        problems.push(`${p.at}: ${c.name} serves /metrics on ${web.port} but declares no such TCP port`);
      }
      for (const port of (c.ports ?? []).filter((x) => x.protocol === 'UDP')) {
        if (port.containerPort !== udp.port) {
          problems.push(
            `${p.at}: ${c.name} declares UDP ${port.containerPort} but takes StatsD on ${udp.port}`,
          );
        }
        if (port.hostPort && isLoopback(udp.host)) {
          problems.push(`${p.at}: ${c.name} opens hostPort ${port.hostPort} but listens on loopback only`);
        }
      }
    }
    // The scrape annotations name the bridge's web port and path, in the same pod.
    const annotations = p.template.metadata?.annotations ?? {};
    if (annotations['prometheus.io/scrape'] === 'true') {
      const bridge = bridgeOf(p);
      const port = Number(annotations['prometheus.io/port']);
      if (!bridge) problems.push(`${p.at}: annotated for scraping, but the pod has no bridge to scrape`);
      else if (port !== bridgeFlags(bridge).web.port) {
        problems.push(
          `${p.at}: prometheus.io/port is ${port}, the bridge serves on ${bridgeFlags(bridge).web.port}`,
        );
      } else if ((annotations['prometheus.io/path'] ?? '/metrics') !== bridgeFlags(bridge).telemetryPath) {
        problems.push(`${p.at}: prometheus.io/path is not the bridge's ${bridgeFlags(bridge).telemetryPath}`);
      }
    }
  }
  for (const service of ofKind(t, 'Service')) {
    for (const p of pods.filter((x) => selects(service.spec?.selector, x.template.metadata?.labels))) {
      for (const port of service.spec?.ports ?? []) {
        const target = port.targetPort ?? port.port;
        const resolved = resolvePort(p.containers, target);
        if (!resolved || (resolved.protocol ?? 'TCP') !== (port.protocol ?? 'TCP')) {
          problems.push(
            `Service/${service.metadata?.name}: targetPort ${target}/${port.protocol ?? 'TCP'} is no port of ${p.at}`,
          );
        }
      }
    }
  }
  return problems;
}

function mappingProblems(t: Topology, mappingText: string): string[] {
  const problems: string[] = [];
  const configMaps = ofKind(t, 'ConfigMap');
  const used = new Set<string>();
  for (const p of podTemplates(t)) {
    const volumes = p.template.spec?.volumes ?? [];
    for (const v of volumes) {
      if (!v.configMap) continue;
      used.add(v.configMap.name ?? '');
      if (!configMaps.some((cm) => cm.metadata?.name === v.configMap?.name)) {
        problems.push(
          `${p.at}: volume ${v.name} names ConfigMap ${v.configMap.name}, which ${t.dir} does not have`,
        );
      }
    }
    for (const c of p.containers.filter(isBridge)) {
      const file = bridgeFlags(c).mapping;
      if (!file) {
        problems.push(`${p.at}: ${c.name} is given no --statsd.mapping-config`);
        continue;
      }
      const mount = (c.volumeMounts ?? []).find((m) =>
        m.subPath ? m.mountPath === file : file.startsWith(`${m.mountPath.replace(/\/$/, '')}/`),
      );
      const volume = volumes.find((v) => v.name === mount?.name);
      if (!mount || !volume?.configMap) {
        problems.push(`${p.at}: no ConfigMap volume is mounted where ${c.name} reads ${file}`);
        continue;
      }
      if (!mount.readOnly) problems.push(`${p.at}: ${c.name} mounts its mapping writable`);
      const relative = mount.subPath ?? path.posix.relative(mount.mountPath, file);
      const items = volume.configMap.items;
      const key = items ? items.find((i) => i.path === relative)?.key : relative;
      const configMap = configMaps.find((cm) => cm.metadata?.name === volume.configMap?.name);
      const text = key === undefined ? undefined : configMap?.data?.[key];
      if (text === undefined) {
        problems.push(
          `${p.at}: ${file} is key "${key ?? relative}" of ConfigMap ${volume.configMap.name}, which has none`,
        );
        continue;
      }
      // The mapping as statsd_exporter reads it; comments may differ.
      if (!isDeepStrictEqual(parse(text), parse(mappingText))) {
        problems.push(
          `${p.at}: ConfigMap ${volume.configMap.name} key ${key} is not the mapping of ${MAPPING}`,
        );
      }
    }
  }
  for (const cm of configMaps.filter((x) => !used.has(x.metadata?.name ?? ''))) {
    problems.push(`ConfigMap/${cm.metadata?.name}: mounted by no pod of ${t.dir}`);
  }
  return problems;
}

function imageProblems(t: Topology, version: string, texts: Map<string, string>): string[] {
  return podTemplates(t).flatMap((p) =>
    p.containers.flatMap((c) => {
      if (isBridge(c)) {
        return c.image === `${BRIDGE_IMAGE}v${version}`
          ? []
          : [`${p.at}: ${c.name} runs ${c.image}; tools/install.sh builds statsd_exporter ${version}`];
      }
      if (c.image !== APP_IMAGE)
        return [`${p.at}: ${c.name} runs ${c.image}, neither the bridge nor ${APP_IMAGE}`];
      // The placeholder is marked as the reader's to replace, on its own line.
      const file = p.at.split('#')[0]!;
      return new RegExp(`image: ${APP_IMAGE} # your app$`, 'm').test(texts.get(file) ?? '')
        ? []
        : [`${file}: the placeholder image is not marked "# your app"`];
    }),
  );
}

/** Where each app container sends StatsD, against where a bridge takes it. */
function appEnvProblems(t: Topology): string[] {
  const problems: string[] = [];
  const nodeBridges = podTemplates(t).filter((p) => p.workload.kind === 'DaemonSet' && bridgeOf(p));
  for (const p of podTemplates(t)) {
    const bridge = bridgeOf(p);
    for (const c of p.containers.filter((x) => !isBridge(x))) {
      const env = environment(c);
      const host = env.get('STATSD_HOST');
      const port = Number(env.get('STATSD_PORT'));
      if (host === undefined || !Number.isInteger(port)) {
        problems.push(`${p.at}: ${c.name} is told no STATSD_HOST and STATSD_PORT`);
        continue;
      }
      for (const [name, same] of [
        ['DD_AGENT_HOST', host],
        ['DD_DOGSTATSD_PORT', String(port)],
      ] as const) {
        if (env.has(name) && env.get(name) !== same) {
          problems.push(`${p.at}: ${c.name}'s ${name} is ${env.get(name)}, its STATSD_ one ${same}`);
        }
      }
      // Else the client's container ID becomes a label, and every container a series of its own.
      if (env.get('DD_ORIGIN_DETECTION_ENABLED') !== 'false') {
        problems.push(`${p.at}: ${c.name} does not set DD_ORIGIN_DETECTION_ENABLED=false`);
      }
      if (bridge) {
        // The side-car: the pod's own loopback, where the bridge listens.
        const { udp } = bridgeFlags(bridge);
        if (!isLoopback(host))
          problems.push(`${p.at}: ${c.name} sends to ${host}, not its pod's bridge on loopback`);
        if (udp.host !== '' && !isLoopback(udp.host)) {
          problems.push(`${p.at}: the bridge listens on ${udp.host}, which the app's loopback is not`);
        }
        if (port !== udp.port)
          problems.push(`${p.at}: ${c.name} sends to port ${port}, the bridge listens on ${udp.port}`);
        continue;
      }
      // No bridge in the pod: the node's, at the address the downward API gives.
      if (host !== 'fieldRef:status.hostIP') {
        problems.push(`${p.at}: ${c.name} has no bridge in its pod and sends to ${host}, not status.hostIP`);
      }
      const reached = nodeBridges.some((n) => {
        const b = bridgeOf(n)!;
        const { udp } = bridgeFlags(b);
        if (isLoopback(udp.host)) return false;
        if (n.template.spec?.hostNetwork) return udp.port === port;
        return (b.ports ?? []).some(
          (x) => x.protocol === 'UDP' && x.hostPort === port && x.containerPort === udp.port,
        );
      });
      if (!reached)
        problems.push(`${p.at}: no DaemonSet bridge of ${t.dir} takes UDP on the node's port ${port}`);
    }
  }
  return problems;
}

function bridgeProblems(t: Topology): string[] {
  const problems: string[] = [];
  for (const p of podTemplates(t)) {
    const bridge = bridgeOf(p);
    if (!bridge) continue;
    const at = `${p.at} ${bridge.name}`;
    const probePath = (probe: IProbe | undefined) => probe?.httpGet?.path;
    if (probePath(bridge.livenessProbe) !== '/-/healthy')
      problems.push(`${at}: livenessProbe is not GET /-/healthy`);
    if (probePath(bridge.readinessProbe) !== '/-/ready')
      problems.push(`${at}: readinessProbe is not GET /-/ready`);
    for (const resource of ['cpu', 'memory']) {
      const request = bridge.resources?.requests?.[resource];
      const limit = bridge.resources?.limits?.[resource];
      if (request === undefined || limit === undefined)
        problems.push(`${at}: no ${resource} request and limit`);
      else if (quantity(request) > quantity(limit))
        problems.push(`${at}: ${resource} request over its limit`);
    }
    if (bridgeFlags(bridge).all.has('web.enable-lifecycle')) {
      problems.push(`${at}: --web.enable-lifecycle lets anything that reaches the pod stop it`);
    }
    const security = bridge.securityContext;
    if (
      !security?.runAsNonRoot ||
      !security.readOnlyRootFilesystem ||
      security.allowPrivilegeEscalation !== false
    ) {
      problems.push(`${at}: not runAsNonRoot, read-only and without privilege escalation`);
    }
    const shared = p.containers.length > 1;
    const native = p.template.spec?.initContainers?.includes(bridge) && bridge.restartPolicy === 'Always';
    if (shared && !native)
      problems.push(`${at}: a side-car that is not a native one (init, restartPolicy Always)`);
    if (shared && probePath(bridge.startupProbe) !== '/-/ready') {
      problems.push(`${at}: no startupProbe on /-/ready, so the app may start before the bridge listens`);
    }
    if (p.workload.kind === 'DaemonSet') {
      const { web } = bridgeFlags(bridge);
      if (bridge.ports?.some((x) => x.containerPort === web.port && x.hostPort)) {
        problems.push(`${at}: the web port is opened on the node; Prometheus scrapes the pod IP`);
      }
      if (p.template.spec?.hostNetwork && bridge.ports?.some((x) => x.hostPort)) {
        problems.push(`${at}: hostNetwork and hostPort both; the manifest argues for one`);
      }
    }
  }
  return problems;
}

// --- Prometheus' kubernetes_sd (role: pod) and relabelling, as far as the scrape job uses them -------------

interface RelabelRule {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: string;
}
interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  kubernetes_sd_configs?: Array<{ role: string }>;
  relabel_configs?: RelabelRule[];
}

const POD_IP = '10.1.2.3';
const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

/** The targets Prometheus discovers for one running pod of the template: one per container port. */
function discovered(p: PodTemplate, job: ScrapeJob): Array<Map<string, string>> {
  const base = new Map<string, string>([
    ['job', job.job_name],
    ['__metrics_path__', job.metrics_path ?? '/metrics'],
    ['__scheme__', 'http'],
    ['__meta_kubernetes_namespace', 'default'],
    ['__meta_kubernetes_pod_name', `${p.workload.metadata?.name}-x7k2p`],
    ['__meta_kubernetes_pod_ip', POD_IP],
    ['__meta_kubernetes_pod_node_name', 'node-1'],
    ['__meta_kubernetes_pod_phase', 'Running'],
    ['__meta_kubernetes_pod_controller_kind', p.workload.kind === 'DaemonSet' ? 'DaemonSet' : 'ReplicaSet'],
  ]);
  for (const [kind, entries] of [
    ['label', p.template.metadata?.labels ?? {}],
    ['annotation', p.template.metadata?.annotations ?? {}],
  ] as const) {
    for (const [k, v] of Object.entries(entries)) {
      base.set(`__meta_kubernetes_pod_${kind}_${sanitize(k)}`, v);
      base.set(`__meta_kubernetes_pod_${kind}present_${sanitize(k)}`, 'true');
    }
  }
  const regular = p.template.spec?.containers ?? [];
  return p.containers.flatMap((c) => {
    const container = new Map(base)
      .set('__meta_kubernetes_pod_container_name', c.name)
      .set('__meta_kubernetes_pod_container_image', c.image ?? '')
      .set('__meta_kubernetes_pod_container_init', String(!regular.includes(c)));
    if (!c.ports?.length) return [new Map(container).set('__address__', POD_IP)];
    return c.ports.map((port) =>
      new Map(container)
        .set('__address__', `${POD_IP}:${port.containerPort}`)
        .set('__meta_kubernetes_pod_container_port_number', String(port.containerPort))
        .set('__meta_kubernetes_pod_container_port_name', port.name ?? '')
        .set('__meta_kubernetes_pod_container_port_protocol', port.protocol ?? 'TCP'),
    );
  });
}

/** Prometheus' relabelling for the actions the job uses; null when the target is dropped. */
function relabel(labels: Map<string, string>, rules: RelabelRule[]): Map<string, string> | null {
  const out = new Map(labels);
  for (const rule of rules) {
    const action = rule.action ?? 'replace';
    const regex = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`);
    const value = (rule.source_labels ?? []).map((l) => out.get(l) ?? '').join(rule.separator ?? ';');
    if (action === 'keep' && !regex.test(value)) return null;
    if (action === 'drop' && regex.test(value)) return null;
    if (action === 'replace') {
      const m = regex.exec(value);
      if (!m || !rule.target_label) continue;
      const result = (rule.replacement ?? '$1').replace(
        /\$(?:\{(\d+)\}|(\d+))/g,
        (_, a?: string, b?: string) => String(m[Number(a ?? b)] ?? ''),
      );
      if (result === '') out.delete(rule.target_label);
      else out.set(rule.target_label, result);
    } else if (action !== 'keep' && action !== 'drop') {
      throw new Error(`the test does not simulate relabel action ${action}`);
    }
  }
  return out;
}

/** The distinct scrapes of one pod: Prometheus keeps one target per distinct label set. */
function scrapes(p: PodTemplate, job: ScrapeJob): Array<{ url: string; labels: Record<string, string> }> {
  const unique = new Map<string, { url: string; labels: Record<string, string> }>();
  for (const target of discovered(p, job)) {
    const labels = relabel(target, job.relabel_configs ?? []);
    if (!labels) continue;
    const url = `${labels.get('__scheme__')}://${labels.get('__address__')}${labels.get('__metrics_path__')}`;
    const visible = Object.fromEntries([...labels].filter(([k]) => !k.startsWith('__')));
    unique.set(JSON.stringify([url, visible]), { url, labels: visible });
  }
  return [...unique.values()];
}

function scrapeProblems(t: Topology, job: ScrapeJob): string[] {
  return podTemplates(t).flatMap((p) => {
    const found = scrapes(p, job);
    const bridge = bridgeOf(p);
    // A pod without a bridge serves no /metrics worth scraping: its workers' are what the lab shows wrong.
    if (!bridge) return found.map((s) => `${p.at}: scraped at ${s.url}, but it has no bridge`);
    const { web, telemetryPath } = bridgeFlags(bridge);
    const want = `http://${POD_IP}:${web.port}${telemetryPath}`;
    if (found.length !== 1 || found[0]!.url !== want) {
      return [
        `${p.at}: scraped at ${found.map((s) => s.url).join(', ') || 'nothing'}; its bridge is ${want}`,
      ];
    }
    const missing = ['namespace', 'pod', 'node'].filter((l) => !found[0]!.labels[l]);
    return missing.length ? [`${p.at}: its series carry no ${missing.join(', ')} label`] : [];
  });
}

function scrapeJob(): ScrapeJob {
  const config = parse(fs.readFileSync(SCRAPE_CONFIG, 'utf8')) as { scrape_configs: ScrapeJob[] };
  const jobs = config.scrape_configs.filter((j) => j.kubernetes_sd_configs?.some((sd) => sd.role === 'pod'));
  expect(jobs.map((j) => j.job_name)).toEqual(['kubernetes-pods']);
  return jobs[0]!;
}

// --- systemd ------------------------------------------------------------------------------------------------

type Unit = Map<string, Map<string, string[]>>;

/** A unit file's sections and settings, continuation lines joined, comments dropped. */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(trimmed);
    if (header) {
      section = new Map();
      unit.set(header[1]!, section);
      continue;
    }
    const m = /^(\w+)=(.*)$/.exec(trimmed);
    if (!m || !section) throw new Error(`not a unit setting: ${trimmed}`);
    section.set(m[1]!, [...(section.get(m[1]!) ?? []), m[2]!.trim().replace(/\s+/g, ' ')]);
  }
  return unit;
}

const setting = (unit: Unit, section: string, key: string) => unit.get(section)?.get(key) ?? [];

/** ExecStart's argv; quotes, $ and % (which systemd would expand) are refused rather than interpreted. */
function execStart(unit: Unit): string[] {
  const [line, ...more] = setting(unit, 'Service', 'ExecStart');
  if (!line || more.length > 0) throw new Error('the unit needs exactly one ExecStart');
  if (/["'$%\\]/.test(line))
    throw new Error(`ExecStart has characters this test does not interpret: ${line}`);
  return line.split(' ');
}

/** systemd's sizes: K, M, G are powers of 1024. */
const systemdBytes = (value: string) => {
  const m = /^(\d+)([KMG])?$/.exec(value);
  if (!m) throw new Error(`not a size: ${value}`);
  return Number(m[1]) * 1024 ** ' KMG'.indexOf(m[2] ?? ' ');
};

function systemdProblems(text: string, sidecarBridge: IContainer): string[] {
  const problems: string[] = [];
  const unit = parseUnit(text);
  const [binary, ...args] = execStart(unit);
  if (!binary?.startsWith('/') || path.posix.basename(binary) !== 'statsd_exporter') {
    problems.push(`ExecStart runs ${binary}, not an absolute path to statsd_exporter`);
  }
  const vm = bridgeFlags({ name: 'unit', args });
  const pod = bridgeFlags(sidecarBridge);
  if (JSON.stringify([...vm.all].sort()) !== JSON.stringify([...pod.all].sort())) {
    problems.push(
      `ExecStart's flags ${JSON.stringify([...vm.all])} are not the side-car's ${JSON.stringify([...pod.all])}`,
    );
  }
  if (!isLoopback(vm.udp.host))
    problems.push(`StatsD is taken on ${vm.udp.host || 'every address'}, not loopback`);
  // Where the unit's own install steps put the mapping is where ExecStart reads it.
  const installed = /^#\s+install -D -m 0644 (\S+) (\S+)$/m.exec(text);
  if (installed?.[1] !== MAPPING || installed[2] !== vm.mapping) {
    problems.push(
      `the install steps put ${installed?.[1]} at ${installed?.[2]}; ExecStart reads ${vm.mapping}`,
    );
  }
  // What the app must be told, in the unit's comment, is where the bridge listens.
  const told = /^#\s+Environment=STATSD_HOST=(\S+) STATSD_PORT=(\d+)$/m.exec(text);
  if (told?.[1] !== vm.udp.host || Number(told[2]) !== vm.udp.port) {
    problems.push(
      `the app is told ${told?.[1]}:${told?.[2]}; the bridge listens on ${vm.udp.host}:${vm.udp.port}`,
    );
  }
  if (!text.includes(`${vm.udp.host}:${vm.udp.port}`))
    problems.push('the comments never name the StatsD address');
  if (!['always', 'on-failure'].includes(setting(unit, 'Service', 'Restart')[0] ?? '')) {
    problems.push('Restart= does not bring the bridge back');
  }
  if (!setting(unit, 'Service', 'ExecReload')[0]?.endsWith('-HUP $MAINPID')) {
    problems.push('ExecReload does not send SIGHUP, on which statsd_exporter re-reads its mapping');
  }
  const hardening: Record<string, string> = {
    DynamicUser: 'yes',
    ProtectSystem: 'strict',
    ProtectHome: 'yes',
    PrivateTmp: 'yes',
    NoNewPrivileges: 'yes',
    CapabilityBoundingSet: '',
    RestrictAddressFamilies: 'AF_UNIX AF_INET AF_INET6',
  };
  for (const [key, value] of Object.entries(hardening)) {
    if (setting(unit, 'Service', key).at(-1) !== value) problems.push(`${key}=${value} is missing`);
  }
  const memory = setting(unit, 'Service', 'MemoryMax')[0];
  const limit = sidecarBridge.resources?.limits?.memory;
  if (!memory || systemdBytes(memory) !== quantity(limit)) {
    problems.push(`MemoryMax=${memory} is not the side-car's memory limit ${limit}`);
  }
  if (setting(unit, 'Install', 'WantedBy')[0] !== 'multi-user.target')
    problems.push('not WantedBy=multi-user.target');
  return problems;
}

// --- the real parts -----------------------------------------------------------------------------------------

/** statsd_exporter's own verdict on a command line: its flags parse and its mapping loads (--check-config). */
function checkConfig(binary: string, args: string[], mappingText: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-deploy-'));
  try {
    const file = path.join(dir, 'mapping.yml');
    fs.writeFileSync(file, mappingText);
    const replaced = args.map((a) =>
      a.startsWith('--statsd.mapping-config=') ? `--statsd.mapping-config=${file}` : a,
    );
    execFileSync(binary, [...replaced, '--check-config'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- the tests ----------------------------------------------------------------------------------------------

const mappingText = fs.readFileSync(MAPPING, 'utf8');
const pinnedVersion =
  /^STATSD_EXPORTER_VERSION=(\S+)$/m.exec(fs.readFileSync('tools/install.sh', 'utf8'))?.[1] ?? '';
const texts = new Map(
  topologies.flatMap((t) =>
    t.files.map((f) => [`${t.dir}/${f}`, fs.readFileSync(`${t.dir}/${f}`, 'utf8')] as const),
  ),
);
const allManifests = topologies.flatMap((t) => t.manifests);
const sidecarBridge = () => bridgeOf(podTemplates(topology('sidecar'))[0]!)!;

/** Every check on one topology, for the broken copies below. */
function everyProblem(t: Topology): string[] {
  return [
    ...schemaProblems(t.manifests),
    ...nameProblems(t),
    ...kustomizationProblems(t),
    ...selectorProblems(t),
    ...portProblems(t),
    ...mappingProblems(t, mappingText),
    ...imageProblems(t, pinnedVersion, texts),
    ...appEnvProblems(t),
    ...bridgeProblems(t),
    ...scrapeProblems(t, scrapeJob()),
  ];
}

describe('deploy/kubernetes', () => {
  it('has the two topologies of the talk, each with its bridge, app and mapping', () => {
    expect(topologies.map((t) => t.name).sort()).toEqual(['daemonset', 'sidecar']);
    const kinds = (name: string) =>
      topology(name).manifests.map((m) => `${m.doc.kind}/${m.doc.metadata?.name}`);
    expect(kinds('sidecar').sort()).toEqual([
      'ConfigMap/your-app-statsd-mapping',
      'Deployment/your-app',
      'Service/your-app',
    ]);
    expect(kinds('daemonset').sort()).toEqual([
      'ConfigMap/statsd-exporter-mapping',
      'DaemonSet/statsd-exporter',
      'Deployment/your-app',
      'Service/your-app',
    ]);
    // No YAML outside the two folders, and no folder inside them: every manifest is one the tests read.
    expect(fs.readdirSync(KUBERNETES_DIR).filter((f) => /\.ya?ml$/.test(f))).toEqual([]);
    for (const t of topologies) {
      expect(
        fs.readdirSync(t.dir, { withFileTypes: true }).filter((e) => e.isDirectory()),
        t.dir,
      ).toEqual([]);
    }
    // The side-car runs in the app's pod; the DaemonSet's bridge in a pod of its own.
    expect(podTemplates(topology('sidecar')).map((p) => p.containers.map((c) => c.name))).toEqual([
      ['app', 'statsd-exporter'],
    ]);
    expect(podTemplates(topology('daemonset')).map((p) => p.containers.map((c) => c.name))).toEqual([
      ['app'],
      ['statsd-exporter'],
    ]);
  });

  it('validates every document against the Kubernetes schemas (kubernetes-models)', () => {
    expect(allManifests.length).toBe(7);
    expect(schemaProblems(allManifests)).toEqual([]);
  });

  it('uses only fields the Kubernetes API has (kubernetes-models types), and names it accepts', () => {
    expect(unknownFieldProblems(allManifests)).toEqual([]);
    for (const t of topologies) expect(nameProblems(t), t.name).toEqual([]);
  });

  it('lists every manifest of its folder in its kustomization (kubectl apply -k)', () => {
    for (const t of topologies) expect(kustomizationProblems(t), t.name).toEqual([]);
  });

  it('selects its own pods: workload and Service selectors match the pod template labels', () => {
    for (const t of topologies) expect(selectorProblems(t), t.name).toEqual([]);
  });

  it('wires ports: probes, Service targetPorts and the scrape annotations name ports their containers serve', () => {
    for (const t of topologies) expect(portProblems(t), t.name).toEqual([]);
  });

  it(`mounts the mapping where the bridge reads it, as a ConfigMap holding ${MAPPING}`, () => {
    for (const t of topologies) expect(mappingProblems(t, mappingText), t.name).toEqual([]);
  });

  it('runs the statsd_exporter version tools/install.sh builds; the app is the marked placeholder', () => {
    expect(pinnedVersion).toMatch(/^\d+\.\d+\.\d+$/);
    for (const t of topologies) expect(imageProblems(t, pinnedVersion, texts), t.name).toEqual([]);
  });

  it("points the app at its bridge: loopback in the side-car, the node's address in the DaemonSet", () => {
    for (const t of topologies) expect(appEnvProblems(t), t.name).toEqual([]);
  });

  it('gives every bridge probes, requests and limits, no lifecycle API, and starts the side-car first', () => {
    for (const t of topologies) expect(bridgeProblems(t), t.name).toEqual([]);
  });

  it('is scraped by the annotation job once per bridge pod, on its web port, and never the app directly', () => {
    const job = scrapeJob();
    for (const t of topologies) expect(scrapeProblems(t, job), t.name).toEqual([]);
    // Both declared ports of the DaemonSet's bridge become one target.
    const daemon = podTemplates(topology('daemonset')).find((p) => p.workload.kind === 'DaemonSet')!;
    expect(discovered(daemon, job)).toHaveLength(2);
    expect(scrapes(daemon, job).map((s) => s.labels)).toEqual([
      {
        job: 'kubernetes-pods',
        namespace: 'default',
        pod: 'statsd-exporter-x7k2p',
        node: 'node-1',
        app: 'statsd-exporter',
      },
    ]);
  });

  type Mutation = { name: string; topology: string; mutate: (t: Topology) => void; expect: RegExp };
  const pod = (t: Topology, kind = 'Deployment') => podTemplates(t).find((p) => p.workload.kind === kind)!;
  const bridge = (t: Topology, kind = 'Deployment') => bridgeOf(pod(t, kind))!;
  const app = (t: Topology) => pod(t).containers.find((c) => c.name === 'app')!;
  const setArg = (c: IContainer, name: string, value: string | null) => {
    c.args = (c.args ?? [])
      .filter((a) => !a.startsWith(`--${name}=`))
      .concat(value === null ? [] : [`--${name}=${value}`]);
  };
  const setEnv = (c: IContainer, name: string, value: string) => {
    c.env = (c.env ?? []).map((e) => (e.name === name ? { name, value } : e));
  };
  const mutations: Mutation[] = [
    {
      name: 'a containerPort given as a string',
      topology: 'sidecar',
      mutate: (t) => (bridge(t).ports![0]!.containerPort = '9102' as never),
      expect: /must be integer/,
    },
    {
      name: 'a probe on a port the bridge does not declare',
      topology: 'sidecar',
      mutate: (t) => (bridge(t).livenessProbe!.httpGet!.port = 'web'),
      expect: /livenessProbe names port web/,
    },
    {
      name: 'the bridge serving on another port than its probes and annotation',
      topology: 'sidecar',
      mutate: (t) => setArg(bridge(t), 'web.listen-address', ':9103'),
      expect: /serves HTTP on 9103|prometheus.io\/port is 9102/,
    },
    {
      name: 'the scrape annotation on the app port',
      topology: 'sidecar',
      mutate: (t) => (pod(t).template.metadata!.annotations!['prometheus.io/port'] = '8080'),
      expect: /prometheus.io\/port is 8080|scraped at http:\/\/10.1.2.3:8080/,
    },
    {
      name: 'no scrape annotation on the side-car pod',
      topology: 'sidecar',
      mutate: (t) => delete pod(t).template.metadata!.annotations!['prometheus.io/scrape'],
      expect: /scraped at nothing/,
    },
    {
      name: "the app's own pods annotated for scraping",
      topology: 'daemonset',
      mutate: (t) =>
        (pod(t).template.metadata!.annotations = {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '8080',
        }),
      expect: /has no bridge/,
    },
    {
      name: 'a Service targetPort no container declares',
      topology: 'sidecar',
      mutate: (t) => (ofKind(t, 'Service')[0]!.spec!.ports![0]!.targetPort = 'htttp'),
      expect: /targetPort htttp/,
    },
    {
      name: 'a Service selecting no pods',
      topology: 'daemonset',
      mutate: (t) => (ofKind(t, 'Service')[0]!.spec!.selector = { 'app.kubernetes.io/name': 'yourapp' }),
      expect: /selects no pod template/,
    },
    {
      name: 'a DaemonSet selector that misses its pods',
      topology: 'daemonset',
      mutate: (t) =>
        (ofKind(t, 'DaemonSet')[0]!.spec!.selector.matchLabels = { 'app.kubernetes.io/name': 'bridge' }),
      expect: /does not select its own pod template/,
    },
    {
      name: 'a volume naming a ConfigMap that is not there',
      topology: 'sidecar',
      mutate: (t) => (pod(t).template.spec!.volumes![0]!.configMap!.name = 'statsd-mapping'),
      expect: /names ConfigMap statsd-mapping/,
    },
    {
      name: 'a mapping path that is not mount path + key',
      topology: 'sidecar',
      mutate: (t) => setArg(bridge(t), 'statsd.mapping-config', '/etc/statsd-exporter/statsd-mapping.yml'),
      expect: /key "statsd-mapping.yml"/,
    },
    {
      name: 'a ConfigMap mapping that is not config/statsd-mapping.yml',
      topology: 'daemonset',
      mutate: (t) => {
        const cm = ofKind(t, 'ConfigMap')[0]!;
        cm.data!['mapping.yml'] = cm.data!['mapping.yml']!.replace(
          'demo_http_requests_total',
          'demo_requests_total',
        );
      },
      expect: /is not the mapping of/,
    },
    {
      name: 'another statsd_exporter version',
      topology: 'daemonset',
      mutate: (t) => (bridge(t, 'DaemonSet').image = 'prom/statsd-exporter:v0.29.0'),
      expect: /tools\/install.sh builds/,
    },
    {
      name: 'the app sending to another port than the side-car takes',
      topology: 'sidecar',
      mutate: (t) => setArg(bridge(t), 'statsd.listen-udp', '127.0.0.1:9126'),
      expect: /the bridge listens on 9126/,
    },
    {
      name: 'the app sending to a Service name instead of its node',
      topology: 'daemonset',
      mutate: (t) => setEnv(app(t), 'STATSD_HOST', 'statsd-exporter'),
      expect: /not status.hostIP/,
    },
    {
      name: 'the app sending to a port no node bridge opens',
      topology: 'daemonset',
      mutate: (t) => setEnv(app(t), 'STATSD_PORT', '8125'),
      expect: /on the node's port 8125/,
    },
    {
      name: 'origin detection left on',
      topology: 'daemonset',
      mutate: (t) => (app(t).env = app(t).env!.filter((e) => e.name !== 'DD_ORIGIN_DETECTION_ENABLED')),
      expect: /DD_ORIGIN_DETECTION_ENABLED=false/,
    },
    {
      name: 'a DD_AGENT_HOST that is not STATSD_HOST',
      topology: 'sidecar',
      mutate: (t) => app(t).env!.push({ name: 'DD_AGENT_HOST', value: 'localhost' }),
      expect: /DD_AGENT_HOST is localhost/,
    },
    {
      name: 'the DaemonSet without its hostPort',
      topology: 'daemonset',
      mutate: (t) => delete bridge(t, 'DaemonSet').ports![0]!.hostPort,
      expect: /on the node's port 9125/,
    },
    {
      name: 'a bridge without limits',
      topology: 'daemonset',
      mutate: (t) => delete bridge(t, 'DaemonSet').resources!.limits,
      expect: /no cpu request and limit/,
    },
    {
      name: 'a liveness probe on /-/ready',
      topology: 'sidecar',
      mutate: (t) => (bridge(t).livenessProbe!.httpGet!.path = '/-/ready'),
      expect: /livenessProbe is not GET \/-\/healthy/,
    },
    {
      name: 'the lifecycle API',
      topology: 'sidecar',
      mutate: (t) => bridge(t).args!.push('--web.enable-lifecycle'),
      expect: /--web.enable-lifecycle/,
    },
    {
      name: 'the side-car as a plain container, started with the app',
      topology: 'sidecar',
      mutate: (t) => {
        const spec = pod(t).template.spec!;
        const plain = spec.initContainers![0]!;
        delete plain.restartPolicy;
        spec.containers.push(plain);
        delete spec.initContainers;
      },
      expect: /not a native one/,
    },
    {
      name: 'a manifest left out of the kustomization',
      topology: 'daemonset',
      mutate: (t) => ((t.kustomization!.resources as string[]).length = 2),
      expect: /kustomization.yaml lists/,
    },
  ];

  it.each(mutations)('and the checks do reject $name', ({ topology: name, mutate, expect: message }) => {
    const broken = topology(name);
    expect(everyProblem(broken)).toEqual([]);
    mutate(broken);
    expect(everyProblem(broken).join('\n')).toMatch(message);
  });

  it('and the field check does reject a misspelt field', () => {
    const broken = topology('sidecar');
    const container = bridge(broken) as unknown as Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    expect(unknownFieldProblems(broken.manifests).join('\n')).toMatch(
      /readinesProbe.* does not exist in type 'IContainer'/,
    );
  });

  it("loads each bridge's flags and its ConfigMap's mapping in the real statsd_exporter", () => {
    const binary = statsdExporterBinary();
    if (!requireRealPart('statsd_exporter', binary)) return;
    for (const t of topologies) {
      for (const p of podTemplates(t).filter(bridgeOf)) {
        const b = bridgeOf(p)!;
        const mount = b.volumeMounts![0]!;
        const volume = p.template.spec!.volumes!.find((v) => v.name === mount.name)!;
        const cm = ofKind(t, 'ConfigMap').find((c) => c.metadata?.name === volume.configMap?.name)!;
        const key = path.posix.relative(mount.mountPath, bridgeFlags(b).mapping!);
        expect(() => checkConfig(binary!, b.args ?? [], cm.data![key]!), p.at).not.toThrow();
      }
    }
    // And it does refuse a flag it lacks and a mapping it cannot load.
    expect(() => checkConfig(binary!, ['--statsd.listen-udpp=:9125'], mappingText)).toThrow();
    expect(() => checkConfig(binary!, ['--statsd.mapping-config=x'], 'mappings: [{match: 1}]\n')).toThrow();
  });
});

describe('deploy/prometheus/scrape-config.yml', () => {
  it('passes promtool check config (3.x, built with Kubernetes discovery)', () => {
    // Debian's 2.42 is built without kubernetes_sd_configs, so only the tools folder's promtool can say.
    const config = loadConfig();
    const promtool = findExecutable('promtool', config.TOOLS_BIN_DIR);
    if (!requireRealPart('promtool', promtool)) return;
    const out = execFileSync(promtool!, ['check', 'config', SCRAPE_CONFIG], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  });
});

describe('deploy/systemd/statsd-exporter.service', () => {
  const text = fs.readFileSync(SYSTEMD_UNIT, 'utf8');

  it("runs the side-car's flags, hardened, restarted, with the mapping where its install steps put it", () => {
    expect(systemdProblems(text, sidecarBridge())).toEqual([]);
  });

  it.each([
    [
      'another web port',
      (s: string) => s.replace('--web.listen-address=:9102', '--web.listen-address=:9103'),
      /flags/,
    ],
    [
      'StatsD on every address',
      (s: string) => s.replace('listen-udp=127.0.0.1:9125', 'listen-udp=:9125'),
      /loopback/,
    ],
    ['no DynamicUser', (s: string) => s.replace('DynamicUser=yes', 'DynamicUser=no'), /DynamicUser/],
    ['no Restart', (s: string) => s.replace('Restart=always', 'Restart=no'), /Restart/],
    [
      'the app told another port',
      (s: string) => s.replace('STATSD_PORT=9125', 'STATSD_PORT=8125'),
      /app is told/,
    ],
    [
      'the mapping installed elsewhere',
      (s: string) => s.replace(' /etc/statsd-exporter/mapping.yml\n', ' /etc/m.yml\n'),
      /install steps/,
    ],
  ])('and the unit check does reject %s', (_, mutate, message) => {
    const broken = mutate(text);
    expect(broken).not.toBe(text);
    expect(systemdProblems(broken, sidecarBridge()).join('\n')).toMatch(message);
  });

  it("passes the real statsd_exporter's --check-config with ExecStart's flags", () => {
    const binary = statsdExporterBinary();
    if (!requireRealPart('statsd_exporter', binary)) return;
    expect(() => checkConfig(binary!, execStart(parseUnit(text)).slice(1), mappingText)).not.toThrow();
  });
});
