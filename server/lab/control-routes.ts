/**
 * The lab's API without its body schemas: every endpoint's method, path and how long it may take. The web
 * proxy needs only this, and loading zod for the schemas cost its process 4 MB of RSS; control-api.ts
 * adds the bodies. Pure: the page imports it.
 */

export interface ReadEndpoint {
  method: 'GET';
  /** Path under the lab's `/api/` (and the proxy's `/api/lab/`). */
  path: string;
  /** Server-Sent Events: piped through as a stream instead of read whole. */
  stream: boolean;
}

export interface ControlRoute {
  method: 'POST';
  path: string;
  /** How long the call may take when it is longer than the proxy's default. */
  timeoutMs?: number;
}

export const READS = {
  snapshot: { method: 'GET', path: 'snapshot', stream: false },
  stream: { method: 'GET', path: 'stream', stream: true },
} as const satisfies Record<string, ReadEndpoint>;

export const CONTROL_ROUTES = {
  // A worker-count change waits for the apps to restart their workers (the lab allows them 30 s).
  settings: { method: 'POST', path: 'settings', timeoutMs: 40_000 },
  'crash-worker': { method: 'POST', path: 'actions/crash-worker' },
  // Each app waits for its replacement worker to listen.
  'crash-everywhere': { method: 'POST', path: 'actions/crash-everywhere', timeoutMs: 30_000 },
  // The supervisor answers once the new bridge is ready.
  'kill-bridge': { method: 'POST', path: 'actions/kill-bridge', timeoutMs: 30_000 },
  // A reset drains the load (up to 15 s), restarts every worker (30 s) and the bridge (20 s).
  reset: { method: 'POST', path: 'actions/reset', timeoutMs: 70_000 },
  // A burst answers when all its requests are back: 20,000 to one app take about 20 s here.
  burst: { method: 'POST', path: 'actions/burst', timeoutMs: 180_000 },
  scrape: { method: 'POST', path: 'actions/scrape' },
} as const satisfies Record<string, ControlRoute>;

export type ControlName = keyof typeof CONTROL_ROUTES;
