import type { WorkerInfo } from '../../server/lab/types';
import type { GunicornEvent } from './gunicorn-events';

interface Entry {
  id: number;
  pid: number;
  slot: number;
  forkedAtMs: number;
}

/**
 * gunicorn's workers as its events describe them: the ones serving, and the master's own worker count.
 * A worker appears when it is ready and leaves when the master reaps it. Pure.
 */
export class WorkerTable {
  readonly #entries = new Map<number, Entry>();
  /** The master's worker count; null until its first report. */
  #masterTarget: number | null = null;

  apply(event: GunicornEvent): void {
    switch (event.event) {
      case 'ready':
        this.#entries.set(event.id, {
          id: event.id,
          pid: event.pid,
          slot: event.slot,
          forkedAtMs: event.forkedAtMs,
        });
        return;
      case 'exit':
        this.#entries.delete(event.id);
        return;
      case 'target':
        this.#masterTarget = event.workers;
        return;
    }
  }

  /** Forgets every worker and the master's count: a new master is about to start. */
  clear(): void {
    this.#entries.clear();
    this.#masterTarget = null;
  }

  get masterTarget(): number | null {
    return this.#masterTarget;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: number): boolean {
    return this.#entries.has(id);
  }

  ids(): number[] {
    return [...this.#entries.keys()];
  }

  /** Serving workers, oldest first, in the Node demo's shape: no worker has a metrics port of its own. */
  list(nowMs: number): WorkerInfo[] {
    return [...this.#entries.values()]
      .sort((a, b) => a.id - b.id)
      .map((e) => ({
        id: e.id,
        pid: e.pid,
        uptimeSeconds: Math.round((nowMs - e.forkedAtMs) / 100) / 10,
        slot: e.slot,
        metricsPort: null,
      }));
  }
}
