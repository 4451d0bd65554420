import fs from 'node:fs';
import path from 'node:path';
import type { Registry } from 'prom-client';
import type { Config } from '../config/env';
import type { SettingsPatch } from './control-schema';
import { HttpJsonError, requestJson, requestText } from './http-json';
import { LoadGenerator } from './load-generator';
import { defaultRateWindowSeconds } from './rate-math';
import { RingBuffer } from './ring-buffer';
import { PrometheusClient } from '../prometheus/client';
import { writePrometheusConfig } from '../prometheus/managed-config';
import type { SupervisorLink } from '../supervisor/link';
import { PrometheusWatch } from './prometheus-watch';
import { headline, ratePoints, truthSamples } from './route-view';
import {
  appDefinitions,
  bridgeUrl,
  needsBridge,
  routeDefinitions,
  scrapeUrls,
  targetsFile,
  type AppDefinition,
} from '../routes/definitions';
import { crashEffect, routeCost } from './route-cost';
import { Scraper } from './scraper';
import { createTruthRegistry } from './truth-metrics';
import { TruthLedger } from './truth-ledger';
import type {
  ComponentStatus,
  LabSettings,
  LabSnapshot,
  PrometheusStatus,
  RouteSpec,
  RouteView,
  ScrapePoint,
  TargetState,
  WorkerInfo,
} from './types';

/** Scrapes kept per route: an hour at 1 s, so memory is bounded whatever the uptime. */
const SCRAPES_KEPT = 3600;
/** How much history a snapshot carries. */
const SNAPSHOT_SECONDS = 120;
const PROBE_INTERVAL_MS = 1000;

const HOW_TO_GET_PROMETHEUS =
  'Prometheus is not installed, so the page cannot show what a dashboard would say. Install it ' +
  '(Debian/Ubuntu: apt-get install prometheus; macOS: brew install prometheus) and run npm start again, ' +
  'set PROMETHEUS_BIN to its path, or run the whole setup with docker compose up.';

/** A demo app: its truth (the load generator's ledger) is the truth of every route it serves. */
interface AppState {
  def: AppDefinition;
  ledger: TruthLedger;
  workers: WorkerInfo[] | null;
  /** The latest worker crash the lab asked for, to measure what it did to each route. */
  lastCrash: { at: number; workerId: number } | null;
}

interface RouteState {
  spec: RouteSpec;
  app: AppState;
  scrapes: RingBuffer<ScrapePoint>;
  targets: TargetState[];
}

interface ProbeState {
  name: string;
  ok: boolean | null;
  detail: string;
  lastOk: number | null;
}

export interface LabOptions {
  /** Which of the defined routes to run; default: all. */
  routeIds?: readonly string[];
  /** The control token the apps' admin APIs and the bridge want, when they bind beyond loopback. */
  token?: string | null;
  /**
   * The supervisor that started the lab, when there is one: it restarts the bridge and reloads
   * Prometheus, whose own lifecycle APIs stay off where a browser could reach them.
   */
  supervisor?: SupervisorLink | null;
  /** Where operational lines go (the full upstream errors a client is not shown). */
  log?: (line: string) => void;
}

export class LabError extends Error {
  override name = 'LabError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The lab: drives load at each route, scrapes each route, keeps the truth, and answers control requests.
 * It knows routes only as data.
 */
export class Lab {
  private settings: LabSettings;
  /** Changes on every reset and every start (it is the time of the reset), so a page can tell. */
  private epoch = 0;
  private bridgeRestart: Promise<void> | null = null;
  private readonly token: string | null;
  private readonly supervisor: SupervisorLink | null;
  private readonly log: (line: string) => void;
  private started = false;
  private bursting = false;
  private readonly apps: AppState[];
  private readonly routes: RouteState[];
  /** Per-worker routes' target lists as last written for Prometheus, to write only on change. */
  private readonly writtenTargets = new Map<string, string>();
  private loadGenerator: LoadGenerator;
  private readonly scraper: Scraper;
  private readonly probes = new Map<string, ProbeState>();
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly bridge: string | null;
  private readonly prometheus: PrometheusWatch | null;
  private readonly prometheusStatus: PrometheusStatus;
  private readonly truthRegistry: Registry;

  constructor(
    private readonly config: Config,
    options: LabOptions = {},
  ) {
    const wanted = options.routeIds;
    const specs = routeDefinitions(config).filter((r) => !wanted || wanted.includes(r.id));
    this.token = options.token ?? null;
    this.supervisor = options.supervisor ?? null;
    this.log = options.log ?? ((line) => console.error(line));
    this.bridge = needsBridge(specs) ? bridgeUrl(config) : null;
    this.settings = {
      ratePerSecond: config.LOAD_RATE,
      concurrency: config.LOAD_CONCURRENCY,
      paused: false,
      scrapeIntervalSeconds: config.SCRAPE_INTERVAL_SECONDS,
      workers: config.WORKERS,
      metricsKeepAlive: config.METRICS_KEEP_ALIVE,
      statsdBufferSize: config.STATSD_BUFFER_SIZE,
    };
    this.apps = appDefinitions(config)
      .filter((def) => specs.some((r) => r.appId === def.id))
      .map((def) => ({ def, ledger: new TruthLedger(), workers: null, lastCrash: null }));
    this.routes = specs.map((spec) => ({
      spec,
      app: this.apps.find((a) => a.def.id === spec.appId) as AppState,
      scrapes: new RingBuffer<ScrapePoint>(SCRAPES_KEPT),
      targets: [],
    }));
    // Listed now, in a fixed order, so the status strip does not reorder as probes answer.
    for (const name of [...this.apps.map((a) => `${a.def.id} app`), ...(this.bridge ? ['bridge'] : [])]) {
      this.probes.set(name, { name, ok: null, detail: 'not reached yet', lastOk: null });
    }
    const prometheusUrl = `http://${config.PROMETHEUS_HOST}:${config.PROMETHEUS_PORT}`;
    // Started by hand, the lab cannot know whether Prometheus runs: it asks, as with an external one.
    const mode = config.PROMETHEUS_MODE === 'auto' ? 'external' : config.PROMETHEUS_MODE;
    this.prometheusStatus = {
      mode,
      url: prometheusUrl,
      howToGet: mode === 'off' ? HOW_TO_GET_PROMETHEUS : null,
    };
    this.prometheus =
      mode === 'off'
        ? null
        : new PrometheusWatch(
            new PrometheusClient(prometheusUrl),
            () =>
              this.routes.map((r) => ({
                spec: r.spec,
                truthSamples: () => truthSamples(r.scrapes.toArray()),
                answered: () => r.app.ledger.answeredCount,
              })),
            () => defaultRateWindowSeconds(this.settings.scrapeIntervalSeconds),
          );
    this.probes.set('prometheus', {
      name: 'prometheus',
      ok: null,
      detail: mode === 'off' ? 'not installed' : 'not reached yet',
      lastOk: null,
    });
    this.truthRegistry = createTruthRegistry(() =>
      this.routes.map((r) => ({
        route: r.spec.id,
        answered: () => r.app.ledger.answeredCount,
        sent: () => r.app.ledger.view().sent,
      })),
    );
    this.loadGenerator = this.newLoadGenerator();
    this.scraper = new Scraper(
      this.routes.map((r) => ({
        spec: r.spec,
        urls: () => scrapeUrls(r.spec, r.app.workers),
        truthNow: () => r.app.ledger.answeredCount,
        truthInFlightNow: () => r.app.ledger.inFlightCount,
        record: (p, targets) => {
          r.scrapes.push(p);
          r.targets = targets;
        },
      })),
      { intervalSeconds: this.settings.scrapeIntervalSeconds },
    );
  }

  /**
   * Starts probing, then starts everything from zero (a reset), so the truth and the apps' counters begin
   * together even when the lab restarts while the apps keep running.
   */
  async start(): Promise<void> {
    this.writeInitialPrometheusConfig();
    void this.probe();
    this.probeTimer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS);
    try {
      await this.reset();
    } catch (err) {
      this.log(
        `lab: could not start from zero (${(err as Error).message}); figures may be off until a reset`,
      );
    }
    this.started = true;
  }

  /** True once start() has finished: the lab's health check waits for it. */
  get isStarted(): boolean {
    return this.started;
  }

  stop(): void {
    this.loadGenerator.stop();
    this.scraper.stop();
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  currentSettings(): LabSettings {
    return { ...this.settings };
  }

  /** Applies a validated patch. App-side switches go first: if an app refuses, nothing local changes. */
  async applySettings(patch: SettingsPatch): Promise<LabSettings> {
    if (patch.workers !== undefined) {
      await this.eachAdmin('PUT', '/workers', { count: patch.workers }, 30_000);
      this.settings.workers = patch.workers;
    }
    const appSwitches: Record<string, unknown> = {};
    if (patch.metricsKeepAlive !== undefined) appSwitches.metricsKeepAlive = patch.metricsKeepAlive;
    if (patch.statsdBufferSize !== undefined) appSwitches.statsdBufferSize = patch.statsdBufferSize;
    if (Object.keys(appSwitches).length > 0) {
      await this.eachAdmin('PUT', '/settings', appSwitches, 5000);
      Object.assign(this.settings, appSwitches);
    }
    if (patch.ratePerSecond !== undefined) {
      this.settings.ratePerSecond = patch.ratePerSecond;
      this.loadGenerator.setRate(patch.ratePerSecond);
    }
    if (patch.concurrency !== undefined) {
      this.settings.concurrency = patch.concurrency;
      this.loadGenerator.setConcurrency(patch.concurrency);
    }
    if (patch.scrapeIntervalSeconds !== undefined) {
      await this.reloadPrometheus(patch.scrapeIntervalSeconds);
      this.settings.scrapeIntervalSeconds = patch.scrapeIntervalSeconds;
      this.scraper.setIntervalSeconds(patch.scrapeIntervalSeconds);
    }
    if (patch.paused !== undefined) {
      this.settings.paused = patch.paused;
      if (patch.paused) this.loadGenerator.stop();
      else this.loadGenerator.start();
    }
    return this.currentSettings();
  }

  /** Crashes a worker of the app behind a route (every route of that app sees it). */
  async crashWorker(routeId: string, workerId?: number): Promise<{ crashed: number }> {
    return this.crashIn(this.route(routeId).app, workerId);
  }

  /** Crashes one worker of every app at once: what a crash does to every route, side by side. */
  async crashEverywhere(): Promise<{ crashed: Record<string, number> }> {
    const crashed = await Promise.all(
      this.apps.map(async (app) => [app.def.id, (await this.crashIn(app)).crashed] as const),
    );
    return { crashed: Object.fromEntries(crashed) };
  }

  private async crashIn(app: AppState, workerId?: number): Promise<{ crashed: number }> {
    const at = Date.now();
    try {
      const answer = await this.call(`${app.def.id} app`, () =>
        requestJson<{ crashed: number }>(`${app.def.adminUrl}/workers/crash`, {
          method: 'POST',
          body: { id: workerId },
          token: this.token,
        }),
      );
      app.lastCrash = { at, workerId: answer.crashed };
      return answer;
    } catch (err) {
      // The admin API names the worker that is not there; the field the caller sent is workerId.
      if (err instanceof LabError && err.status === 404) {
        throw new LabError(`workerId: ${err.message.replace(/^id: /, '')}`, 404);
      }
      throw err;
    }
  }

  /**
   * Sends `requests` more to every route as fast as the concurrency cap allows, on top of the steady load,
   * and answers when all are back: the burst under which unbuffered StatsD over UDP loses packets.
   */
  async burst(requests: number): Promise<{ sent: number }> {
    if (this.bursting) throw new LabError('a burst is already running', 409);
    this.bursting = true;
    try {
      await this.loadGenerator.burst(requests);
      return { sent: requests };
    } finally {
      this.bursting = false;
    }
  }

  /**
   * Replaces the bridge with an empty one and answers once the new one is ready. Under the supervisor it
   * restarts the bridge; elsewhere (compose) the bridge exits on `POST /-/quit` and its restart policy
   * brings it back. Kills asked for while one is under way share it, so a flood of them is one restart.
   */
  killBridge(): Promise<void> {
    if (!this.bridge) return Promise.reject(new LabError('no route of this lab uses the bridge', 409));
    if (this.bridgeRestart) return this.bridgeRestart;
    const { supervisor } = this;
    const restart = supervisor
      ? this.call('supervisor', () => supervisor.restart('bridge'))
      : this.quitBridge();
    const shared = restart.finally(() => {
      this.bridgeRestart = null;
    });
    this.bridgeRestart = shared;
    return shared;
  }

  /** Scrapes every route now and returns the points (the experiment's final scrape). */
  async scrapeNow(): Promise<ScrapePoint[]> {
    return this.scraper.scrapeAll();
  }

  /**
   * Starts from zero everywhere: load stops and drains, every app worker and the bridge are replaced (fresh
   * counters), then the ledgers and scrapes are cleared.
   */
  async reset(): Promise<void> {
    this.loadGenerator.stop();
    this.scraper.stop();
    try {
      await withTimeout(this.loadGenerator.idle(), 15_000, 'in-flight requests did not finish within 15 s');
      await this.eachAdmin('POST', '/workers/restart', {}, 30_000);
      if (this.bridge) await this.killBridge();
      for (const app of this.apps) {
        app.ledger = new TruthLedger();
        app.lastCrash = null;
      }
      for (const r of this.routes) {
        r.scrapes.clear();
        r.targets = [];
      }
      this.loadGenerator = this.newLoadGenerator();
      this.prometheus?.clear();
      this.epoch = Math.max(this.epoch + 1, Date.now());
    } finally {
      this.scraper.start();
      if (!this.settings.paused) this.loadGenerator.start();
    }
  }

  /** The lab's state; `sinceMs` asks for every kept scrape since then instead of the last two minutes. */
  snapshot({ sinceMs }: { sinceMs?: number } = {}): LabSnapshot {
    const now = Date.now();
    const rateWindowSeconds = defaultRateWindowSeconds(this.settings.scrapeIntervalSeconds);
    const routes: RouteView[] = this.routes.map((r) => {
      // Rates need a window of history before the first point shown.
      const shownFrom = sinceMs ?? now - SNAPSHOT_SECONDS * 1000;
      const history = r.scrapes.toArray().filter((p) => p.t >= shownFrom - rateWindowSeconds * 1000);
      const scrapes = history.filter((p) => p.t >= shownFrom);
      const rates = ratePoints(history, rateWindowSeconds);
      const { workers, lastCrash } = r.app;
      return {
        spec: r.spec,
        truth: r.app.ledger.view(),
        scrapes,
        rates: rates.filter((p) => p.t >= shownFrom),
        rateWindowSeconds,
        headline: headline(scrapes),
        workers,
        prometheus: this.prometheus?.figures(r.spec.id) ?? null,
        prometheusRates: this.prometheus?.rates(r.spec.id, shownFrom) ?? [],
        targets: r.targets,
        cost: routeCost({
          scrapes,
          workers: workers?.length ?? null,
          pushed: r.spec.topology.kind === 'pushed',
        }),
        lastCrash: lastCrash ? crashEffect({ crash: lastCrash, scrapes: history, rates }) : null,
      };
    });
    return {
      now,
      epoch: this.epoch,
      settings: this.currentSettings(),
      routes,
      components: this.components(now),
      prometheus: this.prometheusStatus,
    };
  }

  /** The truth as Prometheus text, for Prometheus and Grafana to draw beside the scraped series. */
  async truthMetrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.truthRegistry.contentType, body: await this.truthRegistry.metrics() };
  }

  /**
   * A managed Prometheus reads the config the lab renders: written before Prometheus starts (the supervisor
   * and compose start Prometheus once the lab is healthy), then rewritten on every interval change.
   */
  private writeInitialPrometheusConfig(): void {
    const file = this.config.PROMETHEUS_CONFIG_FILE;
    if (this.prometheusStatus.mode !== 'managed' || !file) return;
    writePrometheusConfig(file, this.config, this.settings.scrapeIntervalSeconds);
  }

  /**
   * With a managed Prometheus, the scrape interval is its too: rewrite its config and have it re-read.
   * The supervisor sends it SIGHUP; under compose it watches the file itself. Either way the change is
   * confirmed from Prometheus' own record of its last reload.
   */
  private async reloadPrometheus(scrapeIntervalSeconds: number): Promise<void> {
    const file = this.config.PROMETHEUS_CONFIG_FILE;
    if (this.prometheusStatus.mode !== 'managed' || !this.prometheus || !file) return;
    const client = this.prometheus.client;
    const askedAt = Date.now() / 1000;
    try {
      writePrometheusConfig(file, this.config, scrapeIntervalSeconds);
      if (this.supervisor) await this.supervisor.reload('prometheus');
      const reloaded = await poll(async () => {
        const last = await client.lastConfigReload().catch(() => null);
        if (last && !last.successful) throw new Error('it refused the new config file');
        return last !== null && last.atSeconds >= Math.floor(askedAt);
      }, 10_000);
      if (!reloaded) throw new Error('it did not re-read its config file within 10 s');
    } catch (err) {
      this.log(`lab: Prometheus reload failed: ${(err as Error).message}`);
      throw new LabError(`Prometheus did not take the new scrape interval: ${(err as Error).message}`, 502);
    }
  }

  private components(now: number): ComponentStatus[] {
    const lab: ComponentStatus = {
      name: 'lab',
      state: 'up',
      detail: this.settings.paused ? 'load paused' : `load ${this.settings.ratePerSecond} req/s per route`,
      lastOkAgeSeconds: 0,
    };
    const probed = [...this.probes.values()].map((p) => ({
      name: p.name,
      state: this.componentState(p),
      detail: p.detail,
      lastOkAgeSeconds: p.lastOk === null ? null : (now - p.lastOk) / 1000,
    }));
    return [lab, ...probed];
  }

  private componentState(p: ProbeState): ComponentStatus['state'] {
    if (p.name === 'prometheus' && !this.prometheus) return 'absent';
    return p.ok === null ? 'starting' : p.ok ? 'up' : 'down';
  }

  private async probe(): Promise<void> {
    const checks = this.apps.map(async (app) => {
      const name = `${app.def.id} app`;
      try {
        const answer = await requestJson<{ workers: WorkerInfo[] }>(`${app.def.adminUrl}/workers`, {
          timeoutMs: 2000,
        });
        app.workers = answer.workers;
        this.markProbe(name, true, `${answer.workers.length} workers`);
      } catch (err) {
        app.workers = null;
        this.markProbe(name, false, (err as Error).message);
      }
    });
    const { bridge } = this;
    if (bridge) {
      checks.push(
        (async () => {
          try {
            await requestText(`${bridge}/-/healthy`);
            this.markProbe('bridge', true, 'healthy');
          } catch (err) {
            this.markProbe('bridge', false, (err as Error).message);
          }
        })(),
      );
    }
    await Promise.all(checks);
    this.writeTargetFiles();
    await this.probePrometheus();
  }

  /**
   * Per-worker routes reach a managed Prometheus through file_sd: one file per route beside its config,
   * rewritten when the app's workers (and so their ports) change, as service discovery would.
   */
  private writeTargetFiles(): void {
    const file = this.config.PROMETHEUS_CONFIG_FILE;
    if (this.prometheusStatus.mode !== 'managed' || !file) return;
    for (const r of this.routes) {
      if (r.spec.topology.kind !== 'per-worker' || r.app.workers === null) continue;
      const targets = scrapeUrls(r.spec, r.app.workers).map((u) => new URL(u).host);
      const text = `${JSON.stringify([{ targets, labels: {} }], null, 2)}\n`;
      if (this.writtenTargets.get(r.spec.id) === text) continue;
      const target = targetsFile(r.spec, path.dirname(file));
      // Written whole, then renamed: Prometheus must never read half a file.
      fs.writeFileSync(`${target}.partial`, text);
      fs.renameSync(`${target}.partial`, target);
      this.writtenTargets.set(r.spec.id, text);
    }
  }

  private async probePrometheus(): Promise<void> {
    if (!this.prometheus) {
      this.probes.set('prometheus', { name: 'prometheus', ok: null, detail: 'not installed', lastOk: null });
      return;
    }
    if (await this.prometheus.client.isReady()) this.markProbe('prometheus', true, 'ready');
    else this.markProbe('prometheus', false, `not ready at ${this.prometheusStatus.url}`);
    // Asked even when it is down, so the page shows why there is no number (and the rate line has a gap).
    await this.prometheus.poll();
  }

  private markProbe(name: string, ok: boolean, detail: string): void {
    const previous = this.probes.get(name);
    this.probes.set(name, { name, ok, detail, lastOk: ok ? Date.now() : (previous?.lastOk ?? null) });
  }

  private async quitBridge(): Promise<void> {
    await this.call('bridge', () =>
      requestText(`${this.bridge}/-/quit`, { method: 'POST', token: this.token }),
    );
    const down = await poll(async () => !(await isUp(`${this.bridge}/-/healthy`)), 5000);
    if (!down) throw new LabError('the bridge did not stop after POST /-/quit', 502);
    const up = await poll(() => isUp(`${this.bridge}/-/ready`), 20_000);
    if (!up)
      throw new LabError('the bridge did not come back within 20 s after /-/quit: is it supervised?', 502);
  }

  private route(id: string): RouteState {
    const route = this.routes.find((r) => r.spec.id === id);
    if (!route) {
      const known = this.routes.map((r) => r.spec.id).join(', ');
      throw new LabError(`route: unknown route "${id}" (known: ${known})`, 400);
    }
    return route;
  }

  private async eachAdmin(
    method: 'PUT' | 'POST',
    path: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<void> {
    await Promise.all(
      this.apps.map((app) =>
        this.call(`${app.def.id} app`, () =>
          requestJson(`${app.def.adminUrl}${path}`, { method, body, timeoutMs, token: this.token }),
        ),
      ),
    );
  }

  /**
   * Maps a failed call to another part of the stack to an answer for the client: the part's own 4xx
   * message when the request was at fault, else a 502 naming the part. Internal URLs stay in the log.
   */
  private async call<T>(part: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.log(`lab: ${part}: ${(err as Error).message}`);
      if (err instanceof HttpJsonError) {
        const status = err.status;
        if (status !== null && status >= 400 && status < 500) throw new LabError(err.detail, status);
        throw new LabError(`${part} failed: ${status === null ? err.detail : `HTTP ${status}`}`, 502);
      }
      throw new LabError(`${part} failed: ${(err as Error).message}`, 502);
    }
  }

  private newLoadGenerator(): LoadGenerator {
    return new LoadGenerator(
      this.apps.map((app) => ({ id: app.def.id, url: app.def.loadUrl, ledger: app.ledger })),
      { ratePerSecond: this.settings.ratePerSecond, concurrency: this.settings.concurrency },
    );
  }
}

async function isUp(url: string): Promise<boolean> {
  try {
    await requestText(url);
    return true;
  } catch {
    return false;
  }
}

async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LabError(message, 504)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
