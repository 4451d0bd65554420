import type { z } from 'zod';
import { burstSchema, crashWorkerSchema, emptySchema, settingsPatchSchema } from './control-schema';

/**
 * The lab's API as one table: every endpoint, its method, its body schema and how long it may take. The
 * lab server, the web proxy and the page's calls are all written from it. Pure: the page imports it.
 */

export interface ControlEndpoint<S extends z.ZodType = z.ZodType> {
  method: 'POST';
  /** Path under the lab's `/api/` (and the proxy's `/api/lab/`). */
  path: string;
  body: S;
  /** How long the call may take when it is longer than the proxy's default. */
  timeoutMs?: number;
}

export interface ReadEndpoint {
  method: 'GET';
  path: string;
  /** Server-Sent Events: piped through as a stream instead of read whole. */
  stream: boolean;
}

export const READS = {
  snapshot: { method: 'GET', path: 'snapshot', stream: false },
  stream: { method: 'GET', path: 'stream', stream: true },
} as const satisfies Record<string, ReadEndpoint>;

export const CONTROLS = {
  // A worker-count change waits for the apps to restart their workers (the lab allows them 30 s).
  settings: { method: 'POST', path: 'settings', body: settingsPatchSchema, timeoutMs: 40_000 },
  'crash-worker': { method: 'POST', path: 'actions/crash-worker', body: crashWorkerSchema },
  // Each app waits for its replacement worker to listen.
  'crash-everywhere': {
    method: 'POST',
    path: 'actions/crash-everywhere',
    body: emptySchema,
    timeoutMs: 30_000,
  },
  // The supervisor answers once the new bridge is ready.
  'kill-bridge': { method: 'POST', path: 'actions/kill-bridge', body: emptySchema, timeoutMs: 30_000 },
  // A reset drains the load (up to 15 s), restarts every worker (30 s) and the bridge (20 s).
  reset: { method: 'POST', path: 'actions/reset', body: emptySchema, timeoutMs: 70_000 },
  // A burst answers when all its requests are back: 20,000 to one app take about 20 s here.
  burst: { method: 'POST', path: 'actions/burst', body: burstSchema, timeoutMs: 180_000 },
  scrape: { method: 'POST', path: 'actions/scrape', body: emptySchema },
} as const satisfies Record<string, ControlEndpoint>;

export type ControlName = keyof typeof CONTROLS;
export type ControlBody<N extends ControlName> = z.infer<(typeof CONTROLS)[N]['body']>;
