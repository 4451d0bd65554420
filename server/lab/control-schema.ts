import { z } from 'zod';

/** Request bodies of the control API. Each error message names the field it is about. */

export const settingsPatchSchema = z
  .object({
    ratePerSecond: z.number().min(0).max(5000),
    concurrency: z.number().int().min(1).max(2048),
    paused: z.boolean(),
    scrapeIntervalSeconds: z.number().min(0.25).max(30),
    workers: z.number().int().min(1).max(16),
    metricsKeepAlive: z.boolean(),
    statsdBufferSize: z.number().int().min(0).max(65_000),
  })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const crashWorkerSchema = z
  .object({
    route: z.string().min(1),
    workerId: z.number().int().min(1).optional(),
  })
  .strict();

export const burstSchema = z
  .object({
    // Only the app behind this route gets the burst: bursting every app at once saturates a 2-core machine.
    route: z.string().min(1),
    requests: z.number().int().min(1).max(20_000),
  })
  .strict();

export const emptySchema = z.object({}).strict();

export class ControlInputError extends Error {
  override name = 'ControlInputError';
}

/**
 * Validates `body` (already JSON-parsed; undefined for an empty body, which means `{}`); throws a
 * ControlInputError such as "ratePerSecond: Too big: …". A JSON `null` is not an object and is refused.
 */
export function parseControl<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    if (body !== undefined) throw new ControlInputError('body: must be a JSON object');
  }
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown field`;
    const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${field}: ${issue.message}`;
  });
  throw new ControlInputError(messages.join('; '));
}
