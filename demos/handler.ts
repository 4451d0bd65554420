import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Instrumentation } from './instrumentation';
import { decideStatus, sampleLatencyMs, type LatencyOptions, type Random } from './simulated-work';

export interface HandlerOptions {
  /** `cluster.worker.id`, sent on every response so a client can tell which worker answered. */
  workerId: number;
  instrumentation: Instrumentation;
  random: Random;
  latency: LatencyOptions;
  errorRate: number;
}

/** The one request handler both demo variants share; only the instrumentation differs. */
export function createRequestHandler(options: HandlerOptions): RequestListener {
  return (req, res) => {
    res.setHeader('x-worker-id', String(options.workerId));
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/work' || path === '/metrics') {
      if (req.method !== 'GET') return sendText(res, 405, 'method not allowed\n', { allow: 'GET' });
      if (path === '/metrics') return options.instrumentation.serveMetrics(req, res);
      return void work(req, res, options);
    }
    sendText(res, 404, 'not found\n');
  };
}

async function work(_req: IncomingMessage, res: ServerResponse, options: HandlerOptions): Promise<void> {
  const done = options.instrumentation.onStart({ method: 'GET', route: '/work' });
  const started = performance.now();
  const latencyMs = sampleLatencyMs(options.random, options.latency);
  // No timer at all when the latency is turned off, so a benchmark measures the handler, not setTimeout.
  if (latencyMs > 0) await sleep(latencyMs);
  const status = decideStatus(options.random, options.errorRate);
  // Counted before the answer leaves, so a client holding its answer knows the counter includes it.
  done(status, (performance.now() - started) / 1000);
  sendText(res, status, status === 200 ? 'ok\n' : 'simulated failure\n');
}

function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}
