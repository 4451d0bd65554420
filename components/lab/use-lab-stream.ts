'use client';
/**
 * The page's only state: one EventSource on the lab's snapshot stream, reopened with backoff whenever it
 * drops or goes quiet, and the latest good snapshot. Everything below it renders from props.
 */
import { useEffect, useState } from 'react';
import type { LabSnapshot } from '../../server/lab/types';
import { labErrorMessage } from './lab-error';
import { reconnectDelayMs, type BackoffOptions } from './reconnect';
import { parseSnapshotMessage } from './snapshot-message';
import { slotsForRoutes, type RouteSlots } from './worker-styles';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LabStream {
  snapshot: LabSnapshot | null;
  /** Stable worker → style slot per route, carried across snapshots. */
  workerSlots: RouteSlots;
  connection: ConnectionState;
  /** Retries since the last good snapshot. */
  attempts: number;
  /** Why the stream is down, in the proxy's or lab's words when they gave any. */
  problem: string | null;
  /** Messages that were not a usable snapshot, and the last reason. */
  badMessages: number;
  lastBadMessage: string | null;
}

export interface LabStreamOptions {
  streamUrl: string;
  /** Asked for the reason when the stream fails (the proxy answers 502 with `{ error }`). */
  snapshotUrl: string;
  backoff: BackoffOptions;
  /** A stream with no snapshot for this long is treated as dropped. */
  staleAfterMs: number;
}

const initial: LabStream = {
  snapshot: null,
  workerSlots: {},
  connection: 'connecting',
  attempts: 0,
  problem: null,
  badMessages: 0,
  lastBadMessage: null,
};

export function useLabStream({ streamUrl, snapshotUrl, backoff, staleAfterMs }: LabStreamOptions): LabStream {
  const [state, setState] = useState<LabStream>(initial);
  const { initialMs, maxMs } = backoff;

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let lastMessageAt = Date.now();
    let disposed = false;

    const onSnapshot = (event: MessageEvent<string>) => {
      lastMessageAt = Date.now();
      const message = parseSnapshotMessage(event.data);
      if (!message.ok) {
        setState((s) => ({ ...s, badMessages: s.badMessages + 1, lastBadMessage: message.error }));
        return;
      }
      attempt = 0;
      const { snapshot } = message;
      setState((s) => ({
        ...s,
        snapshot,
        workerSlots: slotsForRoutes(s.workerSlots, snapshot.routes, s.snapshot?.epoch === snapshot.epoch),
        connection: 'live',
        attempts: 0,
        problem: null,
      }));
    };

    // EventSource hides the HTTP status of a failed stream; one plain request recovers the reason.
    const explain = async () => {
      try {
        const response = await fetch(snapshotUrl, { cache: 'no-store' });
        const reason = response.ok
          ? 'stream interrupted'
          : labErrorMessage(response.status, await response.text());
        if (!disposed) setState((s) => (s.connection === 'live' ? s : { ...s, problem: reason }));
      } catch (err) {
        if (!disposed)
          setState((s) => ({ ...s, problem: `web app unreachable (${(err as Error).message})` }));
      }
    };

    const drop = (reason: string) => {
      if (disposed) return;
      source?.close();
      source = null;
      const delay = reconnectDelayMs(attempt, { initialMs, maxMs });
      attempt += 1;
      setState((s) => ({ ...s, connection: 'reconnecting', attempts: attempt, problem: reason }));
      void explain();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, delay);
    };

    const connect = () => {
      if (disposed) return;
      lastMessageAt = Date.now();
      source = new EventSource(streamUrl);
      source.addEventListener('snapshot', onSnapshot);
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
  }, [streamUrl, snapshotUrl, initialMs, maxMs, staleAfterMs]);

  return state;
}

const BACKOFF = { initialMs: 500, maxMs: 8000 };
/** The lab sends a snapshot about once a second; this much silence means the stream is stuck. */
const STALE_AFTER_MS = 10_000;

/** The lab's stream through the web app's proxy at `apiBase` (e.g. `/api/lab`), as every page reads it. */
export function useLabStreamAt(apiBase: string): LabStream {
  return useLabStream({
    streamUrl: `${apiBase}/stream`,
    snapshotUrl: `${apiBase}/snapshot`,
    backoff: BACKOFF,
    staleAfterMs: STALE_AFTER_MS,
  });
}
