/**
 * Forwards the page's `/api/lab/*` calls to the lab engine, so the browser only ever talks to the web
 * app's own origin. Only the lab's public endpoints pass; the snapshot stream is piped through unbuffered
 * and closed upstream as soon as the browser goes away.
 *
 * Upstream calls use node:http rather than fetch: Next.js wraps the global fetch, and through that wrapper
 * aborting a streaming response left the lab's socket open for seconds after the browser had gone.
 */
import http from 'node:http';
import { Readable } from 'node:stream';

export interface LabEndpoint {
  method: 'GET' | 'POST';
  /** Path under the lab's `/api/`. */
  path: string;
  /** Server-Sent Events: piped through as a stream instead of read whole. */
  stream: boolean;
  /** How long this call may take when it is longer than the proxy's default (a burst, a restart). */
  timeoutMs?: number;
}

export const LAB_ENDPOINTS: readonly LabEndpoint[] = [
  { method: 'GET', path: 'snapshot', stream: false },
  { method: 'GET', path: 'stream', stream: true },
  // A worker-count change waits for the apps to restart their workers (the lab allows them 30 s).
  { method: 'POST', path: 'settings', stream: false, timeoutMs: 40_000 },
  { method: 'POST', path: 'actions/crash-worker', stream: false },
  { method: 'POST', path: 'actions/kill-bridge', stream: false },
  // A reset drains the load (up to 15 s), restarts every worker (30 s) and the bridge (20 s).
  { method: 'POST', path: 'actions/reset', stream: false, timeoutMs: 70_000 },
  // A burst answers when all its requests are back: 20,000 per route take about 20 s here.
  { method: 'POST', path: 'actions/burst', stream: false, timeoutMs: 180_000 },
];

export type EndpointMatch =
  { ok: true; endpoint: LabEndpoint } | { ok: false; status: 404 | 405; error: string; allow?: string };

/** Finds the lab endpoint for a request to `/api/lab/<segments>`; unknown paths are 404, wrong methods 405. */
export function resolveLabEndpoint(method: string, segments: readonly string[]): EndpointMatch {
  const path = segments.join('/');
  const candidates = LAB_ENDPOINTS.filter((e) => e.path === path);
  if (candidates.length === 0) return { ok: false, status: 404, error: `no lab endpoint /api/${path}` };
  const endpoint = candidates.find((e) => e.method === method.toUpperCase());
  if (endpoint === undefined) {
    const allow = candidates.map((e) => e.method).join(', ');
    return { ok: false, status: 405, error: `/api/${path} accepts ${allow}, not ${method}`, allow };
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
}

/** The lab's origin from its configured host and port. */
export function labOrigin({ LAB_HOST, LAB_PORT }: { LAB_HOST: string; LAB_PORT: number }): string {
  const host = LAB_HOST.includes(':') && !LAB_HOST.startsWith('[') ? `[${LAB_HOST}]` : LAB_HOST;
  return `http://${host}:${LAB_PORT}`;
}

const jsonError = (status: number, error: string, headers: Record<string, string> = {}) =>
  Response.json({ error }, { status, headers: { 'cache-control': 'no-store', ...headers } });

/** Names why a call to the lab failed: the socket error code when there is one (ECONNREFUSED …). */
function failureReason(err: unknown): string {
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(err);
}

interface UpstreamRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

/** Resolves with the lab's response once its headers are in; aborting the signal destroys the socket. */
function requestLab(
  url: string,
  { method, headers, body, signal }: UpstreamRequest,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, signal }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function readText(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function proxyToLab(
  request: Request,
  segments: readonly string[],
  options: LabProxyOptions,
): Promise<Response> {
  const match = resolveLabEndpoint(request.method, segments);
  if (!match.ok) return jsonError(match.status, match.error, match.allow ? { allow: match.allow } : {});
  const { endpoint } = match;
  const timeoutMs = endpoint.timeoutMs ?? options.timeoutMs;

  const target = `${options.labOrigin}/api/${endpoint.path}${new URL(request.url).search}`;
  const upstream = new AbortController();
  const onClientGone = () => upstream.abort(new Error('client went away'));
  request.signal.addEventListener('abort', onClientGone, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    upstream.abort(new Error('timeout'));
  }, timeoutMs);
  const release = () => {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onClientGone);
  };

  try {
    const body = endpoint.method === 'POST' ? await request.text() : undefined;
    const response = await requestLab(target, {
      method: endpoint.method,
      headers: {
        accept: endpoint.stream ? 'text/event-stream' : 'application/json',
        ...(body ? { 'content-type': request.headers.get('content-type') ?? 'application/json' } : {}),
      },
      body: body || undefined,
      signal: upstream.signal,
    });
    const status = response.statusCode ?? 502;
    const contentType = response.headers['content-type'];

    if (endpoint.stream && status === 200) {
      // The client-gone listener stays: it is what closes the lab's socket when the browser leaves.
      clearTimeout(timer);
      return new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, {
        status: 200,
        headers: {
          'content-type': contentType ?? 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          'x-accel-buffering': 'no',
        },
      });
    }

    const text = await readText(response);
    release();
    return new Response(text, {
      status,
      headers: { 'content-type': contentType ?? 'application/json', 'cache-control': 'no-store' },
    });
  } catch (err) {
    release();
    if (timedOut) return jsonError(504, `lab did not answer within ${timeoutMs} ms at ${options.labOrigin}`);
    return jsonError(502, `lab unreachable at ${options.labOrigin} (${failureReason(err)})`);
  }
}
