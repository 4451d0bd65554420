import { Counter, Gauge, Registry } from 'prom-client';
import type { DelayFigures, LoadView, LoopDelayView, StreamView } from './types';

/** The lab's own health, read at scrape time. */
export interface LabHealthSource {
  loop: () => LoopDelayView;
  load: () => LoadView;
  /** Per route: answers whose latency was timed across a stall of the lab's own loop. */
  latencyDelayed: () => Array<{ route: string; count: number }>;
  stream: () => StreamView;
}

/** The figures as Prometheus quantiles, in seconds: the max is quantile 1. */
function setQuantiles(gauge: Gauge, figures: DelayFigures): void {
  gauge.set({ quantile: '0.5' }, figures.p50Ms / 1000);
  gauge.set({ quantile: '0.99' }, figures.p99Ms / 1000);
  gauge.set({ quantile: '1' }, figures.maxMs / 1000);
}

/** A counter whose value is read from the lab at scrape time. */
function readCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/**
 * The lab's own health as Prometheus metrics, beside its truth: a lab that stalled or fell behind its load
 * shows next to the figures it could have spoiled. A lab reset is a genuine counter reset.
 */
export function createLabHealthRegistry(health: LabHealthSource): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'scrape_lab_event_loop_delay_seconds',
    help:
      "The lab's own event-loop delay over its latest window (perf_hooks.monitorEventLoopDelay), by " +
      'quantile; quantile 1 is the max.',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      setQuantiles(this, health.loop().delay);
    },
  });
  readCounter(
    registry,
    'scrape_lab_event_loop_stalls_total',
    "Stalls of the lab's own event loop longer than its delay threshold, since the lab started.",
    () => health.loop().stalls,
  );
  new Counter({
    name: 'scrape_lab_latency_delayed_total',
    help:
      "Answers per route whose latency was timed across a stall of the lab's own event loop: counted, and " +
      'left out of the true latency quantiles.',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { route, count } of health.latencyDelayed()) this.inc({ route }, count);
    },
  });
  new Gauge({
    name: 'scrape_lab_load_tick_lag_seconds',
    help:
      "How late the load generator's ticks fired over its latest ones, by quantile (1 is the max); absent " +
      'while the load is paused.',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      this.reset();
      const lag = health.load().tickLag;
      if (lag) setQuantiles(this, lag);
    },
  });
  readCounter(
    registry,
    'scrape_lab_load_requested_total',
    "Requests the load generator's schedule made due, summed over the apps, since the reset.",
    () => health.load().requested,
  );
  readCounter(
    registry,
    'scrape_lab_load_missed_total',
    'Requests the load generator gave up on, summed over the apps, since the reset: due and still not sent ' +
      'a second later.',
    () => health.load().missed,
  );
  new Gauge({
    name: 'scrape_lab_load_behind_requests',
    help: "Requests due by the load generator's schedule and not sent yet, summed over the apps.",
    registers: [registry],
    collect() {
      this.set(health.load().behind);
    },
  });
  new Gauge({
    name: 'scrape_lab_stream_readers',
    help: "Readers of the lab's snapshot stream (pages, through the web app's proxy).",
    registers: [registry],
    collect() {
      this.set(health.stream().readers);
    },
  });
  readCounter(
    registry,
    'scrape_lab_stream_readers_dropped_total',
    'Snapshot stream readers the lab dropped for falling too far behind, since it started.',
    () => health.stream().dropped,
  );
  return registry;
}
