import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../../server/config/project-root';
import type { WorkerInfo } from '../../server/lab/types';
import { ConditionWaits } from '../cluster/condition-waits';
import { SettingRefusedError, WorkerNotFoundError } from '../cluster/worker-pool';
import type { DemoSettings } from '../instrumentation';
import { DJANGO_SETTINGS, refusedSetting } from './fixed-settings';
import { EventLineSplitter } from './gunicorn-events';
import type { Mode } from './runner-flags';
import { WorkerTable } from './worker-table';

const DJANGO_DIR = path.join(PROJECT_ROOT, 'demos', 'django');

/** The only variables of the runner's environment gunicorn gets: DD_* or PROMETHEUS_* ones would change it. */
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'TZ'];

export interface GunicornPoolOptions {
  /** The venv's interpreter, which has gunicorn and the app's packages. */
  python: string;
  mode: Mode;
  host: string;
  port: number;
  /** The worker count to start with: gunicorn's --workers, which a reload (HUP) returns to. */
  workers: number;
  maxRequests: number;
  multiprocDir: string | null;
  bridge: { host: string; port: number } | null;
  /** Host names Django answers for beyond loopback and the bind host (ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Put before the command so the kernel stops gunicorn if the runner dies (setpriv --pdeathsig TERM --). */
  launcher: readonly string[];
  log: (line: string) => void;
  /** Called when gunicorn's master ends on its own: nothing serves any more. */
  onExit: (reason: string) => void;
  /** How long an admin operation waits for the workers to settle. */
  waitTimeoutMs: number;
  /** How long gunicorn gets to stop before its whole process group is killed. */
  stopTimeoutMs: number;
}

/**
 * gunicorn's master and its sync workers, driven the way an operator would: TTIN/TTOU to scale, HUP to
 * replace every worker, SIGKILL to crash one. Its hooks report each change back (gunicorn-events.ts), and
 * every operation resolves once the workers have settled. Operations run one at a time.
 */
export class GunicornPool {
  readonly #options: GunicornPoolOptions;
  readonly #table = new WorkerTable();
  readonly #waits: ConditionWaits;
  #target: number;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  #stopping = false;
  /** Whether any worker has served: a master that ends before that could not start at all. */
  #served = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: GunicornPoolOptions) {
    this.#options = options;
    this.#target = options.workers;
    this.#waits = new ConditionWaits(options.waitTimeoutMs);
  }

  get target(): number {
    return this.#target;
  }

  get settings(): DemoSettings {
    return DJANGO_SETTINGS;
  }

  /** Only what the app does already: gunicorn's sync workers and the DogStatsd client have no switches. */
  updateSettings(patch: Partial<DemoSettings>): Promise<DemoSettings> {
    const refused = refusedSetting(patch);
    return refused === null
      ? Promise.resolve(DJANGO_SETTINGS)
      : Promise.reject(new SettingRefusedError(refused));
  }

  /** Workers serving now, oldest first. */
  list(): WorkerInfo[] {
    return this.#table.list(Date.now());
  }

  /** Starts gunicorn; resolves once its workers serve. */
  start(): Promise<void> {
    return this.#exclusive(async () => {
      this.#spawn();
      await this.#settled(`${this.#target} workers to serve`);
    });
  }

  scale(count: number): Promise<void> {
    return this.#exclusive(async () => {
      this.#options.log(`scaling from ${this.#target} to ${count} workers`);
      this.#target = count;
      await this.#converge();
      await this.#settled(`${count} workers to serve`);
    });
  }

  /** Kills worker `id`, or the oldest, as a crash would; resolves with its id once its replacement serves. */
  crash(id?: number): Promise<number> {
    return this.#exclusive(async () => {
      const serving = this.list();
      const worker = id === undefined ? serving[0] : serving.find((w) => w.id === id);
      if (worker === undefined) {
        throw new WorkerNotFoundError(
          id === undefined
            ? 'no worker is listening'
            : `id: no listening worker ${id} (listening: ${serving.map((w) => w.id).join(', ') || 'none'})`,
        );
      }
      this.#options.log(`crashing worker ${worker.id} (pid ${worker.pid}) on request`);
      // SIGKILL: no handler, no clean-up in the worker; gunicorn's master reaps it and forks a replacement.
      signal(worker.pid, 'SIGKILL');
      await this.#waits.waitFor(() => !this.#table.has(worker.id), `worker ${worker.id} to exit`);
      await this.#settled(`a replacement for worker ${worker.id} to serve`);
      return worker.id;
    });
  }

  /**
   * HUP: gunicorn starts new workers and stops the old ones; resolves once only new ones serve. In
   * multiprocess mode the folder outlives a HUP, and every counter with it, so there a restart is a new
   * master, whose start wipes the folder: counters from zero, as after a Node cluster's restart.
   */
  restart(): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#options.mode === 'multiprocess') {
        this.#options.log('restarting: a new gunicorn master, so its start wipes the multiprocess folder');
        await this.#stopMaster();
        this.#stopping = false;
        this.#table.clear();
        this.#spawn();
        // It starts with --workers, whatever the count was; converging brings it back to the target.
        const started = this.#options.workers;
        await this.#waits.waitFor(
          () => this.#table.size === started && this.#table.masterTarget === started,
          `${started} workers of the new master to serve`,
        );
        await this.#converge();
        await this.#settled(`${this.#target} new workers to serve`);
        return;
      }
      const old = new Set(this.#table.ids());
      this.#options.log(`restarting: replacing ${old.size} workers (HUP)`);
      this.#signalMaster('SIGHUP');
      const replaced = (): boolean => this.#table.size > 0 && this.#table.ids().every((id) => !old.has(id));
      await this.#waits.waitFor(replaced, 'the old workers to be replaced');
      // A reload re-reads gunicorn's settings, which puts the worker count back to --workers.
      await this.#converge();
      await this.#settled(`${this.#target} new workers to serve`);
    });
  }

  /** Stops gunicorn (SIGTERM: it stops its workers); kills its process group if it takes too long. */
  shutdown(): Promise<void> {
    return this.#stopMaster();
  }

  async #stopMaster(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    const pid = child?.pid;
    if (child === null || pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    this.#signalMaster('SIGTERM');
    const timer = setTimeout(() => {
      this.#options.log(`gunicorn did not stop in ${this.#options.stopTimeoutMs / 1000} s; killing it`);
      signal(-pid, 'SIGKILL');
    }, this.#options.stopTimeoutMs);
    await this.#exited;
    clearTimeout(timer);
  }

  #spawn(): void {
    const o = this.#options;
    const argv = [...o.launcher, o.python, '-m', 'gunicorn', '-c', path.join(DJANGO_DIR, 'gunicorn.conf.py')];
    const [command, ...args] = argv as [string, ...string[]];
    const child = spawn(command, args, {
      cwd: DJANGO_DIR,
      env: this.#environment(),
      // fd 3 carries the hooks' events; gunicorn's own log goes where the runner's does.
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
      // Its own process group, so a stop can reach workers whose master is gone.
      detached: true,
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const splitter = new EventLineSplitter();
    const events = child.stdio[3] as Readable;
    events.on('error', (error) => o.log(`reading gunicorn's events: ${error.message}`));
    events.on('data', (chunk: Buffer) => {
      for (const parsed of splitter.push(chunk.toString('utf8'))) {
        if (parsed.ok) {
          this.#table.apply(parsed.event);
          if (parsed.event.event === 'ready') this.#served = true;
        } else o.log(`ignored an unexpected event line from gunicorn: ${parsed.line}`);
      }
      this.#waits.notify();
    });
    child.on('error', (error) => {
      if (!this.#stopping) o.onExit(`cannot run gunicorn with ${o.python}: ${error.message}`);
    });
    child.on('exit', (code, sig) => {
      // A master killed outright leaves its workers behind for a moment: they belong to its group.
      if (child.pid !== undefined) signal(-child.pid, 'SIGKILL');
      if (this.#stopping) return;
      const how = sig ?? `exit code ${code}`;
      const hint = !this.#served ? ` before serving; is ${o.host}:${o.port} (--port) free?` : '';
      o.onExit(`gunicorn's master ended (${how})${hint}`);
    });
  }

  #environment(): NodeJS.ProcessEnv {
    const o = this.#options;
    // NODE_ENV only because the type demands it; Python ignores it, and spawn() drops unset values.
    const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV };
    for (const name of PASSED_THROUGH) env[name] = process.env[name];
    return {
      ...env,
      DJANGO_DEMO_MODE: o.mode,
      DJANGO_DEMO_HOST: o.host,
      DJANGO_DEMO_PORT: String(o.port),
      DJANGO_DEMO_WORKERS: String(o.workers),
      DJANGO_DEMO_MAX_REQUESTS: String(o.maxRequests),
      DJANGO_DEMO_ALLOWED_HOSTS: o.allowedHosts.join(','),
      DJANGO_DEMO_EVENTS_FD: '3',
      // client_python reads it at import, so it is set before gunicorn starts; the on_starting hook wipes it.
      ...(o.multiprocDir === null ? {} : { PROMETHEUS_MULTIPROC_DIR: o.multiprocDir }),
      ...(o.bridge === null ? {} : { BRIDGE_HOST: o.bridge.host, BRIDGE_UDP_PORT: String(o.bridge.port) }),
      // Bytecode caches go to the temporary folder, not into the project's work tree.
      PYTHONPYCACHEPREFIX: path.join(os.tmpdir(), 'scrape-lab-pycache'),
    };
  }

  /** TTIN or TTOU, one at a time, until gunicorn's own count is the target: signals sent together merge. */
  async #converge(): Promise<void> {
    await this.#waits.waitFor(() => this.#table.masterTarget !== null, "gunicorn's worker count");
    for (;;) {
      const current = this.#table.masterTarget;
      if (current === null || current === this.#target) return;
      const sig = current < this.#target ? 'SIGTTIN' : 'SIGTTOU';
      this.#signalMaster(sig);
      await this.#waits.waitFor(() => this.#table.masterTarget !== current, `gunicorn to act on ${sig}`);
    }
  }

  #signalMaster(sig: NodeJS.Signals): void {
    const child = this.#child;
    // Once the master has been reaped its pid may belong to another process.
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    signal(child.pid, sig);
  }

  /** As many workers serving as asked for, and gunicorn counting the same. */
  #settled(what: string): Promise<void> {
    return this.#waits.waitFor(
      () => this.#table.size === this.#target && this.#table.masterTarget === this.#target,
      what,
    );
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Sends a signal to a pid (or, negative, a process group); one that has gone already is no error. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
