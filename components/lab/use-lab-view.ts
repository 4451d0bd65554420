'use client';
/**
 * The dashboard's and the scoreboard's only state: a Web Worker (lab-view-worker) reads the lab's stream and
 * sends the page's view as a patch; unchanged parts of it stay the same objects (view-patch), so memoised
 * parts of the page skip what did not change. `params` are the page's own choices the view depends on (JSON
 * values).
 */
import { useEffect, useRef, useState } from 'react';
import { INITIAL_STATUS, labStreamOptions, type StreamStatus } from './lab-stream-connection';
import type { FromWorker, ToWorker } from './lab-view-worker';
import { applyViewPatch } from './view-patch';

export interface LabView<V> extends StreamStatus {
  view: V | null;
}

/**
 * `createWorker` must be a module-level `() => new Worker(new URL('./x-worker.ts', import.meta.url))`,
 * the form the bundler finds the worker's file by.
 */
export function useLabView<P, V>(createWorker: () => Worker, apiBase: string, params: P): LabView<V> {
  const [state, setState] = useState<LabView<V>>({ ...INITIAL_STATUS, view: null });
  const worker = useRef<Worker | null>(null);
  const latestParams = useRef(params);
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    const w = createWorker();
    worker.current = w;
    w.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      setState((s) =>
        message.type === 'view'
          ? { ...s, view: applyViewPatch<V>(s.view, message.patch) }
          : { ...s, ...message.status },
      );
    });
    w.addEventListener('error', (event) =>
      setState((s) => ({
        ...s,
        connection: 'reconnecting',
        problem: `stream worker failed: ${event.message}`,
      })),
    );
    // A worker resolves URLs against its own script's; the stream's are the page's.
    const { streamUrl, snapshotUrl, ...rest } = labStreamOptions(apiBase);
    const start: ToWorker<P> = {
      type: 'start',
      options: {
        ...rest,
        streamUrl: new URL(streamUrl, location.href).href,
        snapshotUrl: new URL(snapshotUrl, location.href).href,
      },
      params: latestParams.current,
    };
    w.postMessage(start);
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, [createWorker, apiBase]);

  useEffect(() => {
    const next = JSON.parse(paramsKey) as P;
    latestParams.current = next;
    const message: ToWorker<P> = { type: 'params', params: next };
    worker.current?.postMessage(message);
  }, [paramsKey]);

  return state;
}
