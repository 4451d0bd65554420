import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The bridge's web side, shaped like statsd_exporter's: /metrics, /-/healthy, /-/ready and the
 * lifecycle /-/quit (always on here, because the supervisor restarts the bridge through it).
 */

export interface BridgeHttpOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The exposition text and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** True once the StatsD socket is bound. */
  isReady: () => boolean;
  /** Called after the /-/quit answer has been sent. */
  onQuit: () => void;
}

export interface BridgeHttpServer {
  port: number;
  close(): Promise<void>;
}

type Route = { methods: string[]; handle: (res: ServerResponse, method: string) => Promise<void> | void };

export async function startHttpServer(options: BridgeHttpOptions): Promise<BridgeHttpServer> {
  const routes: Record<string, Route> = {
    '/metrics': {
      methods: ['GET', 'HEAD'],
      handle: async (res, method) => {
        let exposition: { contentType: string; body: string };
        try {
          exposition = await options.metrics();
        } catch (err) {
          send(res, 500, `collecting metrics failed: ${String(err)}\n`);
          return;
        }
        res.writeHead(200, { 'content-type': exposition.contentType });
        res.end(method === 'HEAD' ? undefined : exposition.body);
      },
    },
    '/-/healthy': { methods: ['GET', 'HEAD'], handle: (res) => send(res, 200, 'Healthy.\n') },
    '/-/ready': {
      methods: ['GET', 'HEAD'],
      handle: (res) =>
        options.isReady()
          ? send(res, 200, 'Ready.\n')
          : send(res, 503, 'Not ready: the StatsD socket is not bound.\n'),
    },
    '/-/quit': {
      // statsd_exporter's lifecycle API takes PUT as well as POST.
      methods: ['POST', 'PUT'],
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Requesting termination... Goodbye!\n', () => options.onQuit());
      },
    },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://bridge').pathname;
    const route = routes[path];
    if (!route) {
      send(res, 404, `Not found: ${path}\n`);
    } else if (!route.methods.includes(method)) {
      res.setHeader('allow', route.methods.join(', '));
      send(res, 405, `Method ${method} not allowed on ${path}; use ${route.methods.join(' or ')}.\n`);
    } else {
      void route.handle(res, method);
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new Error(`cannot serve /metrics on http://${options.host}:${options.port}: ${err.message}`));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const address = server.address();
  let closed: Promise<void> | null = null;
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      (closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        // Scrapers keep connections alive; close() alone would wait for them.
        server.closeAllConnections();
      })),
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
