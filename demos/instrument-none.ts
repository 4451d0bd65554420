import type { Instrumentation } from './instrumentation';

/**
 * No metrics at all: the baseline bench/instrumentation-overhead.ts measures the other two against. The same
 * handler runs; only the instrumentation's work is gone.
 */
export function createNoInstrumentation(): Instrumentation {
  const done = (): void => {};
  return {
    onStart: () => done,
    serveMetrics(_req, res) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This app is not instrumented: it has no metrics.\n');
    },
    applySettings() {},
    close: () => Promise.resolve(),
  };
}
