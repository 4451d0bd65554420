import { createServer, type Server } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import { createThrottledReport } from '../throttled-report';

/**
 * shared-mode: the primary answers `/metrics` with every worker's registry merged, as prom-client's
 * cluster example does. It asks each worker over IPC and waits for all of them (prom-client gives up after
 * 5 s); a worker that has died is simply not asked, so its counts vanish from the sum.
 */
export function createAggregateServer(log: (line: string) => void): Server {
  const aggregator = new AggregatorRegistry();
  // A worker still starting (or dying) does not answer: every scrape until then fails after 5 s.
  const failures = createThrottledReport({
    what: 'merged /metrics failures',
    intervalMs: 10_000,
    now: Date.now,
    report: log,
  });
  return createServer((req, res) => {
    res.setHeader('x-answered-by', `primary ${process.pid}`);
    if ((req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('this port serves /metrics only\n');
      return;
    }
    aggregator.clusterMetrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': aggregator.contentType });
        res.end(body);
      },
      (error: unknown) => {
        failures.record(String(error));
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`the workers did not all answer: ${String(error)}\n`);
      },
    );
  });
}
