import http from 'node:http';
import { admit, readBody, refuse } from '../http/guarded';
import type { GuardPolicy } from '../http/request-guard';
import {
  burstSchema,
  ControlInputError,
  crashWorkerSchema,
  emptySchema,
  parseControl,
  settingsPatchSchema,
} from './control-schema';
import { LabError, type Lab } from './lab';

const STREAM_INTERVAL_MS = 1000;

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
  const streams = new Set<http.ServerResponse>();
  let streamTimer: NodeJS.Timeout | null = null;

  const broadcast = () => {
    const frame = sseFrame(lab.snapshot());
    for (const res of streams) res.write(frame);
  };

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
      case 'GET /api/snapshot':
        return sendJson(res, 200, lab.snapshot({ sinceMs: parseSince(query.get('since')) }));
      case 'GET /api/stream':
        return openStream(req, res);
      case 'POST /api/settings': {
        const patch = parseControl(settingsPatchSchema, await readJson());
        return sendJson(res, 200, { settings: await lab.applySettings(patch) });
      }
      case 'POST /api/actions/crash-worker': {
        const body = parseControl(crashWorkerSchema, await readJson());
        return sendJson(res, 200, await lab.crashWorker(body.route, body.workerId));
      }
      case 'POST /api/actions/crash-everywhere':
        parseControl(emptySchema, await readJson());
        return sendJson(res, 200, await lab.crashEverywhere());
      case 'POST /api/actions/burst': {
        const body = parseControl(burstSchema, await readJson());
        return sendJson(res, 200, await lab.burst(body.requests));
      }
      case 'POST /api/actions/kill-bridge':
        parseControl(emptySchema, await readJson());
        await lab.killBridge();
        return sendJson(res, 200, { ok: true });
      case 'POST /api/actions/reset':
        parseControl(emptySchema, await readJson());
        await lab.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /api/actions/scrape':
        parseControl(emptySchema, await readJson());
        return sendJson(res, 200, { points: await lab.scrapeNow() });
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
    res.write(sseFrame(lab.snapshot()));
    streams.add(res);
    streamTimer ??= setInterval(broadcast, STREAM_INTERVAL_MS);
    req.on('close', () => {
      streams.delete(res);
      if (streams.size === 0 && streamTimer) {
        clearInterval(streamTimer);
        streamTimer = null;
      }
    });
  }

  server.on('close', () => {
    if (streamTimer) clearInterval(streamTimer);
    for (const res of streams) res.end();
  });
  return server;
}

const KNOWN_PATHS = new Set([
  '/-/healthy',
  '/metrics',
  '/api/snapshot',
  '/api/stream',
  '/api/settings',
  '/api/actions/crash-worker',
  '/api/actions/crash-everywhere',
  '/api/actions/burst',
  '/api/actions/kill-bridge',
  '/api/actions/reset',
  '/api/actions/scrape',
]);

function parseSince(value: string | null): number | undefined {
  if (value === null) return undefined;
  const since = Number(value);
  if (!Number.isFinite(since) || since < 0) {
    throw new ControlInputError(`since: must be a Unix time in milliseconds, got "${value}"`);
  }
  return since;
}

function sseFrame(data: unknown): string {
  return `event: snapshot\ndata: ${JSON.stringify(data)}\n\n`;
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
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
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
