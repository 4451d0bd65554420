'use client';
/**
 * The presenter pages' only state: the lab's snapshot stream (lab-stream-connection) and the latest good
 * snapshot. Everything below it renders from props. The dashboard and the scoreboard read the stream in a
 * Web Worker instead (use-lab-view), so that parsing it costs their main thread nothing.
 */
import { useEffect, useState } from 'react';
import type { LabSnapshot } from '../../server/lab/types';
import {
  INITIAL_STATUS,
  labStreamOptions,
  openLabStream,
  type LabStreamOptions,
  type StreamStatus,
} from './lab-stream-connection';
import { slotsForRoutes, type RouteSlots } from './worker-styles';

export type { ConnectionState, LabStreamOptions } from './lab-stream-connection';

export interface LabStream extends StreamStatus {
  snapshot: LabSnapshot | null;
  /** Stable worker → style slot per route, carried across snapshots. */
  workerSlots: RouteSlots;
}

const initial: LabStream = { ...INITIAL_STATUS, snapshot: null, workerSlots: {} };

export function useLabStream({ streamUrl, snapshotUrl, backoff, staleAfterMs }: LabStreamOptions): LabStream {
  const [state, setState] = useState<LabStream>(initial);
  const { initialMs, maxMs } = backoff;

  useEffect(
    () =>
      openLabStream(
        { streamUrl, snapshotUrl, backoff: { initialMs, maxMs }, staleAfterMs },
        {
          onSnapshot: (snapshot) =>
            setState((s) => ({
              ...s,
              snapshot,
              workerSlots: slotsForRoutes(
                s.workerSlots,
                snapshot.routes,
                s.snapshot?.epoch === snapshot.epoch,
              ),
            })),
          onStatus: (update) =>
            setState((s) => {
              const status = update(s);
              return status === s ? s : { ...s, ...status };
            }),
        },
      ),
    [streamUrl, snapshotUrl, initialMs, maxMs, staleAfterMs],
  );

  return state;
}

/** The lab's stream through the web app's proxy at `apiBase` (e.g. `/api/lab`), as every page reads it. */
export function useLabStreamAt(apiBase: string): LabStream {
  return useLabStream(labStreamOptions(apiBase));
}
