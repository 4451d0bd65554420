import { z } from 'zod';

/** Pure parts of the admin API: which routes exist, and what their JSON bodies may hold. */

const ROUTES = {
  '/workers': ['GET', 'PUT'],
  '/workers/crash': ['POST'],
  '/workers/restart': ['POST'],
  '/settings': ['GET', 'PUT'],
  '/-/healthy': ['GET'],
} as const;

type Routes = typeof ROUTES;
export type AdminRoute = { [P in keyof Routes]: `${Routes[P][number]} ${P}` }[keyof Routes];

export type RouteMatch =
  | { kind: 'route'; route: AdminRoute }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: readonly string[] };

export function matchRoute(method: string, url: string): RouteMatch {
  const path = url.split('?')[0] ?? '';
  if (!Object.hasOwn(ROUTES, path)) return { kind: 'not-found' };
  const allow: readonly string[] = ROUTES[path as keyof Routes];
  if (!allow.includes(method)) return { kind: 'method-not-allowed', allow };
  return { kind: 'route', route: `${method} ${path}` as AdminRoute };
}

const requiredNumber = z.number({
  error: (issue) => (issue.input === undefined ? 'required' : 'must be a number'),
});

export const scaleBodySchema = z.strictObject({
  count: requiredNumber
    .int('must be a whole number')
    .min(1, 'must be between 1 and 16')
    .max(16, 'must be between 1 and 16'),
});

export const crashBodySchema = z.strictObject({
  id: requiredNumber.int('must be a whole number').min(1, 'must be a worker id (1 or more)').optional(),
});

export const restartBodySchema = z.strictObject({});

export const settingsBodySchema = z.strictObject({
  metricsKeepAlive: z.boolean({ error: 'must be true or false' }).optional(),
  statsdBufferSize: requiredNumber
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65000')
    .max(65_000, 'must be between 0 and 65000')
    .optional(),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a request body; an empty body counts as `{}`. Errors name the field, e.g. "count: required". */
export function parseBody<T>(schema: z.ZodType<T>, text: string): ParseResult<T> {
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: 'body: not valid JSON' };
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return { ok: false, error: 'body: invalid' };
  if (issue.code === 'unrecognized_keys')
    return { ok: false, error: `${issue.keys.join(', ')}: unknown field` };
  if (issue.path.length === 0) return { ok: false, error: 'body: must be a JSON object' };
  return { ok: false, error: `${issue.path.join('.')}: ${issue.message}` };
}
