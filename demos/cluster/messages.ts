import { z } from 'zod';

/** IPC between the primary and its workers. Workers validate what they receive. */

const settingsSchema = z.object({
  metricsKeepAlive: z.boolean(),
  statsdBufferSize: z.number().int().min(0).max(65_000),
});

export const toWorkerSchema = z.discriminatedUnion('type', [
  /** New switches; the worker answers `settings-applied` with the same `seq`. */
  z.object({ type: z.literal('settings'), seq: z.number().int(), settings: settingsSchema }),
  /** Stop accepting, finish in-flight requests, flush metrics, exit 0. */
  z.object({ type: z.literal('shutdown') }),
  /** Die at once with exit code 1, as a crashing worker would. */
  z.object({ type: z.literal('crash') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const toPrimarySchema = z.object({ type: z.literal('settings-applied'), seq: z.number().int() });
export type ToPrimary = z.infer<typeof toPrimarySchema>;

/** Exit code of a worker that cannot listen on the app port; the primary stops instead of retrying. */
export const EXIT_CANNOT_LISTEN = 78;

/** Messages of prom-client's cluster aggregation (`prom-client:getMetricsReq` / `…Res`). */
export function isPromClientMessage(raw: unknown): boolean {
  const type = (raw as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('prom-client:');
}
