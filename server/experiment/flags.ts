import { z } from 'zod';

export const experimentFlagsSchema = z
  .object({
    workers: z.coerce.number().int().min(1).max(16).default(4),
    rate: z.coerce.number().min(1).max(5000).default(200),
    duration: z.coerce.number().min(1).max(3600).default(10),
    interval: z.coerce.number().min(0.25).max(30).default(1),
    connection: z.enum(['keepalive', 'close']).default('close'),
    json: z.boolean().default(false),
    /** Route ids to report, comma-separated; all when absent. Checked against the definitions by the caller. */
    routes: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .optional(),
  })
  .strict();

export type ExperimentFlags = z.infer<typeof experimentFlagsSchema>;

export const EXPERIMENT_USAGE =
  'usage: npm run experiment -- [--workers 4] [--rate 200] [--duration 10] [--interval 1]\n' +
  '                             [--connection keepalive|close] [--routes direct,statsd,…] [--json]';

export class FlagError extends Error {
  override name = 'FlagError';
}

/** `--name value` pairs and the bare `--json` switch, validated; errors name the flag. */
export function parseExperimentFlags(argv: readonly string[]): ExperimentFlags {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    if (name === 'json') {
      raw.json = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new FlagError(`--${name}: needs a value`);
    raw[name] = value;
    i += 1;
  }
  const parsed = experimentFlagsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') throw new FlagError(`unknown flag --${issue.keys[0]}`);
    throw new FlagError(`--${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
