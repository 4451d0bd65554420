import { bridgeIdentityText } from '../lab/bridge-identity';
import type {
  BridgeIdentity,
  BridgeView,
  DelayFigures,
  KernelUdpView,
  LoadView,
  LoopDelayView,
  ScrapePoint,
} from '../lab/types';
import type { PrometheusVerdict } from './prometheus-check';

export interface RouteSummary {
  /** Requests answered, from the truth ledger. */
  truth: number;
  /** Counter value at the final scrape; null when it failed. */
  final: number | null;
  scrapes: number;
  failedScrapes: number;
  /** Distinct processes seen answering scrapes. */
  distinctWorkers: number;
  /** Max over scrapes of |seen − truth| / truth, truth taken when each scrape started. */
  maxRelativeError: number;
  /** truth − final; null when the final scrape failed. */
  lost: number | null;
}

/** Sums up one route's run from its scrapes (the final scrape last) and its ledger's answered count. */
export function summarizeRoute(points: readonly ScrapePoint[], truth: number): RouteSummary {
  const answerers = new Set<string>();
  let maxRelativeError = 0;
  let failedScrapes = 0;
  for (const p of points) {
    if (!p.ok || p.counter === null) {
      failedScrapes += 1;
      continue;
    }
    if (p.answeredBy !== null) answerers.add(p.answeredBy);
    if (p.truth > 0) maxRelativeError = Math.max(maxRelativeError, Math.abs(p.counter - p.truth) / p.truth);
  }
  const last = points.at(-1);
  const final = last?.ok ? last.counter : null;
  return {
    truth,
    final,
    scrapes: points.length,
    failedScrapes,
    distinctWorkers: answerers.size,
    maxRelativeError,
    lost: final === null ? null : truth - final,
  };
}

/** Which bridge the run went through; null when no route of the lab pushes to one. */
export function runBridge(view: BridgeView | null): BridgeIdentity | null {
  if (view === null) return null;
  // Never read: say so rather than name a bridge nobody saw.
  return view.identity ?? { implementation: 'unknown', version: null, note: `never read: ${view.error}` };
}

/** The scheduled load as the run sent it: totals since the reset, and their averages per second. */
export interface RunLoad {
  /** Per app, as set; every app got it. */
  ratePerSecond: number;
  apps: number;
  seconds: number;
  requested: number;
  sent: number;
  skipped: number;
  missed: number;
  /** Due and not sent yet as the load stopped. */
  behind: number;
  requestedPerSecond: number;
  sentPerSecond: number;
  /** 1 − sent / requested: how far the load fell short of its schedule; null when none was requested. */
  shortfall: number | null;
}

/** The load generator's totals, read as the load stops, `seconds` after it started. */
export function runLoad(view: LoadView, seconds: number): RunLoad {
  const { ratePerSecond, apps, requested, sent, skipped, missed, behind } = view;
  const perSecond = (n: number) => (seconds > 0 ? n / seconds : 0);
  return {
    ratePerSecond,
    apps,
    seconds,
    requested,
    sent,
    skipped,
    missed,
    behind,
    requestedPerSecond: perSecond(requested),
    sentPerSecond: perSecond(sent),
    shortfall: requested > 0 ? 1 - sent / requested : null,
  };
}

function loadLine(load: RunLoad): string {
  const split = load.apps > 1 ? ` (${load.ratePerSecond} per app × ${load.apps})` : '';
  const short =
    load.shortfall !== null && load.shortfall >= 0.02
      ? ` — ${Math.round(load.shortfall * 100)} % behind`
      : '';
  return (
    `load over ${load.seconds.toFixed(1)} s: ${load.requestedPerSecond.toFixed(0)} req/s requested${split}, ` +
    `${load.sentPerSecond.toFixed(0)} sent${short}; ${load.skipped} skipped at the concurrency cap, ` +
    `${load.missed} missed, ${load.behind} still due`
  );
}

/** The lab's own loop as the load stopped: whether the lab held up what it measured. */
export interface RunLab {
  loop: LoopDelayView;
  /** How late the load generator's ticks fired. */
  tickLag: DelayFigures | null;
}

function labLine({ loop, tickLag }: RunLab): string {
  const f = (d: DelayFigures) => `p99 ${d.p99Ms.toFixed(1)} ms, max ${d.maxMs.toFixed(1)} ms`;
  return (
    `lab: event-loop delay ${f(loop.delay)} over the ${loop.windowSeconds} s before the load stopped` +
    `${tickLag ? `, load ticks late ${f(tickLag)}` : ''}; ${loop.stalls} stalls over ${loop.thresholdMs} ms`
  );
}

/**
 * What the run went through besides the routes: its load, the lab's own loop, the bridge, the kernel's
 * machine-wide UDP counts.
 */
export interface RunContext {
  load: RunLoad;
  lab: RunLab;
  bridge: BridgeIdentity | null;
  kernelUdp: KernelUdpView;
}

function contextLines({ load, lab, bridge, kernelUdp }: RunContext): string[] {
  const lines = [
    loadLine(load),
    labLine(lab),
    ...(bridge === null ? [] : [`bridge: ${bridgeIdentityText(bridge)}`]),
  ];
  if (!kernelUdp.available) return [...lines, `kernel UDP counters unavailable: ${kernelUdp.reason}`];
  const { inDatagrams, inErrors, rcvbufErrors } = kernelUdp.delta;
  const seconds = Math.round((kernelUdp.at - kernelUdp.since) / 1000);
  return [
    ...lines,
    `kernel UDP, machine-wide (every socket, not only the bridge's), ${seconds} s from the reset: ` +
      `${inDatagrams} datagrams delivered, ${inErrors} receive errors (${rcvbufErrors} buffer full)`,
  ];
}

const COLUMNS = [
  'route',
  'truth',
  'final',
  'lost',
  'scrapes',
  'failed',
  'workers seen',
  'max rel. error',
  'prom total',
  'prom rate',
  'true rate',
  'ratio',
] as const;

function prometheusCells(verdict: PrometheusVerdict | undefined): string[] {
  if (!verdict || 'error' in verdict) return ['-', '-', '-', '-'];
  return [
    verdict.total.toFixed(0),
    verdict.rate.toFixed(1),
    verdict.trueRate.toFixed(1),
    verdict.ratio === null ? '-' : `×${verdict.ratio.toFixed(2)}`,
  ];
}

/**
 * A plain-text table, one row per route, for the terminal; then the load, the lab's loop, the bridge and
 * the kernel's UDP counts, and Prometheus errors, one line each.
 */
export function formatTable(
  routes: Record<string, RouteSummary & { prometheus?: PrometheusVerdict }>,
  context: RunContext,
): string {
  const rows = Object.entries(routes).map(([id, s]) => [
    id,
    String(s.truth),
    s.final === null ? 'failed' : String(s.final),
    s.lost === null ? '-' : String(s.lost),
    String(s.scrapes),
    String(s.failedScrapes),
    String(s.distinctWorkers),
    `${(s.maxRelativeError * 100).toFixed(1)} %`,
    ...prometheusCells(s.prometheus),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  const errors = Object.entries(routes).flatMap(([id, s]) =>
    s.prometheus && 'error' in s.prometheus ? [`${id}: Prometheus: ${s.prometheus.error}`] : [],
  );
  return [line(COLUMNS), ...rows.map(line), ...contextLines(context), ...errors].join('\n');
}
