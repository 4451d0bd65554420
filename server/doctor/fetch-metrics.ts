import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { ExpositionError, parseExposition, type Exposition } from '../lab/exposition-parser';
import { OpenMetricsError, parseOpenMetrics } from './openmetrics-parser';

/**
 * One scrape as Prometheus 3 makes it: its Accept and Accept-Encoding headers, the format the answer's
 * Content-Type names, a cap on the body and a deadline on the whole exchange. Every way it can go wrong is
 * an answer with a problem and a sentence, never an exception.
 */

export type ExpositionFormat = 'prometheus-text' | 'openmetrics';

export type DoctorProblem =
  | 'bad-url'
  | 'unreachable'
  | 'timeout'
  | 'http-status'
  | 'not-metrics'
  | 'redirect-off-host'
  | 'too-many-redirects'
  | 'too-large'
  | 'parse-error';

export type MetricsFetch =
  | {
      ok: true;
      /** Epoch milliseconds when the request was sent. */
      at: number;
      durationMs: number;
      status: number;
      headers: Record<string, string>;
      contentType: string;
      format: ExpositionFormat;
      /** Body bytes after decompression. */
      bytes: number;
      /** Always false: a body cut at maxBytes fails as 'too-large', as Prometheus fails a scrape over body_size_limit. */
      truncated: false;
      exposition: Exposition;
      /** The URL that answered, after same-host redirects. */
      url: string;
      /** True when the answer came over a connection an earlier request had used (a kept-alive one). */
      connectionReused: boolean;
    }
  | { ok: false; at: number; durationMs: number; problem: DoctorProblem; message: string; status?: number };

export interface FetchMetricsOptions {
  /** A keep-alive agent to reuse one connection; without one, every fetch opens a new connection. */
  agent?: http.Agent;
  timeoutMs: number;
  maxBytes: number;
  /** Same-host redirects followed at most; 3 when unset. */
  maxRedirects?: number;
}

/** What Prometheus 3.16 sends by default (captured from its scrapes of a loopback server). */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.7,' +
  'application/openmetrics-text;version=0.0.1;q=0.6,' +
  'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,' +
  'text/plain;version=0.0.4;q=0.4,*/*;q=0.3';

/** Body kept from an error answer, for its message. */
const ERROR_BODY_BYTES = 2048;

type Failure = { problem: DoctorProblem; message: string; status?: number };
type Answer = { ok: true; res: http.IncomingMessage; url: URL; reused: boolean } | ({ ok: false } & Failure);
type Read = Failure | Omit<Extract<MetricsFetch, { ok: true }>, 'ok' | 'at' | 'durationMs'>;

export async function fetchMetrics(url: string, options: FetchMetricsOptions): Promise<MetricsFetch> {
  const at = Date.now();
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const finish = (read: Read): MetricsFetch => {
    const timing = { at, durationMs: performance.now() - started };
    return 'problem' in read ? { ok: false, ...timing, ...read } : { ok: true, ...timing, ...read };
  };
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return finish({ problem: 'bad-url', message: `"${url}" is not a URL` });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return finish({ problem: 'bad-url', message: `${url}: only http:// and https:// URLs can be scraped` });
  }
  const answer = await follow(target, options, deadline);
  if (!answer.ok) return finish(answer);
  return finish(await readAnswer(answer, options, deadline));
}

/** GETs `url`, following redirects that stay on the same scheme, host and port. */
async function follow(start: URL, options: FetchMetricsOptions, deadline: number): Promise<Answer> {
  const maxRedirects = options.maxRedirects ?? 3;
  let url = start;
  for (let hop = 0; ; hop += 1) {
    const answer = await get(url, options.agent, deadline);
    if (!answer.ok) return answer;
    const { res } = answer;
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status < 300 || status >= 400 || location === undefined) return answer;
    // A redirect's body is never needed; dropping the socket costs at most one reconnect.
    res.destroy();
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { ok: false, problem: 'http-status', status, message: `redirected to "${location}", not a URL` };
    }
    if (next.origin !== url.origin) {
      return {
        ok: false,
        problem: 'redirect-off-host',
        status,
        message:
          `${url.href} redirected (HTTP ${status}) to ${next.href}, another host or port: ` +
          'the doctor follows redirects only on the host it was given; scrape the final URL itself',
      };
    }
    if (hop >= maxRedirects) {
      return {
        ok: false,
        problem: 'too-many-redirects',
        status,
        message: `more than ${maxRedirects} redirects from ${start.href} (the last to ${next.href})`,
      };
    }
    url = next;
  }
}

/** One GET; a kept-alive socket the server closed meanwhile is retried once on a new one, as Go's client does. */
function get(url: URL, agent: http.Agent | undefined, deadline: number, retried = false): Promise<Answer> {
  return new Promise((resolve) => {
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      resolve({ ok: false, problem: 'timeout', message: timeoutMessage(url, 'before it could be sent') });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    let req: http.ClientRequest;
    try {
      req = client.get(url, {
        agent: agent ?? false,
        headers: {
          accept: PROMETHEUS_ACCEPT,
          'accept-encoding': 'gzip',
          'user-agent': 'scrape-lab-doctor',
          'x-prometheus-scrape-timeout-seconds': String(Math.round(remaining) / 1000),
        },
      });
    } catch (err) {
      resolve({ ok: false, problem: 'unreachable', message: `${url.href}: ${describeError(err)}` });
      return;
    }
    const timer = setTimeout(() => req.destroy(new TimeoutError()), remaining);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve({ ok: true, res, url, reused: req.reusedSocket });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      if (err instanceof TimeoutError) {
        resolve({ ok: false, problem: 'timeout', message: timeoutMessage(url, 'waiting for the headers') });
      } else if (req.reusedSocket && !retried && isConnectionReset(err)) {
        resolve(get(url, agent, deadline, true));
      } else {
        resolve({ ok: false, problem: 'unreachable', message: `${url.href}: ${describeError(err)}` });
      }
    });
  });
}

async function readAnswer(
  { res, url, reused }: Extract<Answer, { ok: true }>,
  options: FetchMetricsOptions,
  deadline: number,
): Promise<Read> {
  const status = res.statusCode ?? 0;
  const headers = flattenHeaders(res.headers);
  const contentType = headers['content-type'] ?? '';
  if (status !== 200) {
    const body = await readBody(res, headers, ERROR_BODY_BYTES, deadline);
    const text = 'text' in body ? oneLine(body.text) : '';
    const answered = `${url.href} answered HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd();
    return { problem: 'http-status', status, message: text === '' ? answered : `${answered}: ${text}` };
  }
  const format = formatOf(contentType);
  if (format === null) {
    res.destroy();
    return {
      problem: 'not-metrics',
      status,
      message: `${url.href} answered Content-Type "${contentType}"${describeMedia(contentType)}, not a metrics exposition`,
    };
  }
  const declared = Number(headers['content-length']);
  if (headers['content-encoding'] === undefined && declared > options.maxBytes) {
    res.destroy();
    return { problem: 'too-large', status, message: tooLargeMessage(url, options.maxBytes, declared) };
  }
  const body = await readBody(res, headers, options.maxBytes, deadline);
  if ('problem' in body) return { ...body, status, message: `${url.href}: ${body.message}` };
  if (body.cut) {
    return { problem: 'too-large', status, message: tooLargeMessage(url, options.maxBytes, null) };
  }
  if (/^\s*</.test(body.text)) {
    return {
      problem: 'not-metrics',
      status,
      message: `${url.href} answered "${contentType || 'no Content-Type'}" but the body is markup (an HTML page?), not a metrics exposition`,
    };
  }
  let exposition: Exposition;
  try {
    exposition = format === 'openmetrics' ? parseOpenMetrics(body.text) : parseExposition(body.text);
  } catch (err) {
    if (!(err instanceof ExpositionError || err instanceof OpenMetricsError)) throw err;
    const name = format === 'openmetrics' ? 'OpenMetrics' : 'the Prometheus text format';
    return {
      problem: 'parse-error',
      status,
      message: `${url.href}: the body is not ${name}: ${err.message}`,
    };
  }
  if (exposition.samples.length === 0) {
    return { problem: 'not-metrics', status, message: `${url.href} answered 200 with no samples` };
  }
  return {
    status,
    headers,
    contentType,
    format,
    bytes: body.bytes,
    truncated: false,
    exposition,
    url: url.href,
    connectionReused: reused,
  };
}

/** The format to parse an answer with, from its Content-Type; null for anything else. */
function formatOf(contentType: string): ExpositionFormat | null {
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (media === 'application/openmetrics-text') return 'openmetrics';
  // Prometheus 2 read an answer without a Content-Type as text; many small exporters send none.
  if (media === 'text/plain' || media === '') return 'prometheus-text';
  return null;
}

function describeMedia(contentType: string): string {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'text/html') return ' (a web page)';
  if (media.includes('json')) return ' (JSON)';
  if (media.includes('protobuf')) return ' (protobuf, which the doctor did not ask for)';
  return '';
}

type Body = { text: string; bytes: number; cut: boolean } | Failure;

/**
 * Reads at most `maxBytes` of the decoded body before the deadline; the rest is not waited for. Only a body
 * read to its end leaves the connection open for the next scrape.
 */
function readBody(
  res: http.IncomingMessage,
  headers: Record<string, string>,
  maxBytes: number,
  deadline: number,
): Promise<Body> {
  return new Promise((resolve) => {
    const encoding = headers['content-encoding']?.toLowerCase();
    if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') {
      res.destroy();
      resolve({
        problem: 'not-metrics',
        message: `the body is encoded "${encoding}", which was not asked for`,
      });
      return;
    }
    const gunzip = encoding === 'gzip' ? zlib.createGunzip() : null;
    const stream = gunzip ? res.pipe(gunzip) : res;
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (body: Body) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const complete = 'text' in body && !body.cut;
      if (!complete) {
        gunzip?.destroy();
        res.destroy();
      }
      resolve(body);
    };
    const text = () => Buffer.concat(chunks).toString('utf8');
    const timer = setTimeout(
      () =>
        settle({
          problem: 'timeout',
          message: `the body did not end in time (${bytes} bytes read): a slow or endless answer`,
        }),
      Math.max(0, deadline - performance.now()),
    );
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - bytes;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        bytes = maxBytes;
        settle({ text: text(), bytes, cut: true });
        return;
      }
      chunks.push(chunk);
      bytes += chunk.length;
    });
    stream.on('end', () => settle({ text: text(), bytes, cut: false }));
    stream.on('error', (err: Error) =>
      settle({ problem: 'unreachable', message: `the body broke off: ${describeError(err)}` }),
    );
    res.on('close', () => {
      if (!res.complete) settle({ problem: 'unreachable', message: 'the connection closed mid-body' });
    });
  });
}

function tooLargeMessage(url: URL, maxBytes: number, declared: number | null): string {
  const cap = formatBytes(maxBytes);
  return declared === null
    ? `${url.href}: the body passed the ${cap} cap and was cut there (an endless or runaway answer?)`
    : `${url.href}: the body is ${formatBytes(declared)} (Content-Length), over the ${cap} cap`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

function timeoutMessage(url: URL, when: string): string {
  return `${url.href}: no answer in time (timed out ${when})`;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function isConnectionReset(err: Error): boolean {
  const code = (err as Error & { code?: string }).code;
  return code === 'ECONNRESET' || code === 'EPIPE' || err.message === 'socket hang up';
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: string }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens there?)';
    case 'ENOTFOUND':
      return 'host name not found';
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
}
