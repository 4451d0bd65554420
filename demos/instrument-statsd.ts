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

/** What one request's end sends, built once per label set and status instead of on every request. */
interface SeriesNames {
  counter: string;
  counterTags: string[];
  timerTags: string[];
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
  const connect = (maxBufferSize: number): StatsD =>
    new StatsD({
      maxBufferSize,
      errorHandler: (error) => errors.record(error.message),
      // Still one UDP datagram per send, from a socket bound to loopback when the bridge is there.
      protocol: 'stream',
      stream: createUdpDatagramStream({ host: options.host, port: options.port }),
    });

  let bufferSize = options.settings.statsdBufferSize;
  let client = connect(bufferSize);

  // Metrics must never take a request down with them: failures are counted and reported instead.
  const send = (emit: (statsd: StatsD) => void): void => {
    try {
      emit(client);
    } catch (error) {
      errors.record(String(error));
    }
  };

  // Names and tags (hot-shots' array form) made once per series: an object of tags is turned into that array
  // on every call, and hot-shots still checks each tag of an array. One entry per series the bridge keeps
  // anyway (the handler's routes times their statuses), keyed by each in turn: a key joined from them would
  // cost more than the lookup. Not hot-shots' child clients with the tags as their globalTags, which would skip
  // the check too: each child keeps its own count of the buffer they share, and every other datagram went out
  // with one line.
  const series = new Map<string, Map<string, Map<number, SeriesNames>>>();
  const namesOf = ({ method, route }: RequestLabels, status: number): SeriesNames => {
    let methods = series.get(route);
    if (!methods) series.set(route, (methods = new Map()));
    let statuses = methods.get(method);
    if (!statuses) methods.set(method, (statuses = new Map()));
    let names = statuses.get(status);
    if (!names) {
      const tags = [`method:${method}`, `route:${route}`];
      names = {
        counter: `demo.http.requests.${status}`,
        counterTags: tags,
        timerTags: [...tags, `status:${status}`],
      };
      statuses.set(status, names);
    }
    return names;
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
    send((statsd) => {
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
        const names = namesOf(labels, status);
        send((statsd) => {
          // demo.http.requests.<status> tagged with method and route, and the duration tagged with the status
          // too: every request counted and timed, each in a line of its own, as it happens.
          statsd.increment(names.counter, 1, names.counterTags);
          // Milliseconds to the microsecond, which moves a reading by at most half a microsecond against
          // buckets of 5 ms and up; the up to 17 digits of a raw double cost more to print and to send.
          statsd.timing('demo.http.request_duration', Math.round(seconds * 1e6) / 1e3, names.timerTags);
        });
      };
    },

    serveMetrics(_req, res) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This app sends StatsD; scrape the bridge, not the app.\n');
    },

    applySettings(next) {
      if (next.statsdBufferSize === bufferSize) return;
      // hot-shots fixes its buffer size at construction: swap clients, flushing the old one on its way out.
      const previous = client;
      bufferSize = next.statsdBufferSize;
      client = connect(bufferSize);
      void closeClient(previous, errors);
    },

    async close() {
      clearInterval(gaugeTimer);
      // The gauges' last change goes out with the rest of the buffer, so a clean stop leaves them balanced.
      reportGauges();
      await closeClient(client, errors);
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
