/**
 * One EventSource on the lab's snapshot stream, reopened with backoff whenever it drops or goes quiet. No
 * React and no DOM beyond EventSource, fetch and timers, so the page and a Web Worker run the same code.
 */
import type { LabSnapshot } from '../../server/lab/types';
import { labErrorMessage } from './lab-error';
import { reconnectDelayMs, type BackoffOptions } from './reconnect';
import { parseSnapshotMessage } from './snapshot-message';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** How the stream is doing, apart from the snapshots it brings. */
export interface StreamStatus {
  connection: ConnectionState;
  /** Retries since the last good snapshot. */
  attempts: number;
  /** Why the stream is down, in the proxy's or lab's words when they gave any. */
  problem: string | null;
  /** Messages that were not a usable snapshot, and the last reason. */
  badMessages: number;
  lastBadMessage: string | null;
}

export const INITIAL_STATUS: StreamStatus = {
  connection: 'connecting',
  attempts: 0,
  problem: null,
  badMessages: 0,
  lastBadMessage: null,
};

export interface LabStreamOptions {
  streamUrl: string;
  /** Asked for the reason when the stream fails (the proxy answers 502 with `{ error }`). */
  snapshotUrl: string;
  backoff: BackoffOptions;
  /** A stream with no snapshot for this long is treated as dropped. */
  staleAfterMs: number;
}

export interface LabStreamHandlers {
  /** A good snapshot; the status is live again when one arrives. */
  onSnapshot: (snapshot: LabSnapshot) => void;
  /** Every status change, as an update of the last status (so callers may batch them as React does). */
  onStatus: (update: (status: StreamStatus) => StreamStatus) => void;
}

const BACKOFF = { initialMs: 500, maxMs: 8000 };
/** The lab sends a snapshot about once a second; this much silence means the stream is stuck. */
const STALE_AFTER_MS = 10_000;

/** The lab's stream through the web app's proxy at `apiBase` (e.g. `/api/lab`), as every page reads it. */
export function labStreamOptions(apiBase: string): LabStreamOptions {
  return {
    streamUrl: `${apiBase}/stream`,
    snapshotUrl: `${apiBase}/snapshot`,
    backoff: BACKOFF,
    staleAfterMs: STALE_AFTER_MS,
  };
}

/** Opens the stream; the returned function closes it for good. */
export function openLabStream(
  { streamUrl, snapshotUrl, backoff, staleAfterMs }: LabStreamOptions,
  { onSnapshot, onStatus }: LabStreamHandlers,
): () => void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let lastMessageAt = Date.now();
  let disposed = false;

  const onMessage = (event: MessageEvent<string>) => {
    lastMessageAt = Date.now();
    const message = parseSnapshotMessage(event.data);
    if (!message.ok) {
      onStatus((s) => ({ ...s, badMessages: s.badMessages + 1, lastBadMessage: message.error }));
      return;
    }
    attempt = 0;
    onStatus((s) =>
      s.connection === 'live' && s.problem === null
        ? s
        : { ...s, connection: 'live', attempts: 0, problem: null },
    );
    onSnapshot(message.snapshot);
  };

  // EventSource hides the HTTP status of a failed stream; one plain request recovers the reason.
  const explain = async () => {
    try {
      const response = await fetch(snapshotUrl, { cache: 'no-store' });
      const reason = response.ok
        ? 'stream interrupted'
        : labErrorMessage(response.status, await response.text());
      if (!disposed) onStatus((s) => (s.connection === 'live' ? s : { ...s, problem: reason }));
    } catch (err) {
      if (!disposed) onStatus((s) => ({ ...s, problem: `web app unreachable (${(err as Error).message})` }));
    }
  };

  const drop = (reason: string) => {
    if (disposed) return;
    source?.close();
    source = null;
    const delay = reconnectDelayMs(attempt, backoff);
    attempt += 1;
    onStatus((s) => ({ ...s, connection: 'reconnecting', attempts: attempt, problem: reason }));
    void explain();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  };

  const connect = () => {
    if (disposed) return;
    lastMessageAt = Date.now();
    source = new EventSource(streamUrl);
    source.addEventListener('snapshot', onMessage);
    source.addEventListener('error', () => drop('stream dropped'));
  };

  const watchdog = setInterval(() => {
    if (source !== null && Date.now() - lastMessageAt > staleAfterMs) {
      drop(`no snapshot for ${Math.round(staleAfterMs / 1000)} s`);
    }
  }, 1000);

  connect();
  return () => {
    disposed = true;
    clearInterval(watchdog);
    clearTimeout(retryTimer);
    source?.close();
  };
}
