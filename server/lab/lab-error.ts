import { HttpJsonError } from './http-json';

/** A failure the lab answers a client with: its status and words, never an internal address. */
export class LabError extends Error {
  override name = 'LabError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Runs a call to another part of the stack and maps its failure to an answer for the client: the part's
 * own 4xx message when the request was at fault, else a 502 naming the part. The full error, internal
 * URL included, goes to the log.
 */
export async function callPart<T>(
  part: string,
  fn: () => Promise<T>,
  log: (line: string) => void,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    log(`lab: ${part}: ${(err as Error).message}`);
    if (err instanceof HttpJsonError) {
      const status = err.status;
      if (status !== null && status >= 400 && status < 500) throw new LabError(err.detail, status);
      throw new LabError(`${part} failed: ${status === null ? err.detail : `HTTP ${status}`}`, 502);
    }
    throw new LabError(`${part} failed: ${(err as Error).message}`, 502);
  }
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes. */
export async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
