import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { admit, refuse } from '../http/guarded';
import type { GuardPolicy } from '../http/request-guard';

/**
 * The bridge's web side, shaped like statsd_exporter's: a landing page at /, /metrics, /-/healthy,
 * /-/ready and, only with `--web.enable-lifecycle` as there, /-/reload and /-/quit. Every request passes
 * the request guard first.
 */

/** What a mapping reload did: the old mapping stays in force when the new file is bad. */
export type ReloadOutcome = { ok: true; mappingCount: number } | { ok: false; error: string };

export interface BridgeHttpOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Shown on the landing page. */
  version: string;
  /** The exposition text and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** True once the StatsD sockets are bound. */
  isReady: () => boolean;
  /** When set, /-/reload is served and answers once this has settled. */
  onReload: (() => Promise<ReloadOutcome>) | null;
  /** When set, /-/quit is served and calls this once its answer has been sent. */
  onQuit: (() => void) | null;
  policy: GuardPolicy;
}

export interface BridgeHttpServer {
  port: number;
  close(): Promise<void>;
}

type Route = { methods: string[]; handle: (res: ServerResponse, method: string) => Promise<void> | void };

/** statsd_exporter's lifecycle API takes PUT as well as POST. */
const LIFECYCLE_METHODS = ['POST', 'PUT'];

export async function startHttpServer(options: BridgeHttpOptions): Promise<BridgeHttpServer> {
  const { onReload, onQuit } = options;
  const routes: Record<string, Route> = {
    '/': {
      methods: ['GET', 'HEAD'],
      handle: (res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(landingPage(options.version, onReload !== null));
      },
    },
    '/metrics': {
      methods: ['GET', 'HEAD'],
      handle: async (res, method) => {
        const exposition = await options.metrics();
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
          : send(res, 503, 'Not ready: the StatsD sockets are not bound.\n'),
    },
  };
  if (onReload) {
    routes['/-/reload'] = {
      methods: LIFECYCLE_METHODS,
      // The exporter answers 200 whatever the file held; this one says whether the new mapping took.
      handle: async (res) => {
        const outcome = await onReload();
        if (outcome.ok) send(res, 200, `Reloaded the mapping file: ${outcome.mappingCount} mappings.\n`);
        else send(res, 500, `Reload failed, the previous mapping stays in force: ${outcome.error}\n`);
      },
    };
  }
  if (onQuit) {
    routes['/-/quit'] = {
      methods: LIFECYCLE_METHODS,
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
      refuse(req, res, 400, `body: ${path} takes no body`);
    } else {
      // A handler that fails answers 500 rather than taking the process down with an unhandled rejection.
      Promise.resolve()
        .then(() => route.handle(res, method))
        .catch((err: unknown) => {
          if (res.headersSent) res.destroy();
          else send(res, 500, `${path} failed: ${String(err)}\n`);
        });
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

/** The exporter's landing page, in short: what this is, its version, where to go. */
function landingPage(version: string, lifecycle: boolean): string {
  const lifecycleNote = lifecycle
    ? '<p>Lifecycle: POST or PUT <code>/-/reload</code> re-reads the mapping file, <code>/-/quit</code> stops.</p>\n'
    : '';
  return (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Scrape Lab StatsD bridge</title></head>\n' +
    '<body>\n<h1>Scrape Lab StatsD bridge</h1>\n' +
    '<p>statsd_exporter-compatible: StatsD over UDP and TCP in, Prometheus metrics out.</p>\n' +
    `<div>Version: ${escapeHtml(version)}</div>\n` +
    '<ul>\n<li><a href="/metrics">Metrics</a></li>\n<li><a href="/-/healthy">Health</a></li>\n' +
    '<li><a href="/-/ready">Readiness</a></li>\n</ul>\n' +
    `${lifecycleNote}</body>\n</html>\n`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
