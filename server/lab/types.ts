/**
 * The lab's data contract: route descriptions, and the snapshots the lab streams to the browser.
 * Types only — client components import this file, so it must stay free of runtime code.
 */

import type { Diagnosis } from '../doctor/diagnose';

/** How to tell which process answered a `/metrics` scrape. */
export type AnswererSource =
  /** A response header set by each worker, e.g. `x-worker-id`. */
  | { kind: 'header'; header: string }
  /** A metric whose value differs per process, e.g. `process_start_time_seconds`. */
  | { kind: 'metric'; metric: string };

/**
 * How a route gets one number out of many workers: the four ways the talk names.
 * - direct: one app port; whichever worker accepts the scrape answers with its own registry (broken);
 * - per-worker: each worker serves its own registry on its own port; one scrape target per worker;
 * - aggregated: the app's primary asks every worker for its registry and answers with the merge;
 * - pushed: every worker pushes its events to one aggregator (the StatsD bridge), which is scraped.
 */
export type RouteTopology =
  | { kind: 'direct' }
  | { kind: 'per-worker' }
  | { kind: 'aggregated' }
  | { kind: 'pushed'; aggregator: 'bridge' };

/** A route is data: what to load, what to scrape, and how to identify the answering process. */
export interface RouteSpec {
  id: string;
  /** Panel title. `{workers}` is replaced by the current worker count. */
  title: string;
  /** One line on what this route demonstrates. */
  summary: string;
  topology: RouteTopology;
  /** The demo app (one process tree) whose workers serve it; routes of one app share its load and truth. */
  appId: string;
  loadUrl: string;
  /** The one URL scraped; for a per-worker route, the first worker's (the others are discovered). */
  metricsUrl: string;
  answeredBy: AnswererSource;
  /** The cluster admin API of the app behind the route, when the lab can control it. */
  adminUrl?: string;
  /** The counter summed for the scraped total. */
  counterMetric: string;
  gaugeMetric: string;
  histogramMetric: string;
  /** The job Prometheus scrapes this route's metrics URL under, when Prometheus is in the loop. */
  prometheusJob?: string;
  /** An in-flight gauge each worker sets to its own count (last writer wins), for comparison. */
  lastWriterGaugeMetric?: string;
  /** multiprocess mode: gauges of the files (and their bytes) in the folder every scrape reads and merges. */
  multiprocFilesMetric?: string;
  multiprocBytesMetric?: string;
}

export interface TruthView {
  sent: number;
  answered: number;
  /** Connection errors and timeouts: sent but never answered. */
  failed: number;
  /** Skipped because the concurrency cap was reached. */
  skipped: number;
  inFlight: number;
  byStatus: Record<string, number>;
  byWorker: Record<string, number>;
  /** Over the latest answers, leaving out the delayed ones. */
  latencyP50Seconds: number | null;
  latencyP90Seconds: number | null;
  /** Answers whose latency was timed across a stall of the lab's own loop: counted, not in the quantiles. */
  latencyDelayed: number;
}

export interface ScrapePoint {
  /** Unix time in milliseconds when the scrape started. */
  t: number;
  ok: boolean;
  durationMs: number;
  /** Identity of the answering process, or null when unknown. */
  answeredBy: string | null;
  /** Sum of the counter across its series; null on failure or when absent. */
  counter: number | null;
  inFlight: number | null;
  /** The last-writer-wins gauge, when the route has one. */
  lastWriterGauge: number | null;
  /** Requests in flight according to the load generator when this scrape started. */
  truthInFlight: number;
  histogramCount: number | null;
  histogramSum: number | null;
  /** Requests the load generator had seen answered when this scrape started. */
  truth: number;
  /** Size of the `/metrics` body (summed over targets); null when nothing was read. */
  bytes: number | null;
  /** multiprocess mode: the files every scrape merged, and their bytes, as the answer reported them. */
  multiproc?: { files: number; bytes: number };
  /** Scrape targets this point read (one, or one per worker); `targetsUp` of them answered. */
  targets: number;
  targetsUp: number;
  error: string | null;
}

/** One scrape target of a route at its latest scrape. */
export interface TargetState {
  url: string;
  ok: boolean;
  durationMs: number;
  error: string | null;
}

/** What the latest worker crash did to a route, measured from its scrapes around the crash. */
export interface CrashEffect {
  /** Unix milliseconds of the crash. */
  at: number;
  workerId: number;
  /** Scraped counter just before the crash minus its lowest value in the 10 s after; 0 when it never dropped. */
  counterDrop: number;
  /** Scrapes in that window whose counter went down (each reads as a reset to Prometheus). */
  falseResets: number;
  /** The highest computed rate in that window ÷ the true rate; null before there are two scrapes. */
  rateSpike: number | null;
}

/** Per-route figures for the scoreboard, over the scrapes kept in the snapshot. */
export interface RouteCost {
  scrapeP50Ms: number | null;
  scrapeP95Ms: number | null;
  /** Size of the latest successful `/metrics` answer(s), summed over targets. */
  metricsBytes: number | null;
  /** Processes this route needs: the app's primary and workers, plus the bridge for a pushed route. */
  processes: number;
  /** Scrape targets at the latest scrape. */
  targets: number;
}

export interface RatePoint {
  t: number;
  /** Prometheus-style rate() over the window from the scraped counter; null without two samples. */
  computed: number | null;
  /** The true rate over the same window, from the ledger. */
  truth: number | null;
}

export interface Headline {
  /** (scraped − truth) / truth at the latest successful scrape, in percent; null before one. */
  errorNowPercent: number | null;
  /** truth − scraped at the latest successful scrape, less what is in transit; null before one. */
  lost: number | null;
  /**
   * On a pushed route: the part of truth − scraped the app answered so recently that it may not have reached
   * the bridge yet (flush lag, not loss). null on a scraped route, or before a scrape.
   */
  inTransit: number | null;
  /** Distinct processes seen answering the scrapes kept in the window. */
  distinctAnswerers: number;
  /** Scrapes whose counter went down: each looks like a counter reset to Prometheus. */
  resets: number;
}

export interface WorkerInfo {
  id: number;
  pid: number;
  uptimeSeconds: number;
  /** 1…N: the worker's place in the pool; a dead worker's replacement takes its slot. */
  slot: number;
  /** The worker's own `/metrics` port (a base port + its slot), for per-worker routes. */
  metricsPort: number | null;
}

/** `absent`: not part of this setup (e.g. no Prometheus installed), which is not a failure. */
export type ComponentState = 'up' | 'down' | 'starting' | 'absent';

export interface ComponentStatus {
  name: string;
  state: ComponentState;
  detail: string;
  /** A short figure the chip shows whatever the state (the lab's own shortfall); null when there is none. */
  note: string | null;
  /** Age of the last successful contact in seconds; null when never reached. */
  lastOkAgeSeconds: number | null;
}

/** One number Prometheus was asked for: a value, or the reason there is none (never a silent zero). */
export interface PrometheusFigure {
  value: number | null;
  error: string | null;
}

/** What a dashboard would say about a route, beside the truth over the same window. */
export interface PrometheusFigures {
  /** Evaluation time, Unix milliseconds. */
  t: number;
  windowSeconds: number;
  rate: PrometheusFigure;
  increase: PrometheusFigure;
  total: PrometheusFigure;
  p90Seconds: PrometheusFigure;
  /** Answered requests per second over the same window, from the ledger. */
  trueRate: number | null;
  /** Requests answered so far, from the ledger. */
  trueTotal: number;
  /** rate / trueRate; null when either is unknown or the truth is zero. */
  rateRatio: number | null;
  /** total / trueTotal; null when either is unknown or the truth is zero. */
  totalRatio: number | null;
}

export interface PrometheusRatePoint {
  t: number;
  rate: number | null;
}

export interface RouteView {
  spec: RouteSpec;
  truth: TruthView;
  scrapes: ScrapePoint[];
  rates: RatePoint[];
  rateWindowSeconds: number;
  headline: Headline;
  workers: WorkerInfo[] | null;
  /** Latest answers from Prometheus; null when Prometheus is not in the loop. */
  prometheus: PrometheusFigures | null;
  /** sum(rate(...)) from Prometheus over time, for the rate chart. */
  prometheusRates: PrometheusRatePoint[];
  /** Its scrape targets at the latest scrape. */
  targets: TargetState[];
  cost: RouteCost;
  lastCrash: CrashEffect | null;
}

export interface LabSettings {
  ratePerSecond: number;
  concurrency: number;
  paused: boolean;
  scrapeIntervalSeconds: number;
  workers: number;
  metricsKeepAlive: boolean;
  statsdBufferSize: number;
}

export interface PrometheusStatus {
  mode: 'managed' | 'external' | 'off';
  /** Where Prometheus' own UI is, for a link. */
  url: string;
  /** When mode is off: how to get Prometheus. */
  howToGet: string | null;
  /** The version it reports once reached, e.g. "3.16.0": the lab's rate math follows its PromQL dialect. */
  version: string | null;
}

/** The talk's Django app (three routes), which runs only where Python can build the demos' venv. */
export interface PythonDemosStatus {
  /** on: the Django routes are part of this lab; off: they were left out (PYTHON_DEMOS=off, or no usable Python). */
  state: 'on' | 'off';
  /** When off: how to get them. */
  howToGet: string | null;
}

export type BridgeImplementation = 'builtin' | 'statsd_exporter' | 'unknown';

/** Which StatsD bridge answered, from its `statsd_exporter_build_info`. */
export interface BridgeIdentity {
  implementation: BridgeImplementation;
  /** build_info's `version` label; null when it has none. */
  version: string | null;
  /** Why the implementation is unknown or the version missing; null when build_info says it all. */
  note: string | null;
}

/** What the lab last read from the bridge's own `/metrics` (once a second, beside the route's scrapes). */
export interface BridgeView {
  /** Unix ms of the latest read that answered; null before one did. */
  readAt: number | null;
  /** Why the latest read failed; null when it answered. */
  error: string | null;
  /** From the latest read that answered; null before one did. */
  identity: BridgeIdentity | null;
  // Its own counts since it started, from the latest read: null when that read failed or it lacks the series.
  /** Datagrams its socket delivered to it (`statsd_exporter_udp_packets_total`). */
  udpPackets: number | null;
  /** Datagrams it received and then dropped, its queue full (`statsd_exporter_udp_packet_drops_total`). */
  udpPacketDrops: number | null;
  /** StatsD lines it read out of them (`statsd_exporter_lines_total`). */
  lines: number | null;
}

/** The kernel's UDP counters (Linux /proc/net/snmp and snmp6), for every UDP socket of the machine. */
export interface KernelUdpCounters {
  /** Datagrams delivered to sockets. */
  inDatagrams: number;
  /** Datagrams that arrived and were dropped before any socket read them (full buffers among them). */
  inErrors: number;
  /** Of those, dropped because the receiving socket's buffer was full. */
  rcvbufErrors: number;
}

export type KernelUdpView =
  | {
      available: true;
      /** Unix ms the deltas count from: the reading at the last reset, or the first one after it. */
      since: number;
      /** Unix ms of the latest reading. */
      at: number;
      /** The tables summed: IPv4, and IPv6 where the kernel has it. */
      families: ('ipv4' | 'ipv6')[];
      /** Machine-wide increases since `since`, not only the bridge's socket. */
      delta: KernelUdpCounters;
    }
  | { available: false; reason: string };

/**
 * The "Your app" route: a developer's own app, which the lab cannot control or count, watched by the scrape
 * doctor. It comes only from the server's configuration (DOCTOR_TARGET), never from a visitor.
 */
export interface YourAppSpec {
  id: 'your-app';
  title: string;
  summary: string;
  metricsUrl: string;
  /** Where the lab sends load while it watches; null when DOCTOR_LOAD is unset. */
  loadUrl: string | null;
  loadRatePerSecond: number;
}

export interface YourAppView {
  spec: YourAppSpec;
  /** The doctor's reading of the scrapes kept (fresh connections and one kept-alive connection). */
  diagnosis: Diagnosis;
  /** Scrapes kept for the diagnosis, of each kind, and the window they span in seconds. */
  window: { fresh: number; keptAlive: number; seconds: number };
  /** The lab's load at loadUrl; null without one. */
  load: { sent: number; answered: number; failed: number; skipped: number } | null;
  /** The latest failed scrape's message, so a target that went away says so; null when the latest answered. */
  lastError: string | null;
}

/** How late something ran over a recent window, in milliseconds. */
export interface DelayFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The lab's own event loop: how much it could have held up what it measures. */
export interface LoopDelayView {
  /** perf_hooks' event-loop delay over the latest full window. */
  delay: DelayFigures;
  windowSeconds: number;
  /** A latency timed across a stall longer than this is counted as delayed and left out of the quantiles. */
  thresholdMs: number;
  /** Stalls longer than the threshold since the lab started. */
  stalls: number;
}

/**
 * The load generator's pace, summed over the apps it loads (each gets ratePerSecond): whether it sends on
 * schedule, and when not, how far behind it is. Scheduled load only; a burst goes on top.
 */
export interface LoadView {
  /** Requests per second each app is asked for; 0 while the load is paused. */
  ratePerSecond: number;
  apps: number;
  /** Over the last second: due by the schedule, sent, and skipped at the concurrency cap. */
  requestedPerSecond: number;
  sentPerSecond: number;
  skippedPerSecond: number;
  /** Requests due and not sent yet, and how late the oldest of them is. */
  behind: number;
  behindSeconds: number;
  /** Since the reset: requested = sent + skipped + missed + behind. */
  requested: number;
  sent: number;
  skipped: number;
  /** Given up on: still not sent a second after falling due (a stall), so it never ends in a burst. */
  missed: number;
  /** How late its ticks fired over the latest ones; null while it is not running. */
  tickLag: DelayFigures | null;
}

/** The snapshot stream's readers (the pages, through the web app's proxy). */
export interface StreamView {
  readers: number;
  /** Readers dropped since the lab started for falling more than maxBacklogBytes behind. */
  dropped: number;
  maxBacklogBytes: number;
}

export interface LabSnapshot {
  /** Unix time in milliseconds. */
  now: number;
  /** Increments on every reset, so a client can drop points from before it. */
  epoch: number;
  settings: LabSettings;
  routes: RouteView[];
  components: ComponentStatus[];
  prometheus: PrometheusStatus;
  pythonDemos: PythonDemosStatus;
  /** The StatsD bridge's own figures; null when no route of this lab pushes to it. */
  bridge: BridgeView | null;
  kernelUdp: KernelUdpView;
  /** The doctor's live reading of your own app; null unless DOCTOR_TARGET is set. */
  yourApp: YourAppView | null;
  load: LoadView;
  labLoop: LoopDelayView;
  stream: StreamView;
}
