import { spawn, type ChildProcess } from 'node:child_process';
import { LinePrefixer, namePrefix } from './log-prefix';
import type { ChildSpec } from './plan';

export interface SupervisorOptions {
  env: NodeJS.ProcessEnv;
  /** Where prefixed log lines go. */
  log: (line: string) => void;
  /** How long a child may take to answer its ready URL. */
  readyTimeoutMs?: number;
  /** Runs once every child has exited (e.g. to remove temporary folders). */
  onStopped?: () => void;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  startedAt: number;
  exited: Promise<void>;
}

/** A child that dies this soon after starting, this many times in a row, is given up on. */
const QUICK_EXIT_MS = 3000;
const QUICK_EXITS_ALLOWED = 3;
const RESTART_DELAY_MS = 300;
const STOP_GRACE_MS = 5000;

export class SupervisorError extends Error {
  override name = 'SupervisorError';
}

/**
 * Starts children in order and waits for each to be ready; restarts any that exits while running (the bridge
 * after `/-/quit`, a crashed app); on stop, ends every child's whole process group so nothing is orphaned.
 */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private readonly quickExits = new Map<string, number>();
  private stopping = false;
  private failure: ((err: Error) => void) | null = null;
  /** Settles when a child has to be given up on. */
  readonly failed: Promise<Error>;
  private readonly width: number;

  constructor(
    private readonly specs: ChildSpec[],
    private readonly options: SupervisorOptions,
  ) {
    this.width = Math.max(10, ...specs.map((s) => s.name.length));
    this.failed = new Promise((resolve) => {
      this.failure = resolve;
    });
  }

  async start(): Promise<void> {
    for (const spec of this.specs) {
      if (this.stopping) throw new SupervisorError('stopped while starting');
      this.launch(spec);
      await this.waitReady(spec);
      this.say(`${spec.name} ready (${spec.readyUrl})`);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.running.values()];
    for (const r of all) signalGroup(r.child, 'SIGTERM');
    const timer = setTimeout(() => {
      for (const r of all) signalGroup(r.child, 'SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(all.map((r) => r.exited));
    clearTimeout(timer);
    this.options.onStopped?.();
  }

  private launch(spec: ChildSpec): void {
    // stop() may have run between a child turning ready and the next one starting: start nothing new.
    if (this.stopping) return;
    // Its own process group, so stop() reaches grandchildren too (cluster workers, Next.js workers).
    const child = spawn(spec.command, spec.args, {
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const prefix = namePrefix(spec.name, this.width);
    for (const stream of [child.stdout, child.stderr]) {
      const lines = new LinePrefixer(prefix);
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => lines.push(chunk).forEach(this.options.log));
      stream?.on('end', () => lines.end().forEach(this.options.log));
    }
    const exited = new Promise<void>((resolve) => {
      child.on('error', (err) => {
        this.say(`${spec.name} could not start: ${err.message}`);
        this.fail(new SupervisorError(`${spec.name} could not start (${spec.command}): ${err.message}`));
        resolve();
      });
      child.on('exit', (code, signal) => {
        resolve();
        this.onExit(spec, code, signal);
      });
    });
    this.running.set(spec.name, { spec, child, startedAt: Date.now(), exited });
  }

  private onExit(spec: ChildSpec, code: number | null, signal: NodeJS.Signals | null): void {
    const run = this.running.get(spec.name);
    if (this.stopping || !run) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const quick = Date.now() - run.startedAt < QUICK_EXIT_MS;
    const count = quick ? (this.quickExits.get(spec.name) ?? 0) + 1 : 0;
    this.quickExits.set(spec.name, count);
    if (count >= QUICK_EXITS_ALLOWED) {
      this.fail(
        new SupervisorError(
          `${spec.name} exited ${count} times right after starting (last: ${how}); see its log above`,
        ),
      );
      return;
    }
    this.say(`${spec.name} exited (${how}); starting it again`);
    setTimeout(() => {
      if (!this.stopping) this.launch(spec);
    }, RESTART_DELAY_MS);
  }

  private async waitReady(spec: ChildSpec): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.stopping) throw new SupervisorError('stopped while starting');
      const run = this.running.get(spec.name);
      if (run && run.child.exitCode !== null) {
        throw new SupervisorError(
          `${spec.name} exited with code ${run.child.exitCode} before it was ready; see its log above`,
        );
      }
      try {
        const res = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        if (res.ok) return;
        lastError = `HTTP ${res.status}`;
      } catch (err) {
        lastError = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new SupervisorError(
      `${spec.name} was not ready within ${timeoutMs / 1000} s at ${spec.readyUrl} (${lastError})`,
    );
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
