import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { admit, refuse } from '../http/guarded';
import type { GuardPolicy } from '../http/request-guard';

/**
 * The bridge's web side, shaped like statsd_exporter's: /metrics, /-/healthy, /-/ready and, only with
 * `--web.enable-lifecycle` as there, /-/quit. Every request passes the request guard first.
 */

export interface BridgeHttpOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The exposition text and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** True once the StatsD socket is bound. */
  isReady: () => boolean;
  /** When set, /-/quit is served and calls this once its answer has been sent. */
  onQuit: (() => void) | null;
  policy: GuardPolicy;
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
  };
  const { onQuit } = options;
  if (onQuit) {
    routes['/-/quit'] = {
      // statsd_exporter's lifecycle API takes PUT as well as POST.
      methods: ['POST', 'PUT'],
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Requesting termination... Goodbye!\n', () => onQuit());
      },
    };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const admitted = admit(req, res, options.policy);
    if (!admitted) return;
    const method = req.method ?? 'GET';
    const { path } = admitted;
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) {
      refuse(req, res, 404, `path: no such path ${path}`);
    } else if (!route.methods.includes(method)) {
      const allow = route.methods.join(', ');
      refuse(req, res, 405, `method: ${method} not allowed on ${path}; use ${allow}`, allow);
    } else if (admitted.changesState && hasBody(req)) {
      refuse(req, res, 400, 'body: /-/quit takes no body');
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

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
