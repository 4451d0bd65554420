import type { Instrumentation } from './instrumentation';

/**
 * prom-client and hot-shots in the same worker, fed by the same requests: the lab's Node app, so the direct,
 * per-worker, shared-mode and StatsD routes are compared on exactly the same traffic, and one set of workers
 * serves them all. `/metrics` is prom-client's: StatsD has no endpoint on the app.
 */
export function createBothInstrumentations(
  scraped: Instrumentation,
  pushed: Instrumentation,
): Instrumentation {
  return {
    onStart(labels) {
      const scrapedDone = scraped.onStart(labels);
      const pushedDone = pushed.onStart(labels);
      return (status, seconds) => {
        scrapedDone(status, seconds);
        pushedDone(status, seconds);
      };
    },
    serveMetrics: (req, res) => scraped.serveMetrics(req, res),
    applySettings(settings) {
      scraped.applySettings(settings);
      pushed.applySettings(settings);
    },
    async close() {
      await Promise.all([scraped.close(), pushed.close()]);
    },
  };
}
