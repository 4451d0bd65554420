import cluster from 'node:cluster';
import type { Config } from '../../server/config/env';
import { controlToken } from '../../server/http/control-token';
import { serverPolicy } from '../../server/http/policy';
import { exitWhenSupervisorLost } from '../../server/supervisor/link';
import { createAdminServer } from './admin-server';
import { createAggregateServer } from './aggregate-server';
import { DEFAULT_BACKOFF } from './restart-backoff';
import { hasRegistry, type Variant } from './variant';
import { WorkerPool } from './worker-pool';

export interface PrimaryOptions {
  variant: Variant;
  config: Config;
}

const log = (line: string): void => console.log(`primary: ${line}`);

/** Forks the workers, keeps them running, and serves the admin API until SIGTERM or SIGINT. */
export function runPrimary({ variant, config }: PrimaryOptions): void {
  // "os": every worker accepts on the shared socket and the kernel picks one, as with gunicorn's workers, so
  // workers get uneven shares. "rr": the primary deals connections out in turn, so shares stay even.
  cluster.schedulingPolicy = config.CLUSTER_SCHEDULING === 'os' ? cluster.SCHED_NONE : cluster.SCHED_RR;

  const pool = new WorkerPool({
    target: config.WORKERS,
    settings: { metricsKeepAlive: config.METRICS_KEEP_ALIVE, statsdBufferSize: config.STATSD_BUFFER_SIZE },
    log,
    onFatal: (reason) => void stop(reason, 1),
    appAddress: `${config.BIND_HOST}:${config.DIRECT_PORT} (DIRECT_PORT)`,
    waitTimeoutMs: 15_000,
    stopTimeoutMs: 5_000,
    backoff: DEFAULT_BACKOFF,
    workerPortBase: hasRegistry(variant) ? config.DIRECT_WORKER_PORT_BASE : null,
    appPort: config.DIRECT_PORT,
  });

  const { token, generated } = controlToken(config);
  if (generated) log(`admin API control token (send as "Authorization: Bearer …"): ${token}`);
  const admin = createAdminServer(pool, {
    log,
    policy: serverPolicy(config, { ownHost: config.DIRECT_HOST, token }),
  });
  admin.on('error', (error) => {
    const address = `${config.BIND_HOST}:${config.DIRECT_ADMIN_PORT} (DIRECT_ADMIN_PORT)`;
    void stop(`admin API cannot listen on ${address}: ${error.message}`, 1);
  });
  admin.listen(config.DIRECT_ADMIN_PORT, config.BIND_HOST, () => {
    log(
      `${variant} demo: app on ${config.BIND_HOST}:${config.DIRECT_PORT}, admin API on port ${config.DIRECT_ADMIN_PORT}`,
    );
  });

  // With prom-client in the workers, the primary also answers with every registry merged (the shared-mode route).
  const aggregate = hasRegistry(variant) ? createAggregateServer(log) : null;
  aggregate?.on('error', (error) => {
    void stop(
      `cannot serve the merged /metrics on ${config.BIND_HOST}:${config.DIRECT_AGGREGATE_PORT} (DIRECT_AGGREGATE_PORT): ${error.message}`,
      1,
    );
  });
  aggregate?.listen(config.DIRECT_AGGREGATE_PORT, config.BIND_HOST);

  pool.start().then(
    () => log(`workers listening: ${pool.target}`),
    (error: unknown) => log(`workers are not all up yet: ${String(error)}`),
  );

  let stopping: Promise<void> | null = null;
  function stop(reason: string, exitCode: number): Promise<void> {
    stopping ??= (async () => {
      (exitCode === 0 ? console.log : console.error)(`primary: ${reason}; stopping workers`);
      admin.close();
      aggregate?.close();
      aggregate?.closeAllConnections();
      try {
        await pool.shutdown();
      } catch (error) {
        console.error(`primary: ${String(error)}`);
        process.exit(1);
      }
      process.exit(exitCode);
    })();
    return stopping;
  }
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  process.on('SIGINT', () => void stop('SIGINT', 0));
  exitWhenSupervisorLost(config, () => stop('the supervisor is gone', 1));
}
