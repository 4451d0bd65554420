import type { DemoSettings } from '../instrumentation';

/**
 * IPC between the primary and its workers. Each side checks what it receives. By hand, not with zod: these
 * are three small shapes, and zod would cost every worker about 12 MB of memory.
 */

export type ToWorker =
  /** New switches; the worker answers `settings-applied` with the same `seq`. */
  | { type: 'settings'; seq: number; settings: DemoSettings }
  /** Stop accepting, finish in-flight requests, flush metrics, exit 0. */
  | { type: 'shutdown' }
  /** Die at once with exit code 1, as a crashing worker would. */
  | { type: 'crash' };

export interface ToPrimary {
  type: 'settings-applied';
  seq: number;
}

type Fields = Record<string, unknown>;
const isObject = (raw: unknown): raw is Fields => typeof raw === 'object' && raw !== null;

function isSettings(raw: unknown): raw is DemoSettings {
  return (
    isObject(raw) &&
    typeof raw.metricsKeepAlive === 'boolean' &&
    Number.isInteger(raw.statsdBufferSize) &&
    (raw.statsdBufferSize as number) >= 0 &&
    (raw.statsdBufferSize as number) <= 65_000
  );
}

/** A message from the primary, or null when it is not one. */
export function parseToWorker(raw: unknown): ToWorker | null {
  if (!isObject(raw)) return null;
  switch (raw.type) {
    case 'settings':
      return Number.isInteger(raw.seq) && isSettings(raw.settings)
        ? {
            type: 'settings',
            seq: raw.seq as number,
            settings: {
              metricsKeepAlive: raw.settings.metricsKeepAlive,
              statsdBufferSize: raw.settings.statsdBufferSize,
            },
          }
        : null;
    case 'shutdown':
    case 'crash':
      return { type: raw.type };
    default:
      return null;
  }
}

/** A message from a worker, or null when it is not one. */
export function parseToPrimary(raw: unknown): ToPrimary | null {
  return isObject(raw) && raw.type === 'settings-applied' && Number.isInteger(raw.seq)
    ? { type: 'settings-applied', seq: raw.seq as number }
    : null;
}

/** Exit code of a worker that cannot listen on the app port; the primary stops instead of retrying. */
export const EXIT_CANNOT_LISTEN = 78;

/** Messages of prom-client's cluster aggregation (`prom-client:getMetricsReq` / `…Res`). */
export function isPromClientMessage(raw: unknown): boolean {
  const type = (raw as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('prom-client:');
}
