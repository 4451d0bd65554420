import cluster, { type Worker } from 'node:cluster';
import type { WorkerInfo } from '../../server/lab/types';
import type { DemoSettings } from '../instrumentation';
import { EXIT_CANNOT_LISTEN, isPromClientMessage, parseToPrimary, type ToWorker } from './messages';
import { nextRestart, type BackoffOptions } from './restart-backoff';
import { ConditionWaits } from './condition-waits';

/** retiring: still serving, but already replaced by a restart; stopping: asked to exit. */
type WorkerState = 'starting' | 'listening' | 'retiring' | 'stopping';

interface Entry {
  worker: Worker;
  /** 1…: a dead worker's, or the lowest free when it was forked; its own metrics port is the base port + slot. */
  slot: number;
  forkedAt: number;
  state: WorkerState;
  crashRequested: boolean;
  /** The latest settings `seq` this worker runs with. */
  appliedSeq: number;
}

export interface WorkerPoolOptions {
  target: number;
  settings: DemoSettings;
  log: (line: string) => void;
  /** Called when no worker can ever run (the app port is taken); the primary should exit. */
  onFatal: (reason: string) => void;
  /** Where the workers listen, for the fatal message, e.g. "127.0.0.1:8081 (DIRECT_PORT)". */
  appAddress: string;
  /** How long an admin operation waits for workers to listen, apply settings or exit. */
  waitTimeoutMs: number;
  /** How long a worker asked to stop or crash gets before it is killed. */
  stopTimeoutMs: number;
  backoff: BackoffOptions;
  /** Workers that serve their own registry on a port of their own listen on this + their slot. */
  workerPortBase: number | null;
  /** The port every worker shares: its 'listening' is the one that means the worker serves. */
  appPort: number;
}

export class WorkerNotFoundError extends Error {
  override name = 'WorkerNotFoundError';
}

/** A runtime switch the pool cannot take; the admin API answers 400 with its message. */
export class SettingRefusedError extends Error {
  override name = 'SettingRefusedError';
}

const isActive = (e: Entry): boolean => e.state === 'starting' || e.state === 'listening';
const isServing = (e: Entry): boolean => e.state === 'listening' || e.state === 'retiring';

/**
 * The primary's workers: keeps `target` of them listening, replaces the ones that die, and carries out the
 * admin API's changes one at a time. Each change resolves once the workers have settled.
 */
export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #entries = new Map<number, Entry>();
  readonly #waits: ConditionWaits;
  #target: number;
  #settings: DemoSettings;
  #settingsSeq = 0;
  #fastDeaths = 0;
  #forkNotBefore = 0;
  #reconcileTimer: NodeJS.Timeout | null = null;
  /** Slots of workers that died: their replacements take them, so the others keep their place (w1…wN). */
  #vacated: number[] = [];
  #shuttingDown = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#target = options.target;
    this.#settings = options.settings;
    this.#waits = new ConditionWaits(options.waitTimeoutMs);
  }

  get target(): number {
    return this.#target;
  }

  get settings(): DemoSettings {
    return this.#settings;
  }

  /** Workers that accept requests now, oldest first. */
  list(now = Date.now()): WorkerInfo[] {
    const base = this.#options.workerPortBase;
    return [...this.#entries.values()].filter(isServing).map((e) => ({
      id: e.worker.id,
      pid: e.worker.process.pid ?? 0,
      uptimeSeconds: Math.round((now - e.forkedAt) / 100) / 10,
      slot: e.slot,
      metricsPort: base === null ? null : base + e.slot,
    }));
  }

  start(): Promise<void> {
    return this.#exclusive(async () => {
      this.#reconcile();
      await this.#settled('the first workers to listen');
    });
  }

  scale(count: number): Promise<void> {
    return this.#exclusive(async () => {
      this.#options.log(`scaling from ${this.#target} to ${count} workers`);
      this.#target = count;
      this.#reconcile();
      await this.#settled(`${count} workers to listen`);
    });
  }

  /** Crashes worker `id`, or the oldest one; resolves with its id once its replacement listens. */
  crash(id?: number): Promise<number> {
    return this.#exclusive(async () => {
      const listening = [...this.#entries.values()].filter((e) => e.state === 'listening');
      const entry = id === undefined ? listening[0] : listening.find((e) => e.worker.id === id);
      if (entry === undefined) {
        throw new WorkerNotFoundError(
          id === undefined
            ? 'no worker is listening'
            : `id: no listening worker ${id} (listening: ${listening.map((e) => e.worker.id).join(', ') || 'none'})`,
        );
      }
      const crashed = entry.worker.id;
      this.#options.log(`crashing worker ${crashed} on request`);
      entry.crashRequested = true;
      this.#send(entry, { type: 'crash' });
      this.#killLater(entry);
      await this.#waits.waitFor(() => !this.#entries.has(crashed), `worker ${crashed} to exit`);
      await this.#settled(`a replacement for worker ${crashed} to listen`);
      return crashed;
    });
  }

  /** Replaces every worker: the new ones listen before the old ones stop, so no request is refused. */
  restart(): Promise<void> {
    return this.#exclusive(async () => {
      const old = [...this.#entries.values()].filter(isActive);
      this.#options.log(`restarting: replacing ${old.length} workers`);
      for (const e of old) e.state = 'retiring';
      try {
        this.#reconcile();
        const fresh = (): number => [...this.#entries.values()].filter((e) => e.state === 'listening').length;
        await this.#waits.waitFor(() => fresh() === this.#target, `${this.#target} new workers to listen`);
      } catch (error) {
        // The new workers did not come up: keep the old ones, which still serve.
        for (const e of old) if (e.state === 'retiring') e.state = 'listening';
        this.#reconcile();
        throw error;
      }
      for (const e of old) if (e.state === 'retiring') this.#stop(e);
      await this.#settled('the old workers to exit');
    });
  }

  /** Changes the switches and resolves once every worker runs with them. */
  updateSettings(patch: Partial<DemoSettings>): Promise<DemoSettings> {
    return this.#exclusive(async () => {
      this.#settings = {
        metricsKeepAlive: patch.metricsKeepAlive ?? this.#settings.metricsKeepAlive,
        statsdBufferSize: patch.statsdBufferSize ?? this.#settings.statsdBufferSize,
      };
      const seq = ++this.#settingsSeq;
      const { metricsKeepAlive, statsdBufferSize } = this.#settings;
      this.#options.log(
        `settings: metricsKeepAlive=${metricsKeepAlive} statsdBufferSize=${statsdBufferSize}`,
      );
      for (const e of this.#entries.values()) if (e.state !== 'stopping') this.#sendSettings(e);
      const applied = (e: Entry): boolean => e.state === 'stopping' || e.appliedSeq >= seq;
      await this.#waits.waitFor(
        () => [...this.#entries.values()].every(applied),
        'workers to apply the settings',
      );
      return this.#settings;
    });
  }

  /** Stops every worker gracefully; does not wait for admin operations in progress. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    if (this.#reconcileTimer !== null) clearTimeout(this.#reconcileTimer);
    for (const e of this.#entries.values()) if (e.state !== 'stopping') this.#stop(e);
    await this.#waits.waitFor(() => this.#entries.size === 0, 'workers to stop');
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Forks or stops workers until `target` of them are starting or listening. */
  #reconcile(): void {
    if (this.#shuttingDown) return;
    const active = [...this.#entries.values()].filter(isActive);
    const extra = active
      .sort((a, b) => b.worker.id - a.worker.id)
      .slice(0, Math.max(0, active.length - this.#target));
    for (const e of extra) this.#stop(e);
    const missing = this.#target - active.length;
    if (missing <= 0) return;
    const waitMs = this.#forkNotBefore - Date.now();
    if (waitMs > 0) {
      this.#reconcileTimer ??= setTimeout(() => {
        this.#reconcileTimer = null;
        this.#reconcile();
      }, waitMs);
      return;
    }
    for (let i = 0; i < missing; i += 1) this.#fork();
  }

  /**
   * A dead worker's slot, else the lowest slot no worker holds: a worker keeps its slot (and port) until it
   * has exited. After a restart the pool holds N+1…2N; a replacement taking slot 1 would renumber the rest.
   */
  #freeSlot(): number {
    const taken = new Set([...this.#entries.values()].map((e) => e.slot));
    const vacated = this.#vacated.filter((s) => !taken.has(s)).sort((a, b) => a - b);
    this.#vacated = vacated.slice(1);
    if (vacated[0] !== undefined) return vacated[0];
    let slot = 1;
    while (taken.has(slot)) slot += 1;
    return slot;
  }

  #fork(): void {
    const slot = this.#freeSlot();
    // The current switches travel in the environment, so a new worker starts with them.
    const worker = cluster.fork({
      METRICS_KEEP_ALIVE: String(this.#settings.metricsKeepAlive),
      STATSD_BUFFER_SIZE: String(this.#settings.statsdBufferSize),
      WORKER_SLOT: String(slot),
    });
    const entry: Entry = {
      worker,
      slot,
      forkedAt: Date.now(),
      state: 'starting',
      crashRequested: false,
      appliedSeq: this.#settingsSeq,
    };
    this.#entries.set(worker.id, entry);
    worker.on('listening', (address) => {
      // A worker with a metrics port of its own listens twice; it serves once it has the app port.
      if (address.port !== this.#options.appPort) return;
      if (entry.state === 'starting') entry.state = 'listening';
      this.#options.log(`worker ${worker.id} (pid ${worker.process.pid}) listening`);
      // Settings changed while it started may have reached it before it was listening for messages.
      if (entry.appliedSeq < this.#settingsSeq) this.#sendSettings(entry);
      this.#waits.notify();
    });
    worker.on('message', (raw: unknown) => {
      // prom-client's AggregatorRegistry talks over the same channel, with messages of its own.
      if (isPromClientMessage(raw)) return;
      const message = parseToPrimary(raw);
      if (!message) {
        this.#options.log(`worker ${worker.id}: ignored an unexpected message: ${JSON.stringify(raw)}`);
        return;
      }
      entry.appliedSeq = Math.max(entry.appliedSeq, message.seq);
      this.#waits.notify();
    });
    worker.on('error', (error) => this.#options.log(`worker ${worker.id}: ${error.message}`));
    worker.on('exit', (code, signal) => this.#onExit(entry, code, signal));
  }

  #onExit(entry: Entry, code: number, signal: string | null): void {
    const id = entry.worker.id;
    this.#entries.delete(id);
    this.#waits.notify();
    const how = signal === null ? `code ${code}` : signal;
    const log = this.#options.log;
    if (this.#shuttingDown || entry.state === 'stopping') return log(`worker ${id} stopped (${how})`);
    if (code === EXIT_CANNOT_LISTEN)
      return this.#options.onFatal(`workers cannot listen on ${this.#options.appAddress}`);
    if (entry.state === 'retiring') return log(`worker ${id} died (${how}) while being replaced`);
    this.#vacated.push(entry.slot);
    if (entry.crashRequested) {
      log(`worker ${id} crashed (${how}); forking a replacement`);
    } else {
      const lifetimeMs = Date.now() - entry.forkedAt;
      const decision = nextRestart(lifetimeMs, this.#fastDeaths, this.#options.backoff);
      this.#fastDeaths = decision.fastDeathsInRow;
      this.#forkNotBefore = Date.now() + decision.delayMs;
      const when = decision.delayMs > 0 ? `in ${decision.delayMs} ms` : 'now';
      log(
        `worker ${id} died (${how}) after ${(lifetimeMs / 1000).toFixed(1)} s; forking a replacement ${when}`,
      );
    }
    this.#reconcile();
  }

  #stop(entry: Entry): void {
    entry.state = 'stopping';
    this.#send(entry, { type: 'shutdown' });
    this.#killLater(entry);
    this.#waits.notify();
  }

  /** A worker that ignores a shutdown or crash request is killed: the pool never waits forever. */
  #killLater(entry: Entry): void {
    setTimeout(() => {
      if (entry.worker.isDead()) return;
      this.#options.log(`worker ${entry.worker.id} did not exit in time; killing it`);
      entry.worker.process.kill('SIGKILL');
    }, this.#options.stopTimeoutMs).unref();
  }

  #sendSettings(entry: Entry): void {
    this.#send(entry, { type: 'settings', seq: this.#settingsSeq, settings: this.#settings });
  }

  #send(entry: Entry, message: ToWorker): void {
    if (!entry.worker.isConnected()) return;
    entry.worker.send(message, undefined, (error) => {
      if (error)
        this.#options.log(`worker ${entry.worker.id}: cannot send ${message.type}: ${error.message}`);
    });
  }

  /** Every worker listening and exactly `target` of them: the state each admin change waits for. */
  #settled(what: string): Promise<void> {
    const settled = (): boolean =>
      this.#entries.size === this.#target &&
      [...this.#entries.values()].every((e) => e.state === 'listening');
    return this.#waits.waitFor(settled, what);
  }
}
