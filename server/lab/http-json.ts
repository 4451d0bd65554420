import { describeRequestError, requestTextAnswer, type TextAnswer } from './http-request';

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
  let response: TextAnswer;
  try {
    response = await requestTextAnswer(url, {
      method,
      headers: requestHeaders(method, token),
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
    });
  } catch (err) {
    const reason = describeRequestError(err);
    throw new HttpJsonError(`${method} ${url} failed: ${reason}`, null, reason);
  }
  const { text } = response;
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
  let response: TextAnswer;
  try {
    response = await requestTextAnswer(url, { method, headers: requestHeaders(method, token), timeoutMs });
  } catch (err) {
    const reason = describeRequestError(err);
    throw new HttpJsonError(`${method} ${url} failed: ${reason}`, null, reason);
  }
  const { text } = response;
  if (!response.ok) {
    const detail = text.slice(0, 200);
    throw new HttpJsonError(`${method} ${url} → ${response.status}: ${detail}`, response.status, detail);
  }
  return text;
}
