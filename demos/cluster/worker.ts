import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { Config } from '../../server/config/env';
import { createRequestHandler } from '../handler';
import { createDirectInstrumentation } from '../instrument-direct';
import { createStatsdInstrumentation } from '../instrument-statsd';
import type { DemoSettings, Instrumentation } from '../instrumentation';
import { DEFAULT_ERROR_RATE, DEFAULT_LATENCY } from '../simulated-work';
import { EXIT_CANNOT_LISTEN, toWorkerSchema, type ToPrimary } from './messages';
import { portsFor, type Variant } from './variant';

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
  const instrumentation: Instrumentation =
    variant === 'direct'
      ? createDirectInstrumentation(settings)
      : createStatsdInstrumentation({
          host: config.BRIDGE_HOST,
          port: config.BRIDGE_UDP_PORT,
          settings,
          log,
        });

  const server = createServer(
    createRequestHandler({
      workerId,
      instrumentation,
      random: Math.random,
      latency: DEFAULT_LATENCY,
      errorRate: DEFAULT_ERROR_RATE,
    }),
  );

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS).unref();
      });
      await instrumentation.close();
      process.exit(0);
    })());

  process.on('message', (raw: unknown) => {
    const message = toWorkerSchema.safeParse(raw);
    if (!message.success) return log(`ignored an unexpected message: ${JSON.stringify(raw)}`);
    switch (message.data.type) {
      case 'settings': {
        instrumentation.applySettings(message.data.settings);
        const applied: ToPrimary = { type: 'settings-applied', seq: message.data.seq };
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

  const ports = portsFor(variant, config);
  const cannotListen = (error: Error): void => {
    console.error(
      `worker ${workerId}: cannot listen on ${config.BIND_HOST}:${ports.appPort}: ${error.message}`,
    );
    process.exit(EXIT_CANNOT_LISTEN);
  };
  server.once('error', cannotListen);
  server.listen(ports.appPort, config.BIND_HOST, () => {
    server.off('error', cannotListen);
    server.on('error', (error) => log(`server error: ${error.message}`));
  });
}
