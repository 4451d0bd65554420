/**
 * Checks for the few small JSON shapes the supervisor reads (its IPC, its pid file, the venv's stamp). By
 * hand rather than with zod, which would cost the supervisor and every child linked to it about 12 MB.
 */

export type Fields = Record<string, unknown>;

export const isRecord = (raw: unknown): raw is Fields =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw);

export const isInt = (raw: unknown, min = Number.MIN_SAFE_INTEGER): raw is number =>
  Number.isInteger(raw) && (raw as number) >= min;

export const isString = (raw: unknown): raw is string => typeof raw === 'string';

export const isStringArray = (raw: unknown): raw is string[] => Array.isArray(raw) && raw.every(isString);

/** The parsed JSON of `text`, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
