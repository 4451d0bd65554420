/**
 * The lab's data contract: route descriptions, and the snapshots the lab streams to the browser.
 * Types only — client components import this file, so it must stay free of runtime code.
 */

/** How to tell which process answered a `/metrics` scrape. */
export type AnswererSource =
  /** A response header set by each worker, e.g. `x-worker-id`. */
  | { kind: 'header'; header: string }
  /** A metric whose value differs per process, e.g. `process_start_time_seconds`. */
  | { kind: 'metric'; metric: string };

/** A route is data: what to load, what to scrape, and how to identify the answering process. */
export interface RouteSpec {
  id: string;
  /** Panel title. `{workers}` is replaced by the current worker count. */
  title: string;
  /** One line on what this route demonstrates. */
  summary: string;
  loadUrl: string;
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
  latencyP50Seconds: number | null;
  latencyP90Seconds: number | null;
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
  error: string | null;
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
  /** truth − scraped at the latest successful scrape; null before one. */
  lost: number | null;
  /** Distinct processes seen answering the scrapes kept in the window. */
  distinctAnswerers: number;
  /** Scrapes whose counter went down: each looks like a counter reset to Prometheus. */
  resets: number;
}

export interface WorkerInfo {
  id: number;
  pid: number;
  uptimeSeconds: number;
}

/** `absent`: not part of this setup (e.g. no Prometheus installed), which is not a failure. */
export type ComponentState = 'up' | 'down' | 'starting' | 'absent';

export interface ComponentStatus {
  name: string;
  state: ComponentState;
  detail: string;
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
}
