/**
 * The Web Worker half of use-lab-view: the worker holds the stream (lab-stream-connection), parses and
 * checks each snapshot, keeps the worker colour slots, and builds the page's view with the page's own pure
 * helpers, so the page's main thread receives only what it draws. A page's worker file is one call of
 * serveLabView with its view builder.
 */
import type { LabSnapshot } from '../../server/lab/types';
import {
  INITIAL_STATUS,
  openLabStream,
  type LabStreamOptions,
  type StreamStatus,
} from './lab-stream-connection';
import { slotsForRoutes, type RouteSlots } from './worker-styles';

/** From the page: open the stream (once), or choices of the page's that change its view. */
export type ToWorker<P> =
  { type: 'start'; options: LabStreamOptions; params: P } | { type: 'params'; params: P };

/** To the page: the stream's status when it changes, and a view per snapshot (or per change of params). */
export type FromWorker<V> = { type: 'status'; status: StreamStatus } | { type: 'view'; view: V };

/** What a page shows, from the latest snapshot, the page's own choices and the stable worker colour slots. */
export type ViewBuilder<P, V> = (snapshot: LabSnapshot, params: P, slots: RouteSlots) => V;

/** The part of a worker's global scope used here. */
export interface WorkerScope {
  postMessage: (message: unknown) => void;
  addEventListener: (type: 'message', listener: (event: { data: unknown }) => void) => void;
}

export function serveLabView<P, V>(
  build: ViewBuilder<P, V>,
  scope: WorkerScope = self as unknown as WorkerScope,
  open: typeof openLabStream = openLabStream,
): void {
  let snapshot: LabSnapshot | null = null;
  let slots: RouteSlots = {};
  let params: P | undefined;
  let status = INITIAL_STATUS;
  let started = false;
  const post = (message: FromWorker<V>) => scope.postMessage(message);
  const publish = () => {
    if (snapshot !== null && params !== undefined)
      post({ type: 'view', view: build(snapshot, params, slots) });
  };

  scope.addEventListener('message', (event) => {
    const message = event.data as ToWorker<P>;
    params = message.params;
    if (message.type === 'params' || started) {
      publish();
      return;
    }
    started = true;
    open(message.options, {
      onSnapshot: (next) => {
        slots = slotsForRoutes(slots, next.routes, snapshot?.epoch === next.epoch);
        snapshot = next;
        publish();
      },
      onStatus: (update) => {
        const next = update(status);
        if (next === status) return;
        status = next;
        post({ type: 'status', status });
      },
    });
  });
}
