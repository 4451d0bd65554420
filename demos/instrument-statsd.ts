import { StatsD } from 'hot-shots';
import type { DemoSettings, Instrumentation } from './instrumentation';
import { createThrottledReport, type ThrottledReport } from './throttled-report';
import { createUdpDatagramStream } from './udp-datagram-stream';

export interface StatsdInstrumentationOptions {
  /** Where the bridge (statsd_exporter) listens for UDP. */
  host: string;
  port: number;
  settings: DemoSettings;
  log: (line: string) => void;
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

  // This worker's own count, for the gauge sent the wrong way below.
  let inFlightHere = 0;

  return {
    onStart({ method, route }) {
      inFlightHere += 1;
      send((statsd) => {
        statsd.gaugeDelta('demo.http.requests_in_flight', 1);
        // The wrong way, for comparison: each worker sets the gauge to its own count, and the bridge keeps
        // whichever worker wrote last.
        statsd.gauge('demo.http.requests_in_flight_last_writer', inFlightHere);
      });
      return (status, seconds) => {
        inFlightHere -= 1;
        send((statsd) => {
          statsd.increment(`demo.http.requests.${status}`, 1, { method, route });
          statsd.timing('demo.http.request_duration', seconds * 1000, {
            method,
            route,
            status: String(status),
          });
          statsd.gaugeDelta('demo.http.requests_in_flight', -1);
          statsd.gauge('demo.http.requests_in_flight_last_writer', inFlightHere);
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
