/** A small JSON-over-HTTP client for the lab's calls to admin APIs, the bridge and itself. */

export class HttpJsonError extends Error {
  override name = 'HttpJsonError';
  constructor(
    message: string,
    readonly status: number | null,
    /** What went wrong without the URL: the server's own `error`, or why there was no answer. */
    readonly detail: string,
  ) {
    super(message);
  }
}

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  timeoutMs?: number;
  /** The control token, for servers that bind beyond loopback. */
  token?: string | null;
}

/** State changes go as JSON, even empty ones: the request guard refuses anything else. */
function requestHeaders(method: string, token: string | null | undefined): Record<string, string> {
  return {
    ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

export async function requestJson<T>(
  url: string,
  { method = 'GET', body, timeoutMs = 5000, token }: JsonRequest = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(method, token),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const reason = describeFetchError(err);
    throw new HttpJsonError(`${method} ${url} failed: ${reason}`, null, reason);
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (response.ok)
        throw new HttpJsonError(
          `${method} ${url}: answer is not JSON`,
          response.status,
          'answer is not JSON',
        );
    }
  }
  if (!response.ok) {
    const detail =
      parsed && typeof parsed === 'object' && 'error' in parsed ? String(parsed.error) : text.slice(0, 200);
    throw new HttpJsonError(`${method} ${url} → ${response.status}: ${detail}`, response.status, detail);
  }
  return parsed as T;
}

/** For endpoints that answer plain text (health checks, statsd_exporter's lifecycle API). */
export async function requestText(
  url: string,
  { method = 'GET', timeoutMs = 2000, token }: JsonRequest = {},
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(method, token),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const reason = describeFetchError(err);
    throw new HttpJsonError(`${method} ${url} failed: ${reason}`, null, reason);
  }
  const text = await response.text();
  if (!response.ok) {
    const detail = text.slice(0, 200);
    throw new HttpJsonError(`${method} ${url} → ${response.status}: ${detail}`, response.status, detail);
  }
  return text;
}

/** fetch hides the useful part (ECONNREFUSED, timeout) in `cause`. */
export function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: string }).code;
      return code ? `${code} ${cause.message}`.trim() : cause.message;
    }
    return err.message;
  }
  return String(err);
}
