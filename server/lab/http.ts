import http from 'node:http';
import { admit, readBody, refuse } from '../http/guarded';
import type { GuardPolicy } from '../http/request-guard';
import { CONTROLS, READS, type ControlBody, type ControlName } from './control-api';
import { ControlInputError, parseControl } from './control-schema';
import { LabError, type Lab } from './lab';

export interface LabServerOptions {
  policy: GuardPolicy;
  log: (line: string) => void;
}

/** A body was refused (413) or the client went away: the answer, if any, has been sent. */
class BodyUnreadable extends Error {}

/**
 * The lab's control API (JSON) and its Server-Sent Events stream of snapshots, behind the request guard.
 * Handlers are a few lines each; the work is in Lab.
 */
export function createLabServer(lab: Lab, { policy, log }: LabServerOptions): http.Server {
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => sendError(res, err, log));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const admitted = admit(req, res, policy);
    if (!admitted) return;
    const query = new URLSearchParams(admitted.search);
    const pathname = admitted.path;
    const readJson = () => readJsonBody(req, res, policy.maxBodyBytes, log);
    const route = `${req.method} ${pathname}`;
    switch (route) {
      case 'GET /-/healthy':
        return lab.isStarted
          ? sendJson(res, 200, { ok: true })
          : sendJson(res, 503, {
              error: 'starting: restarting the apps and the bridge so every count begins at zero',
            });
      case 'GET /metrics': {
        const { contentType, body } = await lab.truthMetrics();
        res.writeHead(200, { 'content-type': contentType });
        res.end(body);
        return;
      }
      case 'GET /api/snapshot': {
        const sinceMs = parseSince(query.get('since'));
        // Without `since` every reader gets the tick's snapshot: a flood of them costs a write each.
        return sendJsonText(
          res,
          200,
          sinceMs === undefined ? lab.feed.json() : JSON.stringify(lab.snapshot({ sinceMs })),
        );
      }
      case 'GET /api/stream':
        return openStream(req, res);
    }
    const control = CONTROL_BY_ROUTE.get(route);
    if (control) {
      const body: unknown = parseControl<unknown>(CONTROLS[control].body, await readJson());
      try {
        return sendJson(res, 200, await answerControl(lab, control, body));
      } finally {
        // A snapshot from before a change (even a half-done one) must not answer the next request.
        lab.feed.invalidate();
      }
    }
    const known = KNOWN_PATHS.has(pathname);
    if (known) refuse(req, res, 405, `method: ${req.method} not allowed on ${pathname}`);
    else refuse(req, res, 404, `path: no such path ${pathname}`);
  }

  function openStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Browsers reconnect on their own after this many milliseconds when the stream drops.
    res.write('retry: 2000\n\n');
    lab.feed.add(res);
    req.on('close', () => lab.feed.remove(res));
  }

  server.on('close', () => lab.feed.close());
  return server;
}

const CONTROL_BY_ROUTE = new Map(
  (Object.keys(CONTROLS) as ControlName[]).map((name) => [`POST /api/${CONTROLS[name].path}`, name]),
);

const KNOWN_PATHS = new Set([
  '/-/healthy',
  '/metrics',
  ...Object.values(READS).map((e) => `/api/${e.path}`),
  ...Object.values(CONTROLS).map((e) => `/api/${e.path}`),
]);

/** What each control call does, given its validated body: one line each, the work is in Lab. */
function answerControl(lab: Lab, name: ControlName, body: unknown): Promise<unknown> {
  switch (name) {
    case 'settings':
      return lab.applySettings(body as ControlBody<'settings'>).then((settings) => ({ settings }));
    case 'crash-worker': {
      const { route, workerId } = body as ControlBody<'crash-worker'>;
      return lab.crashWorker(route, workerId);
    }
    case 'crash-everywhere':
      return lab.crashEverywhere();
    case 'burst': {
      const { route, requests } = body as ControlBody<'burst'>;
      return lab.burst(route, requests);
    }
    case 'kill-bridge':
      return lab.killBridge().then(() => ({ ok: true }));
    case 'reset':
      return lab.reset().then(() => ({ ok: true }));
    case 'scrape':
      return lab.scrapeNow().then((points) => ({ points }));
  }
}

function parseSince(value: string | null): number | undefined {
  if (value === null) return undefined;
  const since = Number(value);
  if (!Number.isFinite(since) || since < 0) {
    throw new ControlInputError(`since: must be a Unix time in milliseconds, got "${value}"`);
  }
  return since;
}

async function readJsonBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  maxBytes: number,
  log: (line: string) => void,
): Promise<unknown> {
  const body = await readBody(req, res, { maxBytes, log: (line) => log(`lab: ${line}`) });
  if (body === null) throw new BodyUnreadable();
  const text = body.trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlInputError('body: not valid JSON');
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

function sendJsonText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: http.ServerResponse, err: unknown, log: (line: string) => void): void {
  if (err instanceof BodyUnreadable) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof ControlInputError) return sendJson(res, 400, { error: err.message });
  if (err instanceof LabError) return sendJson(res, err.status, { error: err.message });
  log(`lab: unexpected error: ${(err as Error).stack ?? String(err)}`);
  sendJson(res, 500, { error: `internal error: ${(err as Error).message}` });
}
