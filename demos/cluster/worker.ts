import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from '../../server/config/env';
import { createRequestHandler } from '../handler';
import { createBothInstrumentations } from '../instrument-both';
import { createDirectInstrumentation } from '../instrument-direct';
import { createNoInstrumentation } from '../instrument-none';
import { createStatsdInstrumentation } from '../instrument-statsd';
import type { DemoSettings, Instrumentation } from '../instrumentation';
import { DEFAULT_ERROR_RATE, DEFAULT_LATENCY, scaleLatency } from '../simulated-work';
import { EXIT_CANNOT_LISTEN, isPromClientMessage, parseToWorker, type ToPrimary } from './messages';
import { hasRegistry, sendsStatsd, type Variant } from './variant';

export interface WorkerOptions {
  variant: Variant;
  config: Config;
}

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const DRAIN_TIMEOUT_MS = 3_000;

/** One worker: the shared handler with this variant's instrumentation, on the port all workers share. */
export function runWorker({ variant, config }: WorkerOptions): void {
  const workerId = cluster.worker?.id;
  if (workerId === undefined) throw new Error('runWorker must run in a cluster worker');
  const log = (line: string): void => console.log(`worker ${workerId}: ${line}`);

  // The primary passes its current switches to each fork through the environment.
  const settings: DemoSettings = {
    metricsKeepAlive: config.METRICS_KEEP_ALIVE,
    statsdBufferSize: config.STATSD_BUFFER_SIZE,
  };
  const direct = hasRegistry(variant) ? createDirectInstrumentation(settings) : null;
  const statsd = sendsStatsd(variant)
    ? createStatsdInstrumentation({ host: config.BRIDGE_HOST, port: config.BRIDGE_UDP_PORT, settings, log })
    : null;
  const instrumentation: Instrumentation =
    direct && statsd
      ? createBothInstrumentations(direct, statsd)
      : (direct ?? statsd ?? createNoInstrumentation());
  // shared-mode: the primary's AggregatorRegistry asks each worker for this registry over IPC. A worker
  // must construct one too, or the primary's requests go unanswered and its scrapes time out.
  if (direct) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([direct.registry]);
  }

  const server = createServer(
    createRequestHandler({
      workerId,
      instrumentation,
      random: Math.random,
      latency: scaleLatency(DEFAULT_LATENCY, config.DEMO_LATENCY_SCALE),
      errorRate: DEFAULT_ERROR_RATE,
    }),
  );

  // port-per-worker: this worker's own registry on a port of its own, as django-prometheus'
  // PROMETHEUS_METRICS_EXPORT_PORT_RANGE gives each worker.
  const metricsServer =
    direct && config.WORKER_SLOT !== undefined
      ? createServer((req, res) => {
          res.setHeader('x-worker-id', String(workerId));
          if ((req.url ?? '/').split('?')[0] === '/metrics') return direct.serveMetrics(req, res);
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('this port serves /metrics only\n');
        })
      : null;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS).unref();
      });
      await instrumentation.close();
      process.exit(0);
    })());

  process.on('message', (raw: unknown) => {
    if (isPromClientMessage(raw)) return;
    const message = parseToWorker(raw);
    if (!message) return log(`ignored an unexpected message: ${JSON.stringify(raw)}`);
    switch (message.type) {
      case 'settings': {
        instrumentation.applySettings(message.settings);
        const applied: ToPrimary = { type: 'settings-applied', seq: message.seq };
        process.send?.(applied);
        return;
      }
      case 'shutdown':
        return void stop();
      case 'crash':
        log('crashing on request');
        return process.exit(1);
    }
  });
  // Both get SIGINT from a terminal's Ctrl-C; if the primary dies outright, Node's cluster exits this worker.
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  // The metrics port first: the primary counts a worker as serving once it has the app port.
  if (metricsServer && config.WORKER_SLOT !== undefined) {
    listenOrExit(
      metricsServer,
      config.DIRECT_WORKER_PORT_BASE + config.WORKER_SLOT,
      'DIRECT_WORKER_PORT_BASE',
      () => listenOrExit(server, config.DIRECT_PORT, 'DIRECT_PORT'),
    );
  } else {
    listenOrExit(server, config.DIRECT_PORT, 'DIRECT_PORT');
  }

  function listenOrExit(target: Server, port: number, variable: string, then?: () => void): void {
    const cannotListen = (error: Error): void => {
      console.error(
        `worker ${workerId}: cannot listen on ${config.BIND_HOST}:${port} (${variable}): ${error.message}`,
      );
      process.exit(EXIT_CANNOT_LISTEN);
    };
    target.once('error', cannotListen);
    target.listen(port, config.BIND_HOST, () => {
      target.off('error', cannotListen);
      target.on('error', (error) => log(`server error: ${error.message}`));
      then?.();
    });
  }
}
