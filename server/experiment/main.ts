import { childEnvironment, ConfigError, loadConfig, type Config } from '../config/env';
import { controlToken } from '../http/control-token';
import { routeDefinitions } from '../routes/definitions';
import { HttpJsonError, requestJson } from '../lab/http-json';
import { RingBuffer } from '../lab/ring-buffer';
import { parseSnapshot } from '../lab/snapshot-schema';
import { defaultRateWindowSeconds } from '../lab/rate-math';
import { truthSamples } from '../lab/route-view';
import type { LabSettings, LabSnapshot, ScrapePoint } from '../lab/types';
import { startStack } from '../supervisor/stack';
import type { Supervisor } from '../supervisor/supervisor';
import { EXPERIMENT_USAGE, FlagError, parseExperimentFlags, type ExperimentFlags } from './flags';
import { PrometheusClient } from '../prometheus/client';
import { askPrometheus, type PrometheusVerdict } from './prometheus-check';
import {
  formatTable,
  runBridge,
  runLoad,
  summarizeRoute,
  type RouteSummary,
  type RunContext,
} from './summary';

/**
 * The headless experiment a speaker runs before a talk: fixed load for a fixed time against every route,
 * then a table (or one JSON line) comparing what was scraped with what really happened.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type RouteResult = RouteSummary & {
  prometheus: PrometheusVerdict;
  /** The URLs the lab scraped for this route at the end: one, or one per worker. */
  targets: string[];
};

class Experiment {
  constructor(
    private readonly lab: string,
    private readonly prometheus: PrometheusClient,
    private readonly log: (line: string) => void,
    /** LAB_TOKEN, for a lab bound beyond loopback. */
    private readonly token: string | null,
  ) {}

  /** A snapshot, checked against the schema the page checks it with. */
  private async snapshot(query = ''): Promise<LabSnapshot> {
    const parsed = parseSnapshot(await requestJson<unknown>(`${this.lab}/api/snapshot${query}`));
    if (!parsed.ok) throw new Error(`the lab's snapshot does not read: ${parsed.error}`);
    return parsed.snapshot;
  }

  private post<T>(path: string, body: unknown = {}): Promise<T> {
    return requestJson<T>(`${this.lab}${path}`, {
      method: 'POST',
      body,
      timeoutMs: 60_000,
      token: this.token,
    });
  }

  async run(flags: ExperimentFlags): Promise<{ routes: Record<string, RouteResult>; context: RunContext }> {
    const before = (await this.snapshot()).settings;
    try {
      await this.post('/api/settings', {
        paused: true,
        workers: flags.workers,
        ratePerSecond: flags.rate,
        scrapeIntervalSeconds: flags.interval,
        metricsKeepAlive: flags.connection === 'keepalive',
      });
      this.log('experiment: resetting every counter (workers and bridge restart)');
      await this.post('/api/actions/reset');
      if (await this.prometheus.isReady()) await this.waitForDiscovery();
      const startedAt = Date.now();
      this.log(
        `experiment: ${flags.rate} req/s per route to ${flags.workers} workers for ${flags.duration} s`,
      );
      await this.post('/api/settings', { paused: false });
      await sleep(flags.duration * 1000);
      // Read while the load still runs: its totals since the reset are the run's.
      const atStop = await this.snapshot();
      const stoppedAt = Date.now();
      await this.post('/api/settings', { paused: true });
      await this.waitIdle();
      this.log('experiment: load stopped; waiting for the bridge to flush');
      const final = await this.settledScrape();
      // One more scrape interval, so Prometheus too has scraped the settled counters.
      await sleep(flags.interval * 1000 + 500);
      const settledAt = Date.now();
      // The window the page uses, ending as the load stops: what a dashboard showed at that moment, inside
      // steady traffic (never longer than the run, less the first two scrape intervals).
      const runSeconds = Math.floor((stoppedAt - startedAt) / 1000 - 2 * flags.interval);
      const windowSeconds = Math.max(1, Math.min(defaultRateWindowSeconds(flags.interval), runSeconds));
      const snapshot = await this.snapshot(`?since=${startedAt}`);
      const prometheusUp = await this.prometheus.isReady();
      const results = await Promise.all(
        snapshot.routes.map(async (r, i): Promise<[string, RouteResult] | null> => {
          if (flags.routes && !flags.routes.includes(r.spec.id)) return null;
          const last = final[i];
          // Periodic scrapes may land after the final one: the summary ends at the final scrape.
          const points = last ? [...r.scrapes.filter((p) => p.t < last.t), last] : r.scrapes;
          const prometheus = prometheusUp
            ? await askPrometheus(this.prometheus, {
                spec: r.spec,
                truth: [
                  { t: startedAt, v: 0 },
                  ...truthSamples(points),
                  { t: settledAt, v: r.truth.answered },
                ],
                rateEndMs: stoppedAt,
                windowSeconds,
                totalAtMs: settledAt,
              })
            : { error: `Prometheus is not running at ${this.prometheus.baseUrl}` };
          const targets = r.targets.map((t) => t.url);
          return [r.spec.id, { ...summarizeRoute(points, r.truth.answered), prometheus, targets }];
        }),
      );
      return {
        routes: Object.fromEntries(results.filter((r) => r !== null)),
        context: {
          load: runLoad(atStop.load, (atStop.now - startedAt) / 1000),
          lab: { loop: atStop.labLoop, tickLag: atStop.load.tickLag },
          bridge: runBridge(snapshot.bridge),
          kernelUdp: snapshot.kernelUdp,
        },
      };
    } finally {
      await this.restore(before);
    }
  }

  /**
   * A reset replaces every worker, and per-worker routes get new ports: wait until Prometheus scrapes
   * exactly the lab's targets, or its figures would leave out what the workers counted before discovery.
   */
  private async waitForDiscovery(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const snapshot = await this.snapshot();
      const perWorker = snapshot.routes.filter((r) => r.spec.topology.kind === 'per-worker');
      const found = await Promise.all(
        perWorker.map(async (r) => {
          const want = r.targets.map((t) => new URL(t.url).host).sort();
          const up = await this.prometheus
            .queryRange(`up{job="${r.spec.prometheusJob}"} == 1`, Date.now() - 1000, Date.now(), 1)
            .catch(() => []);
          const have = up.map((series) => series.metric.instance ?? '').sort();
          return want.length > 0 && JSON.stringify(have) === JSON.stringify(want);
        }),
      );
      if (found.every(Boolean)) return;
      await sleep(500);
    }
    this.log(
      'experiment: Prometheus did not find every per-worker target within 30 s; its figures may be low',
    );
  }

  private async waitIdle(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const snapshot = await this.snapshot();
      if (snapshot.routes.every((r) => r.truth.inFlight === 0)) return;
      await sleep(100);
    }
    throw new Error('requests were still in flight 30 s after the load stopped');
  }

  /**
   * hot-shots flushes its buffer once a second: scrape until two scrapes a flush interval apart agree, so the
   * final figures include every packet that was sent. A route whose scrapes hop between workers counts
   * synchronously in each worker, so only a route answered twice by the same process is compared.
   */
  private async settledScrape(): Promise<ScrapePoint[]> {
    let previous = (await this.post<{ points: ScrapePoint[] }>('/api/actions/scrape')).points;
    for (let i = 0; i < 15; i += 1) {
      await sleep(1200);
      const points = (await this.post<{ points: ScrapePoint[] }>('/api/actions/scrape')).points;
      const settled = points.every((p, j) => {
        const before = previous[j];
        return p.ok && (p.answeredBy !== before?.answeredBy || p.counter === before.counter);
      });
      previous = points;
      if (settled) break;
    }
    return previous;
  }

  private async restore(settings: LabSettings): Promise<void> {
    try {
      await this.post('/api/settings', {
        paused: settings.paused,
        ratePerSecond: settings.ratePerSecond,
        workers: settings.workers,
        scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
        metricsKeepAlive: settings.metricsKeepAlive,
      });
    } catch (err) {
      this.log(`experiment: could not restore the lab's settings: ${(err as Error).message}`);
    }
  }
}

async function labIsUp(lab: string): Promise<boolean> {
  try {
    await requestJson(`${lab}/-/healthy`, { timeoutMs: 1000 });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  let flags: ExperimentFlags;
  let config: Config;
  try {
    flags = parseExperimentFlags(process.argv.slice(2));
    config = loadConfig();
    // The Django routes count as known unless switched off: whether they run is the stack's call.
    const known = routeDefinitions({
      ...config,
      PYTHON_DEMOS: config.PYTHON_DEMOS === 'off' ? 'off' : 'on',
    }).map((r) => r.id);
    const unknown = flags.routes?.filter((id) => !known.includes(id)) ?? [];
    if (unknown.length > 0) {
      throw new FlagError(`--routes: unknown route ${unknown.join(', ')} (known: ${known.join(', ')})`);
    }
  } catch (err) {
    if (err instanceof FlagError || err instanceof ConfigError) {
      console.error(`experiment: ${err.message}\n${EXPERIMENT_USAGE}`);
      return 2;
    }
    throw err;
  }
  // With --json, stdout carries only the result; progress goes to stderr.
  const log = (line: string) => (flags.json ? console.error(line) : console.log(line));
  const lab = `http://${config.LAB_HOST}:${config.LAB_PORT}`;

  // A lab bound beyond loopback wants LAB_TOKEN; a stack started here shares the one made up now.
  const { token } = controlToken(config);
  let stack: Supervisor | null = null;
  // The stack's own log lines are kept back and shown only when something fails.
  const stackLog = new RingBuffer<string>(400);
  if (await labIsUp(lab)) {
    log(`experiment: using the running lab at ${lab}`);
  } else {
    log('experiment: no lab running; starting the stack (without the web page)');
    try {
      stack = await startStack({
        env: { ...childEnvironment(), ...(token ? { LAB_TOKEN: token } : {}) },
        config: token ? { ...config, LAB_TOKEN: token } : config,
        dev: false,
        web: false,
        log: (line) => stackLog.push(line),
      });
    } catch (err) {
      console.error(stackLog.toArray().join('\n'));
      console.error(`experiment: the stack did not start: ${(err as Error).message}`);
      return 1;
    }
  }

  try {
    const running = (await requestJson<LabSnapshot>(`${lab}/api/snapshot`)).routes.map((r) => r.spec.id);
    const missing = flags.routes?.filter((id) => !running.includes(id)) ?? [];
    if (missing.length > 0) {
      throw new Error(
        `--routes: ${missing.join(', ')} not running in this lab (running: ${running.join(', ')}); the Django ` +
          'routes need Python 3.10+ (the stack log says why they were left out)',
      );
    }
    const prometheus = new PrometheusClient(`http://${config.PROMETHEUS_HOST}:${config.PROMETHEUS_PORT}`);
    const { routes, context } = await new Experiment(lab, prometheus, log, token).run(flags);
    if (flags.json) {
      const { workers, rate, duration, connection } = flags;
      const { load, lab, bridge, kernelUdp } = context;
      console.log(
        JSON.stringify({ workers, rate, duration, connection, load, lab, bridge, kernelUdp, routes }),
      );
    } else {
      console.log(formatTable(routes, context));
    }
    return 0;
  } catch (err) {
    const message = err instanceof HttpJsonError ? err.message : (err as Error).message;
    if (stack) console.error(stackLog.toArray().join('\n'));
    console.error(`experiment: failed: ${message}`);
    return 1;
  } finally {
    await stack?.stop();
  }
}

void main().then((code) => process.exit(code));
