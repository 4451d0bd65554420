import { spawn, type ChildProcess } from 'node:child_process';
import { restartDelay } from './backoff';
import { linkReply, parseLinkRequest, SUPERVISOR_PID_VARIABLE } from './link-protocol';
import { LinePrefixer, namePrefix } from './log-prefix';
import type { RecordedChild } from './pid-file';
import { mergeNodeOptions } from './node-entries';
import { commandExists, type ChildSpec } from './plan';
import { probeReady } from './ready-probe';

export interface SupervisorOptions {
  env: NodeJS.ProcessEnv;
  /** Where prefixed log lines go. */
  log: (line: string) => void;
  /** How long a child may take to answer its ready URL. */
  readyTimeoutMs?: number;
  /** Words run before every child's command (setpriv --pdeathsig), which then runs the child in its place. */
  launcher?: string[];
  /** Runs with every current child whenever one starts or exits (to keep the pid file). */
  onChildrenChanged?: (children: RecordedChild[]) => void;
  /** Runs once every child has exited (e.g. to remove temporary folders). */
  onStopped?: () => void;
}

interface Running {
  child: ChildProcess;
  startedAt: number;
  exited: Promise<void>;
  /** Set when the supervisor ends it to restart it: that exit is no crash and earns no backoff. */
  askedToExit: boolean;
}

/** One child of the stack, across all the processes that have run it. */
interface Slot {
  spec: ChildSpec;
  run: Running | null;
  /** The delay before its last restart after an unexpected exit; null until it first has one. */
  lastDelayMs: number | null;
  /** The timer of a restart after an unexpected exit. */
  pendingLaunch: NodeJS.Timeout | null;
  /** A restart asked over the link, shared by everyone who asks while it runs. */
  restarting: Promise<void> | null;
}

const STOP_GRACE_MS = 5000;

export class SupervisorError extends Error {
  override name = 'SupervisorError';
}

/**
 * Starts children in order and waits for each to be ready; restarts, with a growing delay, any that exits
 * unasked (a crashed app, the bridge after `/-/quit`); restarts or reloads one when a child asks over the
 * link; on stop, ends every child's whole process group so nothing is orphaned.
 */
export class Supervisor {
  private readonly slots = new Map<string, Slot>();
  private stopping = false;
  private failure: ((err: Error) => void) | null = null;
  /** Settles when a child cannot be spawned at all. */
  readonly failed: Promise<Error>;
  private readonly width: number;

  constructor(
    private readonly specs: ChildSpec[],
    private readonly options: SupervisorOptions,
  ) {
    for (const spec of specs) {
      this.slots.set(spec.name, {
        spec,
        run: null,
        lastDelayMs: null,
        pendingLaunch: null,
        restarting: null,
      });
    }
    this.width = Math.max(10, ...specs.map((s) => s.name.length));
    this.failed = new Promise((resolve) => {
      this.failure = resolve;
    });
  }

  async start(): Promise<void> {
    for (const slot of this.slots.values()) {
      if (this.stopping) throw new SupervisorError('stopped while starting');
      const run = this.launch(slot);
      if (!run) throw new SupervisorError(`${slot.spec.name} could not start; see the log above`);
      await this.waitReady(slot.spec, run);
      this.say(`${slot.spec.name} ready (${slot.spec.readyUrl})`);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const all: Running[] = [];
    for (const slot of this.slots.values()) {
      if (slot.pendingLaunch) clearTimeout(slot.pendingLaunch);
      if (slot.run) all.push(slot.run);
    }
    for (const r of all) signalGroup(r.child, 'SIGTERM');
    const timer = setTimeout(() => {
      for (const r of all) signalGroup(r.child, 'SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(all.map((r) => r.exited));
    clearTimeout(timer);
    this.options.onStopped?.();
  }

  /** Stops a child and starts it again at once; resolves when the new process is ready. */
  async restart(name: string): Promise<void> {
    const slot = this.slot(name);
    slot.restarting ??= this.restartNow(slot).finally(() => {
      slot.restarting = null;
    });
    return slot.restarting;
  }

  /** Sends SIGHUP to a child that re-reads its config file on one. */
  reload(name: string): void {
    const slot = this.slot(name);
    if (!slot.spec.reloadsOnSighup) {
      const able = this.specs.filter((s) => s.reloadsOnSighup).map((s) => s.name);
      throw new SupervisorError(
        `${name} cannot be reloaded: SIGHUP would end it (${able.length ? `only ${able.join(', ')} reload` : 'no child reloads'})`,
      );
    }
    const pid = slot.run?.child.pid;
    if (pid === undefined) throw new SupervisorError(`${name} is not running`);
    process.kill(pid, 'SIGHUP');
    this.say(`sent SIGHUP to ${name} to reload its config`);
  }

  private slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) {
      throw new SupervisorError(`unknown child "${name}"; known: ${[...this.slots.keys()].join(', ')}`);
    }
    return slot;
  }

  private async restartNow(slot: Slot): Promise<void> {
    const { name } = slot.spec;
    if (this.stopping) throw new SupervisorError(`${name} cannot be restarted: the stack is stopping`);
    const old = slot.run;
    if (!old && !slot.pendingLaunch) throw new SupervisorError(`${name} has not been started yet`);
    this.say(`restarting ${name} on request`);
    if (old) {
      old.askedToExit = true;
      signalGroup(old.child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(old.child, 'SIGKILL'), STOP_GRACE_MS);
      await old.exited;
      clearTimeout(timer);
    }
    // A restart after a crash may be waiting out its delay: this one replaces it.
    if (slot.pendingLaunch) clearTimeout(slot.pendingLaunch);
    slot.pendingLaunch = null;
    const run = this.launch(slot);
    if (!run) throw new SupervisorError(`${name} could not start again; see the log above`);
    await this.waitReady(slot.spec, run);
    this.say(`${name} ready (${slot.spec.readyUrl})`);
  }

  private launch(slot: Slot): Running | null {
    // stop() may have run between a child turning ready and the next one starting: start nothing new.
    if (this.stopping) return null;
    const { spec } = slot;
    // Through setpriv a missing binary would only show as an exit code: look for it first.
    if (!commandExists(spec.command, this.options.env.PATH ?? '')) {
      this.cannotStart(spec, `${spec.command} was not found`);
      return null;
    }
    // A launcher (setpriv) execs the child in its own place: the pid, group and IPC channel become the child's.
    const argv = [...(this.options.launcher ?? []), spec.command, ...spec.args];
    // Node children get an IPC channel: the link (server/supervisor/link.ts) they ask for restarts over.
    const node = spec.command === process.execPath;
    // Its own process group, so stop() reaches grandchildren too (cluster workers, Next.js workers).
    const child = spawn(argv[0] ?? spec.command, argv.slice(1), {
      env: node ? this.nodeEnvironment(spec) : this.options.env,
      stdio: node ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const prefix = namePrefix(spec.name, this.width);
    for (const stream of [child.stdout, child.stderr]) {
      const lines = new LinePrefixer(prefix);
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => lines.push(chunk).forEach(this.options.log));
      stream?.on('end', () => lines.end().forEach(this.options.log));
    }
    if (node) child.on('message', (message) => this.answer(child, message));
    const exited = new Promise<void>((resolve) => {
      child.on('error', (err) => {
        // Without a pid it never ran; otherwise a signal or a message could not be delivered.
        if (child.pid === undefined) {
          this.cannotStart(spec, err.message);
          if (slot.run === run) slot.run = null;
          resolve();
        } else {
          this.say(`${spec.name}: ${err.message}`);
        }
      });
      child.on('exit', (code, signal) => {
        resolve();
        this.onExit(slot, run, code, signal);
      });
    });
    const run: Running = { child, startedAt: Date.now(), exited, askedToExit: false };
    slot.run = run;
    this.recordChildren();
    return run;
  }

  private onExit(slot: Slot, run: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.run === run) slot.run = null;
    if (this.stopping) return;
    this.recordChildren();
    if (run.askedToExit) return;
    const { name } = slot.spec;
    const delayMs = restartDelay({ previousMs: slot.lastDelayMs, ranMs: Date.now() - run.startedAt });
    slot.lastDelayMs = delayMs;
    this.say(
      `${name} exited (${signal ? `signal ${signal}` : `code ${code}`}); starting it again in ${delayMs / 1000} s`,
    );
    slot.pendingLaunch = setTimeout(() => {
      slot.pendingLaunch = null;
      this.launch(slot);
    }, delayMs);
  }

  /** Answers a link request from a Node child: what it asked for, done or refused. */
  private answer(child: ChildProcess, message: unknown): void {
    const request = parseLinkRequest(message);
    if (!request) return;
    const work =
      request.action === 'restart'
        ? this.restart(request.child)
        : Promise.resolve().then(() => this.reload(request.child));
    void work.then(
      () => this.reply(child, request.id, null),
      (err: unknown) => this.reply(child, request.id, err as Error),
    );
  }

  private reply(child: ChildProcess, id: number, error: Error | null): void {
    // The asker may be gone (it asked for its own restart): there is no one left to tell.
    if (!child.connected) return;
    child.send(linkReply(id, error), () => {});
  }

  private recordChildren(): void {
    const children: RecordedChild[] = [];
    for (const { spec, run } of this.slots.values()) {
      const pid = run?.child.pid;
      // Detached: each child leads a process group of its own, numbered by its pid.
      if (pid !== undefined) {
        children.push({ name: spec.name, pid, processGroup: pid, command: [spec.command, ...spec.args] });
      }
    }
    this.options.onChildrenChanged?.(children);
  }

  /** A Node child's environment: the stack's, the link's pid, and its own options in NODE_OPTIONS. */
  private nodeEnvironment(spec: ChildSpec): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.options.env, [SUPERVISOR_PID_VARIABLE]: String(process.pid) };
    const options = mergeNodeOptions(spec.nodeOptions ?? [], env.NODE_OPTIONS);
    if (options !== undefined) env.NODE_OPTIONS = options;
    return env;
  }

  private async waitReady(spec: ChildSpec, run: Running): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.stopping) throw new SupervisorError('stopped while starting');
      const { exitCode, signalCode } = run.child;
      if (exitCode !== null || signalCode !== null) {
        throw new SupervisorError(
          `${spec.name} exited with ${signalCode ? `signal ${signalCode}` : `code ${exitCode}`} before it was ready; see its log above`,
        );
      }
      const answer = await probeReady(spec.readyUrl, 2000);
      if (answer.ok) return;
      lastError = answer.why;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new SupervisorError(
      `${spec.name} was not ready within ${timeoutMs / 1000} s at ${spec.readyUrl} (${lastError})`,
    );
  }

  private cannotStart(spec: ChildSpec, why: string): void {
    this.say(`${spec.name} could not start: ${why}`);
    this.fail(new SupervisorError(`${spec.name} could not start (${spec.command}): ${why}`));
  }

  private fail(err: Error): void {
    this.failure?.(err);
    this.failure = null;
  }

  private say(message: string): void {
    this.options.log(`${namePrefix('supervisor', this.width)}${message}`);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone; the child's own pid may still need the signal.
    child.kill(signal);
  }
}
