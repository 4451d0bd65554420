import http from 'node:http';
import type { Duplex } from 'node:stream';
import { admit, refuse } from '../http/guarded';
import { checkRequest, sameSecret, TOKEN_COOKIE, type GuardPolicy } from '../http/request-guard';
import { proxyToLab, type LabProxyOptions } from './lab-proxy';

/**
 * The web process' front door: every request passes the request guard before Next.js or the lab proxy
 * sees it, so a foreign Host, a cross-site post, `TRACE` or a bad target never reaches either. Only the
 * lab proxy takes a body; pages are read-only.
 */

type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> | void;

export interface WebServerOptions {
  policy: GuardPolicy;
  lab: Omit<LabProxyOptions, 'maxBodyBytes'>;
  /** Next.js' request handler, for everything that is not `/api/lab/…`. */
  pages: PageHandler;
  /** Next.js' upgrade handler (hot reload under `next dev`); absent in production. */
  upgrades?: UpgradeHandler;
  log: (line: string) => void;
}

const LAB_PREFIX = '/api/lab/';
/** A year: the token does not expire while the stack runs; a new stack makes a new one. */
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

export function createWebServer(options: WebServerOptions): http.Server {
  const { policy, log } = options;
  const server = http.createServer((req, res) => {
    void answer(req, res).catch((err: unknown) => {
      log(`web: ${req.method} ${req.url} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) refuse(req, res, 500, 'internal error, see the web log');
      else res.destroy();
    });
  });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const admitted = admit(req, res, policy);
    if (!admitted) return;
    const { path, search, changesState } = admitted;
    if (path.startsWith(LAB_PREFIX)) {
      const segments = path.slice(LAB_PREFIX.length).split('/');
      return proxyToLab(
        req,
        res,
        { segments, search },
        { ...options.lab, maxBodyBytes: policy.maxBodyBytes },
      );
    }
    if (changesState)
      return refuse(req, res, 405, `method: ${req.method} is not allowed on pages`, 'GET, HEAD');
    const offered = new URLSearchParams(search).get('token');
    if (offered !== null) return takeToken(res, { path, search, offered });
    await options.pages(req, res);
  }

  /** `?token=…` on any page, as printed at start: kept in a cookie so the page's controls work. */
  function takeToken(
    res: http.ServerResponse,
    { path, search, offered }: { path: string; search: string; offered: string },
  ): void {
    if (policy.token === null || !sameSecret(offered, policy.token)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(policy.token === null ? 'token: this server needs none\n' : "token: not this stack's token\n");
      return;
    }
    const rest = new URLSearchParams(search);
    rest.delete('token');
    const query = rest.toString();
    res.writeHead(303, {
      location: `${encodeURI(path)}${query ? `?${query}` : ''}`,
      'set-cookie': `${TOKEN_COOKIE}=${policy.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_SECONDS}`,
      'cache-control': 'no-store',
    });
    res.end();
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkRequest(req, policy);
    if (!verdict.ok || !options.upgrades) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    void Promise.resolve(options.upgrades(req, socket, head)).catch(() => socket.destroy());
  });
  return server;
}
