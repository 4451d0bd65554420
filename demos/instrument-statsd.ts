import { StatsD } from 'hot-shots';
import type { DemoSettings, Instrumentation, RequestLabels } from './instrumentation';
import { createThrottledReport, type ThrottledReport } from './throttled-report';
import { createUdpDatagramStream } from './udp-datagram-stream';

export interface StatsdInstrumentationOptions {
  /** Where the bridge (statsd_exporter) listens for UDP. */
  host: string;
  port: number;
  settings: DemoSettings;
  log: (line: string) => void;
  /** How often the in-flight gauges are sent; default GAUGE_INTERVAL_MS. */
  gaugeIntervalMs?: number;
}

/**
 * The in-flight gauges go out on this tick, not on every request's start and end, where they were four of
 * a request's six lines. A gauge is a level that a scrape reads every second or more, so a tenth of a second
 * of delay barely moves a reading, and at every tick the deltas still add up to the exact count.
 */
export const GAUGE_INTERVAL_MS = 100;

/** One route and method's clients: its counters' tags are the same for every status, its timers' are not. */
interface MethodSeries {
  /** Tagged method and route. */
  counters: StatsD;
  statuses: Map<number, StatusSeries>;
}

/** What one request's end sends for a status: its counter's name, and the clients with the tags of each line. */
interface StatusSeries {
  counter: string;
  counters: StatsD;
  /** Tagged method, route and status. */
  timers: StatsD;
}

/**
 * StatsD the way the talk's second demo does it: each worker sends every event over UDP to one bridge,
 * which sums them and is the only thing Prometheus scrapes. Workers keep no totals of their own.
 */
export function createStatsdInstrumentation(options: StatsdInstrumentationOptions): Instrumentation {
  const errors = createThrottledReport({
    what: 'statsd errors',
    intervalMs: 10_000,
    now: Date.now,
    report: options.log,
  });

  let bufferSize = options.settings.statsdBufferSize;
  // Every client made with the current buffer size, so that a change of size replaces and flushes them all.
  let clients: StatsD[] = [];
  const connect = (globalTags: string[] = []): StatsD => {
    const maxBufferSize = bufferSize;
    const client = new StatsD({
      maxBufferSize,
      errorHandler: (error) => errors.record(error.message),
      // Checked once here, not on every call: tags given per call are copied, checked and merged each time,
      // about two fifths of what a request's two lines cost that way (bench/instrumentation-overhead-report.md).
      globalTags,
      // Still one UDP datagram per send, from a socket bound to loopback when the bridge is there.
      protocol: 'stream',
      stream: createUdpDatagramStream({ host: options.host, port: options.port }),
    });
    clients.push(client);
    return client;
  };
  // The gauges' client: they carry no tags.
  let untagged = connect();

  // Metrics must never take a request down with them: failures are counted and reported instead.
  const send = (emit: () => void): void => {
    try {
      emit();
    } catch (error) {
      errors.record(String(error));
    }
  };

  // A client of its own per tag set, each with its own buffer: one for a route and method's counters, one per
  // status for its timers. Not hot-shots' child clients, which would share one buffer: each child keeps its
  // own count of that buffer's length, so datagrams went out over the size or with one line. One entry per
  // series the bridge keeps anyway (the handler's routes times their statuses), keyed by each in turn: a key
  // joined from them would cost more than the lookup.
  let series = new Map<string, Map<string, MethodSeries>>();
  const seriesOf = ({ method, route }: RequestLabels, status: number): StatusSeries => {
    let methods = series.get(route);
    if (!methods) series.set(route, (methods = new Map()));
    let byMethod = methods.get(method);
    if (!byMethod) {
      byMethod = { counters: connect([`method:${method}`, `route:${route}`]), statuses: new Map() };
      methods.set(method, byMethod);
    }
    let byStatus = byMethod.statuses.get(status);
    if (!byStatus) {
      byStatus = {
        counter: `demo.http.requests.${status}`,
        counters: byMethod.counters,
        timers: connect([`method:${method}`, `route:${route}`, `status:${status}`]),
      };
      byMethod.statuses.set(status, byStatus);
    }
    return byStatus;
  };

  // This worker's own count, for the gauge sent the wrong way below, and what it has not reported yet.
  let inFlightHere = 0;
  let unreportedDelta = 0;
  let changed = false;

  const reportGauges = (): void => {
    if (!changed) return;
    const delta = unreportedDelta;
    unreportedDelta = 0;
    changed = false;
    send(() => {
      const statsd = untagged;
      // The net change since the last tick: a zero delta would change nothing at the bridge.
      if (delta !== 0) statsd.gaugeDelta('demo.http.requests_in_flight', delta);
      // The wrong way, for comparison: each worker sets the gauge to its own count, and the bridge keeps
      // whichever worker wrote last. Every worker that saw a request since its last tick writes again.
      statsd.gauge('demo.http.requests_in_flight_last_writer', inFlightHere);
    });
  };
  const gaugeTimer = setInterval(reportGauges, options.gaugeIntervalMs ?? GAUGE_INTERVAL_MS);
  gaugeTimer.unref();

  return {
    onStart(labels) {
      inFlightHere += 1;
      unreportedDelta += 1;
      changed = true;
      return (status, seconds) => {
        inFlightHere -= 1;
        unreportedDelta -= 1;
        changed = true;
        // demo.http.requests.<status> tagged with method and route, and the duration tagged with the status
        // too: every request counted and timed, each in a line of its own, as it happens.
        send(() => {
          const { counters: statsd, counter } = seriesOf(labels, status);
          statsd.increment(counter, 1);
        });
        send(() => {
          const { timers: statsd } = seriesOf(labels, status);
          // Milliseconds to the microsecond, which moves a reading by at most half a microsecond against
          // buckets of 5 ms and up; the up to 17 digits of a raw double cost more to print and to send.
          statsd.timing('demo.http.request_duration', Math.round(seconds * 1e6) / 1e3);
        });
      };
    },

    serveMetrics(_req, res) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This app sends StatsD; scrape the bridge, not the app.\n');
    },

    applySettings(next) {
      if (next.statsdBufferSize === bufferSize) return;
      // hot-shots fixes its buffer size at construction: swap clients, flushing the old ones on their way
      // out. The series' clients are made again as their requests end.
      const previous = clients;
      clients = [];
      bufferSize = next.statsdBufferSize;
      untagged = connect();
      series = new Map();
      for (const client of previous) void closeClient(client, errors);
    },

    async close() {
      clearInterval(gaugeTimer);
      // The gauges' last change goes out with the rest of the buffer, so a clean stop leaves them balanced.
      reportGauges();
      await Promise.all(clients.map((client) => closeClient(client, errors)));
      errors.flush();
    },
  };
}

/** Flushes and closes a client; resolves even when that fails, after recording why. */
function closeClient(client: StatsD, errors: ThrottledReport): Promise<void> {
  return new Promise((resolve) => {
    try {
      client.close((error) => {
        if (error) errors.record(error.message);
        resolve();
      });
    } catch (error) {
      errors.record(String(error));
      resolve();
    }
  });
}
