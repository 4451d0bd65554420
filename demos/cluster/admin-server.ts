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
} from './admin-requests';
import type { WorkerInfo } from '../../server/lab/types';
import type { DemoSettings } from '../instrumentation';
import { WaitTimeoutError } from './condition-waits';
import { SettingRefusedError, WorkerNotFoundError } from './worker-pool';

/** What the admin API drives: the Node cluster's WorkerPool or gunicorn's (demos/django/gunicorn-pool.ts). */
export interface AdminPool {
  readonly target: number;
  list(): WorkerInfo[];
  scale(count: number): Promise<void>;
  crash(id?: number): Promise<number>;
  restart(): Promise<void>;
  readonly settings: DemoSettings;
  /** Throws SettingRefusedError for a switch the pool cannot take. */
  updateSettings(patch: Partial<DemoSettings>): Promise<DemoSettings>;
}

export interface AdminServerOptions {
  log: (line: string) => void;
  policy: GuardPolicy;
}

/**
 * The JSON admin API through which the lab scales, crashes and reconfigures the workers: one API over either
 * pool, so the lab drives a Node cluster and a gunicorn without telling them apart.
 */
export function createAdminServer(pool: AdminPool, options: AdminServerOptions): Server {
  return createServer((req, res) => {
    handle(pool, req, res, options).catch((error: unknown) => {
      options.log(`admin: ${req.method} ${req.url} failed: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error, see the demo log' });
    });
  });
}

async function handle(
  pool: AdminPool,
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
    if (error instanceof SettingRefusedError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}

async function answer(pool: AdminPool, route: AdminRoute, body: string, res: ServerResponse): Promise<void> {
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
      return sendJson(res, 200, pool.settings);
    case 'PUT /settings': {
      const parsed = parseBody(settingsBodySchema, body);
      if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
      return sendJson(res, 200, await pool.updateSettings(parsed.value));
    }
    case 'GET /-/healthy': {
      const listening = pool.list().length;
      return sendJson(res, listening > 0 ? 200 : 503, { healthy: listening > 0, listening });
    }
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}
