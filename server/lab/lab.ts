import { Registry } from 'prom-client';
import type { Config } from '../config/env';
import type { SettingsPatch } from './control-schema';
import { BridgeComponent } from './bridge-component';
import { requestJson } from './http-json';
import { KernelUdpWatch, readKernelUdp } from './kernel-udp';
import { labStatus } from './lab-status';
import { LoopDelay } from './loop-delay';
import { callPart, LabError } from './lab-error';
import { ManagedPrometheus } from './managed-prometheus';
import { LoadWorker } from './load-worker';
import { defaultRateWindowSeconds, dialectOf } from './rate-math';
import { RingBuffer } from './ring-buffer';
import { PrometheusClient } from '../prometheus/client';
import type { SupervisorLink } from '../supervisor/link';
import { PrometheusWatch } from './prometheus-watch';
import { headline, PUSH_FLUSH_SECONDS, ratePoints, truthSamples } from './route-view';
import {
  appDefinitions,
  bridgeUrl,
  needsBridge,
  routeDefinitions,
  scrapeUrls,
  yourAppDefinition,
  type AppDefinition,
} from '../routes/definitions';
import { DoctorWatch } from './doctor-watch';
import { crashEffect, routeCost } from './route-cost';
import { Scraper } from './scraper';
import { SnapshotFeed } from './snapshot-feed';
import { createLabHealthRegistry } from './lab-health-metrics';
import { createTruthRegistry } from './truth-metrics';
import { TruthLedger } from './truth-ledger';
import type {
  ComponentStatus,
  LabSettings,
  LabSnapshot,
  LoadView,
  LoopDelayView,
  PrometheusStatus,
  PythonDemosStatus,
  RouteSpec,
  RouteView,
  ScrapePoint,
  TargetState,
  WorkerInfo,
  YourAppView,
} from './types';

/** How often the snapshot stream sends, and how old a snapshot a plain request may get. */
const STREAM_INTERVAL_MS = 1000;
/** A stream reader this far behind is dropped: several snapshots' worth (one is ~100-300 KB). */
const MAX_STREAM_BACKLOG_BYTES = 1024 * 1024;
/** Scrapes kept per route: an hour at 1 s, so memory is bounded whatever the uptime. */
const SCRAPES_KEPT = 3600;
/** How much history a snapshot carries. */
const SNAPSHOT_SECONDS = 120;
const PROBE_INTERVAL_MS = 1000;

const HOW_TO_GET_PROMETHEUS =
  'Prometheus is not installed, so the page cannot show what a dashboard would say. Install it ' +
  '(Debian/Ubuntu: apt-get install prometheus; macOS: brew install prometheus) and run npm start again, ' +
  'set PROMETHEUS_BIN to its path, or run the whole setup with docker compose up.';

// PYTHON_DEMOS=off by choice and a Python too old or missing both reach the lab as off: this says what fits both.
const HOW_TO_GET_PYTHON_DEMOS =
  'they need Python 3.10+ with venv (apt-get install python3 python3-venv), then npm start; ' +
  'PYTHON_DEMOS=off leaves them out.';

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

export { LabError } from './lab-error';

/**
 * The lab: drives load at each route, scrapes each route, keeps the truth, and answers control requests.
 * It knows routes only as data.
 */
export class Lab {
  private settings: LabSettings;
  /** Changes on every reset and every start (it is the time of the reset), so a page can tell. */
  private epoch = 0;
  private readonly token: string | null;
  private readonly supervisor: SupervisorLink | null;
  private readonly log: (line: string) => void;
  private started = false;
  private bursting = false;
  private readonly apps: AppState[];
  private readonly routes: RouteState[];
  /** The load, in a thread of its own so this one's work (snapshots, the stream) cannot delay it. */
  private loadGenerator: LoadWorker;
  private readonly scraper: Scraper;
  private readonly probes = new Map<string, ProbeState>();
  private probeTimer: NodeJS.Timeout | null = null;
  /** The bridge, when a route pushes to it: a component of those routes. */
  private readonly bridge: BridgeComponent | null;
  private readonly prometheus: PrometheusWatch | null;
  /** Prometheus' config and target files, when the lab manages them. */
  private readonly managed: ManagedPrometheus | null;
  private readonly prometheusStatus: PrometheusStatus;
  private readonly pythonDemos: PythonDemosStatus;
  /** The scrape doctor on your own app, when DOCTOR_TARGET names one. */
  private readonly doctor: DoctorWatch | null;
  private readonly truthRegistry: Registry;
  /** This thread's event loop, shown beside its figures (the load worker judges latencies by its own). */
  private readonly loopDelay = new LoopDelay();
  /** Snapshots for the stream and plain requests, built once per tick whatever the number of readers. */
  readonly feed = new SnapshotFeed({
    build: () => this.snapshot(),
    tickMs: STREAM_INTERVAL_MS,
    maxBacklogBytes: MAX_STREAM_BACKLOG_BYTES,
  });
  /** The kernel's UDP counters since the last reset: loss the bridge itself cannot see. */
  private readonly kernelUdp = new KernelUdpWatch({
    platform: process.platform,
    read: () => readKernelUdp(),
    now: Date.now,
  });

  constructor(
    private readonly config: Config,
    options: LabOptions = {},
  ) {
    const wanted = options.routeIds;
    const specs = routeDefinitions(config).filter((r) => !wanted || wanted.includes(r.id));
    this.token = options.token ?? null;
    const yourApp = yourAppDefinition(config);
    this.doctor =
      yourApp && (!wanted || wanted.includes(yourApp.id))
        ? new DoctorWatch(yourApp, { intervalSeconds: config.SCRAPE_INTERVAL_SECONDS })
        : null;
    this.supervisor = options.supervisor ?? null;
    this.log = options.log ?? ((line) => console.error(line));
    this.bridge = needsBridge(specs)
      ? new BridgeComponent({
          url: bridgeUrl(config),
          token: this.token,
          supervisor: this.supervisor,
          log: this.log,
        })
      : null;
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
      version: null,
    };
    // As the supervisor resolved it: on only when it built the venv the Django routes run in.
    this.pythonDemos =
      config.PYTHON_DEMOS === 'on'
        ? { state: 'on', howToGet: null }
        : { state: 'off', howToGet: HOW_TO_GET_PYTHON_DEMOS };
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
    const configFile = config.PROMETHEUS_CONFIG_FILE;
    this.managed =
      mode === 'managed' && this.prometheus && configFile
        ? new ManagedPrometheus({
            config,
            configFile,
            client: this.prometheus.client,
            supervisor: this.supervisor,
            log: this.log,
          })
        : null;
    this.probes.set('prometheus', {
      name: 'prometheus',
      ok: null,
      detail: mode === 'off' ? 'not installed' : 'not reached yet',
      lastOk: null,
    });
    const truth = createTruthRegistry(() =>
      this.routes.map((r) => ({
        route: r.spec.id,
        answered: () => r.app.ledger.answeredCount,
        sent: () => r.app.ledger.view().sent,
      })),
    );
    const health = createLabHealthRegistry({
      loop: () => this.loopDelay.view(),
      load: () => this.loadGenerator.view(),
      latencyDelayed: () =>
        this.routes.map((r) => ({ route: r.spec.id, count: r.app.ledger.latencyDelayedCount })),
      stream: () => this.feed.view(),
    });
    this.truthRegistry = Registry.merge([truth, health]);
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
    this.loopDelay.start();
    this.managed?.writeConfig(this.settings.scrapeIntervalSeconds);
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
    this.loopDelay.stop();
    this.loadGenerator.stop();
    this.loadGenerator.close();
    this.scraper.stop();
    this.doctor?.stop();
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
    // Each app gets only the switches it declares: the bridge's buffer means nothing to prom-client.
    const switched = await Promise.all(
      this.apps.map(async (app) => {
        const own = Object.fromEntries(
          app.def.switches.filter((k) => patch[k] !== undefined).map((k) => [k, patch[k]]),
        );
        if (Object.keys(own).length === 0) return {};
        await this.call(`${app.def.id} app`, () =>
          requestJson(`${app.def.adminUrl}/settings`, {
            method: 'PUT',
            body: own,
            timeoutMs: 5000,
            token: this.token,
          }),
        );
        return own;
      }),
    );
    Object.assign(this.settings, ...switched);
    if (patch.ratePerSecond !== undefined) {
      this.settings.ratePerSecond = patch.ratePerSecond;
      this.loadGenerator.setRate(patch.ratePerSecond);
    }
    if (patch.concurrency !== undefined) {
      this.settings.concurrency = patch.concurrency;
      this.loadGenerator.setConcurrency(patch.concurrency);
    }
    if (patch.scrapeIntervalSeconds !== undefined) {
      await this.managed?.reload(patch.scrapeIntervalSeconds);
      this.settings.scrapeIntervalSeconds = patch.scrapeIntervalSeconds;
      this.scraper.setIntervalSeconds(patch.scrapeIntervalSeconds);
      this.doctor?.setIntervalSeconds(patch.scrapeIntervalSeconds);
    }
    if (patch.paused !== undefined) {
      this.settings.paused = patch.paused;
      if (patch.paused) this.loadGenerator.stop();
      else this.loadGenerator.start();
      this.doctor?.setLoad(!patch.paused);
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
   * Sends `requests` more to the app behind `routeId` as fast as the concurrency cap allows, on top of the
   * steady load, and answers when all are back: the burst under which unbuffered StatsD over UDP loses packets.
   */
  async burst(routeId: string, requests: number): Promise<{ sent: number; app: string }> {
    const app = this.route(routeId).app.def.id;
    if (this.bursting) throw new LabError('a burst is already running', 409);
    this.bursting = true;
    try {
      await this.loadGenerator.burst(app, requests);
      return { sent: requests, app };
    } finally {
      this.bursting = false;
    }
  }

  /** Replaces the bridge with an empty one; answers once the new one is ready. */
  killBridge(): Promise<void> {
    if (!this.bridge) return Promise.reject(new LabError('no route of this lab uses the bridge', 409));
    return this.bridge.restart();
  }

  /** Scrapes every route now and returns the points (the experiment's final scrape). */
  async scrapeNow(): Promise<ScrapePoint[]> {
    const [points] = await Promise.all([this.scraper.scrapeAll(), this.doctor?.scrapeNow()]);
    return points;
  }

  /**
   * Starts from zero everywhere: load stops and drains, every app worker and the bridge are replaced (fresh
   * counters), then the ledgers and scrapes are cleared.
   */
  async reset(): Promise<void> {
    this.loadGenerator.stop();
    this.scraper.stop();
    this.doctor?.stop();
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
      this.loadGenerator.close();
      this.loadGenerator = this.newLoadGenerator();
      this.prometheus?.clear();
      // Both counted from here: the new bridge's own counts and the kernel's since the reset.
      this.kernelUdp.reset();
      await Promise.all([this.kernelUdp.sample(), this.bridge?.read()]);
      this.epoch = Math.max(this.epoch + 1, Date.now());
    } finally {
      this.scraper.start();
      if (!this.settings.paused) this.loadGenerator.start();
      this.doctor?.reset();
      this.doctor?.start({ load: !this.settings.paused });
    }
  }

  /** The lab's state; `sinceMs` asks for every kept scrape since then instead of the last two minutes. */
  snapshot({ sinceMs }: { sinceMs?: number } = {}): LabSnapshot {
    const now = Date.now();
    const rateWindowSeconds = defaultRateWindowSeconds(this.settings.scrapeIntervalSeconds);
    // rate() as the Prometheus in use evaluates it; current Prometheus when there is none.
    const dialect = dialectOf(this.prometheus?.version ?? null);
    const routes: RouteView[] = this.routes.map((r) => {
      // Rates need a window of history before the first point shown.
      const shownFrom = sinceMs ?? now - SNAPSHOT_SECONDS * 1000;
      const history = r.scrapes.toArray().filter((p) => p.t >= shownFrom - rateWindowSeconds * 1000);
      const scrapes = history.filter((p) => p.t >= shownFrom);
      const rates = ratePoints(history, rateWindowSeconds, dialect);
      const { workers, lastCrash } = r.app;
      return {
        spec: r.spec,
        truth: r.app.ledger.view(),
        scrapes,
        rates: rates.filter((p) => p.t >= shownFrom),
        rateWindowSeconds,
        headline: headline(
          scrapes,
          r.spec.topology.kind === 'pushed' ? { inTransitSeconds: PUSH_FLUSH_SECONDS } : {},
        ),
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
    const load = this.loadGenerator.view();
    const labLoop = this.loopDelay.view();
    const yourApp = this.doctor?.view() ?? null;
    return {
      now,
      epoch: this.epoch,
      settings: this.currentSettings(),
      routes,
      components: this.components(now, load, labLoop, yourApp),
      prometheus: { ...this.prometheusStatus, version: this.prometheus?.version ?? null },
      pythonDemos: this.pythonDemos,
      bridge: this.bridge?.view() ?? null,
      kernelUdp: this.kernelUdp.view(),
      yourApp,
      load,
      labLoop,
      stream: this.feed.view(),
    };
  }

  /** The truth and the lab's own health as Prometheus text, for Prometheus and Grafana to draw beside the scraped series. */
  async truthMetrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.truthRegistry.contentType, body: await this.truthRegistry.metrics() };
  }

  private components(
    now: number,
    load: LoadView,
    loop: LoopDelayView,
    yourApp: YourAppView | null,
  ): ComponentStatus[] {
    const lab = labStatus({
      load,
      paused: this.settings.paused,
      loop,
      delayedLatencies: this.apps.reduce((n, app) => n + app.ledger.latencyDelayedCount, 0),
      stream: this.feed.view(),
    });
    const probed = [...this.probes.values()].map((p) => ({
      name: p.name,
      state: this.componentState(p),
      detail: p.detail,
      note: null,
      lastOkAgeSeconds: p.lastOk === null ? null : (now - p.lastOk) / 1000,
    }));
    return [lab, ...probed, ...(yourApp ? [this.doctorComponent(yourApp)] : [])];
  }

  /** Your app on the status strip: up when its latest scrapes answered as a metrics endpoint. */
  private doctorComponent(view: YourAppView): ComponentStatus {
    const { fresh, keptAlive } = view.window;
    const state = fresh + keptAlive === 0 ? 'starting' : view.lastError === null ? 'up' : 'down';
    return {
      name: 'your app',
      state,
      detail: view.lastError ?? view.diagnosis.summary,
      note: null,
      lastOkAgeSeconds: null,
    };
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
      checks.push(bridge.probe().then(({ ok, detail }) => this.markProbe('bridge', ok, detail)));
      checks.push(bridge.read());
    }
    checks.push(this.kernelUdp.sample());
    await Promise.all(checks);
    this.managed?.writeTargets(this.routes.map((r) => ({ spec: r.spec, workers: r.app.workers })));
    await this.probePrometheus();
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

  private call<T>(part: string, fn: () => Promise<T>): Promise<T> {
    return callPart(part, fn, this.log);
  }

  /** A worker for the current ledgers (their counts are shared with it): one per reset. */
  private newLoadGenerator(): LoadWorker {
    return new LoadWorker(
      this.apps.map((app) => ({ id: app.def.id, url: app.def.loadUrl, ledger: app.ledger })),
      { ratePerSecond: this.settings.ratePerSecond, concurrency: this.settings.concurrency, log: this.log },
    );
  }
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
