export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/**
 * Promises that a condition on a pool's state will hold: each is checked again whenever the pool says its
 * state changed, and fails with WaitTimeoutError, naming what it waited for, when it takes too long.
 */
export class ConditionWaits {
  readonly #checks = new Set<() => void>();

  constructor(private readonly timeoutMs: number) {}

  waitFor(condition: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new WaitTimeoutError(`timed out after ${this.timeoutMs / 1000} s waiting for ${what}`));
      }, this.timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.#checks.delete(check);
      };
      this.#checks.add(check);
      check();
    });
  }

  /** The pool's state changed: every pending condition is checked again. */
  notify(): void {
    for (const check of [...this.#checks]) check();
  }
}
