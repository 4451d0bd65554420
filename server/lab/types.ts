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

export type ComponentState = 'up' | 'down' | 'starting';

export interface ComponentStatus {
  name: string;
  state: ComponentState;
  detail: string;
  /** Age of the last successful contact in seconds; null when never reached. */
  lastOkAgeSeconds: number | null;
}

export interface RouteView {
  spec: RouteSpec;
  truth: TruthView;
  scrapes: ScrapePoint[];
  rates: RatePoint[];
  rateWindowSeconds: number;
  headline: Headline;
  workers: WorkerInfo[] | null;
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

export interface LabSnapshot {
  /** Unix time in milliseconds. */
  now: number;
  /** Increments on every reset, so a client can drop points from before it. */
  epoch: number;
  settings: LabSettings;
  routes: RouteView[];
  components: ComponentStatus[];
}
