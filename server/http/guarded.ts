import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequest, type GuardPolicy } from './request-guard';

/**
 * The request guard and a capped body reader for node:http servers. Every refusal is a JSON `{ error }`
 * with a 4xx, and nothing past the cap is ever held in memory.
 */

export type Admitted = { path: string; search: string; changesState: boolean };

/** How much of a refused body is read and thrown away so the client sees the answer, not a reset. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
/** …and for how long, so a client that trickles its body cannot hold the connection open. */
const DRAIN_LIMIT_MS = 10_000;

/** Runs the guard; when it refuses, answers the request and returns null. */
export function admit(req: IncomingMessage, res: ServerResponse, policy: GuardPolicy): Admitted | null {
  const verdict = checkRequest(req, policy);
  if (verdict.ok) return { path: verdict.path, search: verdict.search, changesState: verdict.changesState };
  refuse(req, res, verdict.status, verdict.error);
  return null;
}

/**
 * Answers with a 4xx and closes the connection once the rest of the body, up to a bound, is drained.
 * `allow` lists the methods a 405's path takes; by default every method the guard lets through.
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
  allow = 'GET, HEAD, POST, PUT',
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${JSON.stringify({ error })}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
    ...(status === 405 ? { allow } : {}),
  });
  if (req.complete) {
    res.end(body);
    return;
  }
  // Ending now would close the socket under a client still sending, and it would see a reset instead of
  // this answer: send it, read the rest of the body into nothing (bounded), then close.
  res.write(body);
  drain(req, () => res.end());
}

export interface ReadBodyOptions {
  maxBytes: number;
  /** One quiet line when the client goes away mid-body: that is the client's doing, not an error here. */
  log: (line: string) => void;
}

/**
 * The request body as text, or null when it was refused (413, answered here) or the client aborted.
 * Reading stops at the cap: a body that declares no length is cut off there too.
 */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  { maxBytes, log }: ReadBodyOptions,
): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: string | null): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        refuse(req, res, 413, `body: larger than ${maxBytes} bytes`);
        finish(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks).toString('utf8'));
    const onAbort = (): void => {
      log(`${req.method} ${req.url}: client went away before sending the whole body`);
      finish(null);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}

function drain(req: IncomingMessage, done: () => void): void {
  let drained = 0;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done();
  };
  const timer = setTimeout(() => {
    finish();
    req.destroy();
  }, DRAIN_LIMIT_MS);
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) {
      finish();
      req.destroy();
    }
  });
  req.on('end', finish);
  req.on('close', finish);
  // A client that resets mid-body is not this server's error.
  req.on('error', () => undefined);
  req.resume();
}
