/**
 * Forwards the page's `/api/lab/*` calls to the lab engine, so the browser only ever talks to the web
 * app's own origin. Only the lab's public endpoints pass; bodies are capped before they are read; the
 * snapshot stream is piped through unbuffered and closed upstream as soon as the browser goes away.
 */
import http from 'node:http';
import { readBody, refuse } from '../http/guarded';
import { CONTROL_ROUTES, READS } from '../lab/control-routes';

export interface LabEndpoint {
  method: 'GET' | 'POST';
  /** Path under the lab's `/api/`. */
  path: string;
  /** Server-Sent Events: piped through as a stream instead of read whole. */
  stream: boolean;
  /** How long this call may take when it is longer than the proxy's default (a burst, a restart). */
  timeoutMs?: number;
}

/** The lab's public API, from its routes (control-routes.ts); nothing else passes the proxy. */
export const LAB_ENDPOINTS: readonly LabEndpoint[] = [
  ...Object.values(READS).map(({ method, path, stream }) => ({ method, path, stream })),
  ...Object.values(CONTROL_ROUTES).map(({ method, path, ...rest }) => ({
    method,
    path,
    stream: false,
    ...('timeoutMs' in rest ? { timeoutMs: rest.timeoutMs } : {}),
  })),
];

export type EndpointMatch =
  { ok: true; endpoint: LabEndpoint } | { ok: false; status: 404 | 405; error: string; allow?: string };

/** Finds the lab endpoint for a request to `/api/lab/<segments>`; unknown paths are 404, wrong methods 405. */
export function resolveLabEndpoint(method: string, segments: readonly string[]): EndpointMatch {
  const path = segments.join('/');
  const candidates = LAB_ENDPOINTS.filter((e) => e.path === path);
  if (candidates.length === 0) return { ok: false, status: 404, error: `path: no lab endpoint /api/${path}` };
  const endpoint = candidates.find((e) => e.method === method.toUpperCase());
  if (endpoint === undefined) {
    const allow = candidates.map((e) => e.method).join(', ');
    return { ok: false, status: 405, error: `method: /api/${path} accepts ${allow}, not ${method}`, allow };
  }
  return { ok: true, endpoint };
}

export interface LabProxyOptions {
  /** Where the lab listens, e.g. `http://127.0.0.1:9300`. */
  labOrigin: string;
  /**
   * How long to wait for the lab: the whole answer, or for a stream only its headers. Endpoints with a
   * `timeoutMs` of their own get that instead.
   */
  timeoutMs: number;
  /** Sent to the lab on every call when it wants one (servers bound beyond loopback). */
  token: string | null;
  maxBodyBytes: number;
  log: (line: string) => void;
}

/** The lab's origin from its configured host and port. */
export function labOrigin({ LAB_HOST, LAB_PORT }: { LAB_HOST: string; LAB_PORT: number }): string {
  const host = LAB_HOST.includes(':') && !LAB_HOST.startsWith('[') ? `[${LAB_HOST}]` : LAB_HOST;
  return `http://${host}:${LAB_PORT}`;
}

/** Names why a call to the lab failed: the socket error code when there is one (ECONNREFUSED …). */
function failureReason(err: unknown): string {
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(err);
}

/**
 * Answers a request for `/api/lab/<segments><search>` (already through the request guard) from the lab.
 */
export async function proxyToLab(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { segments, search }: { segments: readonly string[]; search: string },
  options: LabProxyOptions,
): Promise<void> {
  const match = resolveLabEndpoint(req.method ?? 'GET', segments);
  if (!match.ok) return refuse(req, res, match.status, match.error, match.allow);
  const { endpoint } = match;
  const timeoutMs = endpoint.timeoutMs ?? options.timeoutMs;

  let body: string | undefined;
  if (endpoint.method === 'POST') {
    const text = await readBody(req, res, { maxBytes: options.maxBodyBytes, log: options.log });
    if (text === null) return;
    body = text;
  }

  const upstream = new AbortController();
  // 'close' on the response fires when it is done or when the browser goes away mid-answer.
  res.on('close', () => upstream.abort(new Error('client went away')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    upstream.abort(new Error('timeout'));
  }, timeoutMs);

  try {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const call = http.request(
        `${options.labOrigin}/api/${endpoint.path}${search}`,
        {
          method: endpoint.method,
          headers: {
            accept: endpoint.stream ? 'text/event-stream' : 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          signal: upstream.signal,
        },
        resolve,
      );
      call.on('error', reject);
      call.end(body);
    });
    const status = response.statusCode ?? 502;
    if (endpoint.stream && status === 200) clearTimeout(timer);
    res.writeHead(status, {
      'content-type': response.headers['content-type'] ?? 'application/json',
      'cache-control': endpoint.stream ? 'no-cache, no-transform' : 'no-store',
      ...(endpoint.stream ? { 'x-accel-buffering': 'no' } : {}),
    });
    response.on('error', () => res.destroy());
    response.pipe(res);
    await new Promise<void>((resolve) => res.on('close', resolve));
  } catch (err) {
    if (res.headersSent || res.destroyed) return;
    if (timedOut) {
      return sendJson(res, 504, {
        error: `lab did not answer within ${timeoutMs} ms at ${options.labOrigin}`,
      });
    }
    sendJson(res, 502, { error: `lab unreachable at ${options.labOrigin} (${failureReason(err)})` });
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
