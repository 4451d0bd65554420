/**
 * What one environment variable may hold, and how its text becomes a value. Written here rather than with
 * zod because every process reads its config, the demo's cluster workers included, and zod costs each of
 * them about 12 MB of memory; a variable is one string, which needs none of zod's generality.
 */

/** Reads a variable's text (undefined when unset); throws a VariableError saying what it must be. */
export type Variable<T> = (raw: string | undefined) => T;

export class VariableError extends Error {
  override name = 'VariableError';
}

interface NumberOptions {
  min: number;
  max: number;
  /** Whole numbers only. */
  int?: boolean;
}

function toNumber(raw: string, { min, max, int = false }: NumberOptions): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const kind = int ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || (int && !Number.isInteger(value)) || value < min || value > max) {
    throw new VariableError(`must be ${kind} from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** A number in a range; `fallback` when unset, or undefined when there is none. */
export function num(options: NumberOptions & { fallback: number }): Variable<number>;
export function num(options: NumberOptions): Variable<number | undefined>;
export function num(options: NumberOptions & { fallback?: number }): Variable<number | undefined> {
  return (raw) => (raw === undefined ? options.fallback : toNumber(raw, options));
}

/** A TCP or UDP port, 1 to `max` (65535 unless a block of ports must fit above it). */
export function port(fallback: number, max = 65_535): Variable<number> {
  return num({ min: 1, max, int: true, fallback });
}

/** Any text of at least `minLength` characters; `fallback` when unset, or undefined when there is none. */
export function text(options: { fallback: string; minLength?: number }): Variable<string>;
export function text(options?: { minLength?: number }): Variable<string | undefined>;
export function text({ fallback, minLength = 0 }: { fallback?: string; minLength?: number } = {}): Variable<
  string | undefined
> {
  return (raw) => {
    if (raw === undefined) return fallback;
    if (raw.length < minLength) throw new VariableError(`must be at least ${minLength} characters`);
    return raw;
  };
}

/** One of a fixed list of words. */
export function oneOf<const T extends string>(values: readonly T[], fallback: T): Variable<T> {
  return (raw) => {
    if (raw === undefined) return fallback;
    const value = values.find((v) => v === raw);
    if (value === undefined) throw new VariableError(`must be one of ${values.join(', ')}, not "${raw}"`);
    return value;
  };
}

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];

/** true/false, 1/0 or yes/no. */
export function flag(fallback: boolean): Variable<boolean> {
  return (raw) => {
    if (raw === undefined) return fallback;
    if (TRUE.includes(raw)) return true;
    if (FALSE.includes(raw)) return false;
    throw new VariableError(`must be one of ${[...TRUE, ...FALSE].join(', ')}, not "${raw}"`);
  };
}

/** An http(s) URL, or undefined when unset: the doctor reads nothing else. */
export function httpUrl(): Variable<string | undefined> {
  return (raw) => {
    if (raw === undefined) return undefined;
    if (!/^https?:\/\/[^/]/.test(raw) || !URL.canParse(raw)) {
      throw new VariableError('must be an http:// or https:// URL');
    }
    return raw;
  };
}

/** A comma-separated list, each item trimmed, empty items dropped. */
export function list(): Variable<string[]> {
  return (raw) =>
    (raw ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
}

type Read<S, K extends keyof S> = S[K] extends Variable<infer T> ? T : never;

/** The values a schema reads: a variable that may be unset is an optional property, as in .env files. */
export type Values<S extends Record<string, Variable<unknown>>> = {
  [K in keyof S as undefined extends Read<S, K> ? never : K]: Read<S, K>;
} & { [K in keyof S as undefined extends Read<S, K> ? K : never]?: Exclude<Read<S, K>, undefined> };

/**
 * Reads every variable of `schema` from `env`; an empty string counts as unset, so a blank line in .env keeps
 * the default. Returns the values, or the problems, one per bad variable, each naming it.
 */
export function readVariables<S extends Record<string, Variable<unknown>>>(
  schema: S,
  env: Record<string, string | undefined>,
): { ok: true; values: Values<S> } | { ok: false; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, read] of Object.entries(schema)) {
    const raw = env[name];
    try {
      const value = read(raw === '' ? undefined : raw);
      if (value !== undefined) values[name] = value;
    } catch (error) {
      if (!(error instanceof VariableError)) throw error;
      problems.push(`${name}: ${error.message}`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: values as Values<S> };
}
