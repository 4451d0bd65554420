import { z } from 'zod';
import type {
  BridgeIdentity,
  BridgeView,
  ComponentStatus,
  CrashEffect,
  Headline,
  KernelUdpCounters,
  KernelUdpView,
  LabSettings,
  DelayFigures,
  LabSnapshot,
  LoadView,
  LoopDelayView,
  PrometheusFigure,
  PrometheusFigures,
  RatePoint,
  RouteCost,
  RouteSpec,
  RouteView,
  ScrapePoint,
  StreamView,
  TargetState,
  TruthView,
  WorkerInfo,
  YourAppView,
} from './types';
import type { Diagnosis } from '../doctor/diagnose';

/**
 * The snapshot as a schema, for whoever reads one over the wire: the page (every stream event) and the
 * experiment. Each part is checked against its type in ./types, so the two cannot drift apart. Pure.
 */

const num = z.number();
const nullableNum = num.nullable();
const counts = z.record(z.string(), num);

const routeSpec: z.ZodType<RouteSpec> = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  topology: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('direct') }),
    z.object({ kind: z.literal('per-worker') }),
    z.object({ kind: z.literal('aggregated') }),
    z.object({ kind: z.literal('pushed'), aggregator: z.literal('bridge') }),
  ]),
  appId: z.string(),
  loadUrl: z.string(),
  metricsUrl: z.string(),
  answeredBy: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('header'), header: z.string() }),
    z.object({ kind: z.literal('metric'), metric: z.string() }),
  ]),
  adminUrl: z.string().optional(),
  counterMetric: z.string(),
  gaugeMetric: z.string(),
  histogramMetric: z.string(),
  prometheusJob: z.string().optional(),
  lastWriterGaugeMetric: z.string().optional(),
  multiprocFilesMetric: z.string().optional(),
  multiprocBytesMetric: z.string().optional(),
});

const truthView: z.ZodType<TruthView> = z.object({
  sent: num,
  answered: num,
  failed: num,
  skipped: num,
  inFlight: num,
  byStatus: counts,
  byWorker: counts,
  latencyP50Seconds: nullableNum,
  latencyP90Seconds: nullableNum,
  latencyDelayed: num,
});

const scrapePoint: z.ZodType<ScrapePoint> = z.object({
  t: num,
  ok: z.boolean(),
  durationMs: num,
  answeredBy: z.string().nullable(),
  counter: nullableNum,
  inFlight: nullableNum,
  lastWriterGauge: nullableNum,
  truthInFlight: num,
  histogramCount: nullableNum,
  histogramSum: nullableNum,
  truth: num,
  bytes: nullableNum,
  multiproc: z.object({ files: num, bytes: num }).optional(),
  targets: num,
  targetsUp: num,
  error: z.string().nullable(),
});

const ratePoint: z.ZodType<RatePoint> = z.object({ t: num, computed: nullableNum, truth: nullableNum });

const headline: z.ZodType<Headline> = z.object({
  errorNowPercent: nullableNum,
  lost: nullableNum,
  inTransit: nullableNum,
  distinctAnswerers: num,
  resets: num,
});

const workerInfo: z.ZodType<WorkerInfo> = z.object({
  id: num,
  pid: num,
  uptimeSeconds: num,
  slot: num,
  metricsPort: nullableNum,
});

const figure: z.ZodType<PrometheusFigure> = z.object({ value: nullableNum, error: z.string().nullable() });

const prometheusFigures: z.ZodType<PrometheusFigures> = z.object({
  t: num,
  windowSeconds: num,
  rate: figure,
  increase: figure,
  total: figure,
  p90Seconds: figure,
  trueRate: nullableNum,
  trueTotal: num,
  rateRatio: nullableNum,
  totalRatio: nullableNum,
});

const targetState: z.ZodType<TargetState> = z.object({
  url: z.string(),
  ok: z.boolean(),
  durationMs: num,
  error: z.string().nullable(),
});

const routeCost: z.ZodType<RouteCost> = z.object({
  scrapeP50Ms: nullableNum,
  scrapeP95Ms: nullableNum,
  metricsBytes: nullableNum,
  processes: num,
  targets: num,
});

const crashEffect: z.ZodType<CrashEffect> = z.object({
  at: num,
  workerId: num,
  counterDrop: num,
  falseResets: num,
  rateSpike: nullableNum,
});

const routeView: z.ZodType<RouteView> = z.object({
  spec: routeSpec,
  truth: truthView,
  scrapes: z.array(scrapePoint),
  rates: z.array(ratePoint),
  rateWindowSeconds: num,
  headline,
  workers: z.array(workerInfo).nullable(),
  prometheus: prometheusFigures.nullable(),
  prometheusRates: z.array(z.object({ t: num, rate: nullableNum })),
  targets: z.array(targetState),
  cost: routeCost,
  lastCrash: crashEffect.nullable(),
});

const settings: z.ZodType<LabSettings> = z.object({
  ratePerSecond: num,
  concurrency: num,
  paused: z.boolean(),
  scrapeIntervalSeconds: num,
  workers: num,
  metricsKeepAlive: z.boolean(),
  statsdBufferSize: num,
});

const componentStatus: z.ZodType<ComponentStatus> = z.object({
  name: z.string(),
  state: z.enum(['up', 'down', 'starting', 'absent']),
  detail: z.string(),
  note: z.string().nullable(),
  lastOkAgeSeconds: nullableNum,
});

const bridgeIdentity: z.ZodType<BridgeIdentity> = z.object({
  implementation: z.enum(['builtin', 'statsd_exporter', 'unknown']),
  version: z.string().nullable(),
  note: z.string().nullable(),
});

const bridgeView: z.ZodType<BridgeView> = z.object({
  readAt: nullableNum,
  error: z.string().nullable(),
  identity: bridgeIdentity.nullable(),
  udpPackets: nullableNum,
  udpPacketDrops: nullableNum,
  lines: nullableNum,
});

const kernelUdpCounters: z.ZodType<KernelUdpCounters> = z.object({
  inDatagrams: num,
  inErrors: num,
  rcvbufErrors: num,
});

const kernelUdpView: z.ZodType<KernelUdpView> = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    since: num,
    at: num,
    families: z.array(z.enum(['ipv4', 'ipv6'])),
    delta: kernelUdpCounters,
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);

const connection = z.enum(['fresh', 'kept-alive']);

const diagnosis: z.ZodType<Diagnosis> = z.object({
  verdict: z.enum(['braided', 'pinned', 'consistent', 'insufficient']),
  summary: z.string(),
  responders: z.object({ fresh: num, keptAlive: num, ids: z.array(z.string()) }),
  signals: z.array(z.object({ name: z.string(), used: z.boolean(), detail: z.string() })),
  falseResets: z.array(
    z.object({
      family: z.string(),
      series: z.string(),
      connection,
      count: num,
      invented: num,
      inventedRatePerSecond: num,
      rounding: z.boolean(),
    }),
  ),
  suggestedFixes: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })),
  scrapes: z.object({ fresh: num, keptAlive: num, failed: num }),
  rateWindowSeconds: num,
  notes: z.array(z.string()),
});

const yourAppView: z.ZodType<YourAppView> = z.object({
  spec: z.object({
    id: z.literal('your-app'),
    title: z.string(),
    summary: z.string(),
    metricsUrl: z.string(),
    loadUrl: z.string().nullable(),
    loadRatePerSecond: num,
  }),
  diagnosis,
  window: z.object({ fresh: num, keptAlive: num, seconds: num }),
  load: z.object({ sent: num, answered: num, failed: num, skipped: num }).nullable(),
  lastError: z.string().nullable(),
});

const delayFigures: z.ZodType<DelayFigures> = z.object({ p50Ms: num, p99Ms: num, maxMs: num });

const loopDelayView: z.ZodType<LoopDelayView> = z.object({
  delay: delayFigures,
  windowSeconds: num,
  thresholdMs: num,
  stalls: num,
});

const loadView: z.ZodType<LoadView> = z.object({
  ratePerSecond: num,
  apps: num,
  requestedPerSecond: num,
  sentPerSecond: num,
  skippedPerSecond: num,
  behind: num,
  behindSeconds: num,
  requested: num,
  sent: num,
  skipped: num,
  missed: num,
  tickLag: delayFigures.nullable(),
});

const streamView: z.ZodType<StreamView> = z.object({ readers: num, dropped: num, maxBacklogBytes: num });

export const labSnapshotSchema: z.ZodType<LabSnapshot> = z.object({
  now: num,
  epoch: num,
  settings,
  routes: z.array(routeView),
  components: z.array(componentStatus),
  prometheus: z.object({
    mode: z.enum(['managed', 'external', 'off']),
    url: z.string(),
    howToGet: z.string().nullable(),
    version: z.string().nullable(),
  }),
  pythonDemos: z.object({ state: z.enum(['on', 'off']), howToGet: z.string().nullable() }),
  bridge: bridgeView.nullable(),
  kernelUdp: kernelUdpView,
  yourApp: yourAppView.nullable(),
  load: loadView,
  labLoop: loopDelayView,
  stream: streamView,
});

/** A snapshot, or the first field that is wrong, named by its path (`routes.2.cost.targets: …`). */
export function parseSnapshot(
  value: unknown,
): { ok: true; snapshot: LabSnapshot } | { ok: false; error: string } {
  const parsed = labSnapshotSchema.safeParse(value);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'snapshot';
  return { ok: false, error: `${field}: ${issue?.message ?? 'invalid'}` };
}
