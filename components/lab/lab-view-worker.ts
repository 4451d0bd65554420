/**
 * The Web Worker half of use-lab-view: the worker holds the stream (lab-stream-connection), parses and
 * checks each snapshot, keeps the worker colour slots, builds the page's view with the page's own pure
 * helpers and sends it as a patch against the last one (view-patch), so the page's main thread receives
 * only what it draws and compares nothing. A page's worker file is one call of serveLabView.
 */
import type { LabSnapshot } from '../../server/lab/types';
import {
  INITIAL_STATUS,
  openLabStream,
  type LabStreamOptions,
  type StreamStatus,
} from './lab-stream-connection';
import { viewPatch, type ViewPatch } from './view-patch';
import { slotsForRoutes, type RouteSlots } from './worker-styles';

/** From the page: open the stream (once), or choices of the page's that change its view. */
export type ToWorker<P> =
  { type: 'start'; options: LabStreamOptions; params: P } | { type: 'params'; params: P };

/**
 * To the page: the stream's status when it changes, and per snapshot (or change of params) the view, as a
 * patch against the view before.
 */
export type FromWorker = { type: 'status'; status: StreamStatus } | { type: 'view'; patch: ViewPatch };

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
  let posted: V | null = null;
  const post = (message: FromWorker) => scope.postMessage(message);
  const publish = () => {
    if (snapshot === null || params === undefined) return;
    const view = build(snapshot, params, slots);
    post({ type: 'view', patch: viewPatch(posted, view) });
    posted = view;
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
