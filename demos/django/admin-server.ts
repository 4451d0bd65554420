import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { admit, readBody, refuse } from '../../server/http/guarded';
import type { GuardPolicy } from '../../server/http/request-guard';
import {
  crashBodySchema,
  matchRoute,
  parseBody,
  restartBodySchema,
  scaleBodySchema,
  settingsBodySchema,
  type AdminRoute,
} from '../cluster/admin-requests';
import { WaitTimeoutError, WorkerNotFoundError } from '../cluster/worker-pool';
import { DJANGO_SETTINGS, refusedSetting } from './fixed-settings';
import type { GunicornPool } from './gunicorn-pool';

export interface AdminServerOptions {
  log: (line: string) => void;
  policy: GuardPolicy;
}

/**
 * The Node demo's admin API (demos/cluster/admin-server.ts) over gunicorn: the same routes, guard, bodies,
 * status codes and JSON, so the lab drives either app without telling them apart.
 */
export function createAdminServer(pool: GunicornPool, options: AdminServerOptions): Server {
  return createServer((req, res) => {
    handle(pool, req, res, options).catch((error: unknown) => {
      options.log(`admin: ${req.method} ${req.url} failed: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error, see the demo log' });
    });
  });
}

async function handle(
  pool: GunicornPool,
  req: IncomingMessage,
  res: ServerResponse,
  { log, policy }: AdminServerOptions,
): Promise<void> {
  const admitted = admit(req, res, policy);
  if (!admitted) return;
  const method = req.method ?? 'GET';
  const match = matchRoute(method, admitted.path);
  if (match.kind === 'not-found') return refuse(req, res, 404, `path: no such path ${admitted.path}`);
  if (match.kind === 'method-not-allowed') {
    const allow = match.allow.join(', ');
    return refuse(req, res, 405, `method: ${method} not allowed here; use ${allow}`, allow);
  }
  const body = admitted.changesState
    ? await readBody(req, res, { maxBytes: policy.maxBodyBytes, log: (line) => log(`admin: ${line}`) })
    : '';
  if (body === null) return;
  try {
    await answer(pool, match.route, body, res);
  } catch (error) {
    if (error instanceof WorkerNotFoundError) return sendJson(res, 404, { error: error.message });
    if (error instanceof WaitTimeoutError) return sendJson(res, 503, { error: error.message });
    throw error;
  }
}

async function answer(
  pool: GunicornPool,
  route: AdminRoute,
  body: string,
  res: ServerResponse,
): Promise<void> {
  const workers = (): object => ({ target: pool.target, workers: pool.list() });
  switch (route) {
    case 'GET /workers':
      return sendJson(res, 200, workers());
    case 'PUT /workers': {
      const parsed = parseBody(scaleBodySchema, body);
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
      await pool.scale(parsed.value.count);
      return sendJson(res, 200, workers());
    }
    case 'POST /workers/crash': {
      const parsed = parseBody(crashBodySchema, body);
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
      return sendJson(res, 200, { crashed: await pool.crash(parsed.value.id) });
    }
    case 'POST /workers/restart': {
      const parsed = parseBody(restartBodySchema, body);
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
      await pool.restart();
      return sendJson(res, 200, workers());
    }
    case 'GET /settings':
      return sendJson(res, 200, DJANGO_SETTINGS);
    case 'PUT /settings': {
      const parsed = parseBody(settingsBodySchema, body);
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
      const refused = refusedSetting(parsed.value);
      if (refused !== null) return sendJson(res, 400, { error: refused });
      return sendJson(res, 200, DJANGO_SETTINGS);
    }
    case 'GET /-/healthy': {
      const listening = pool.list().length;
      return sendJson(res, listening > 0 ? 200 : 503, { healthy: listening > 0, listening });
    }
  }
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}
