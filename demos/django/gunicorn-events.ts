import { z } from 'zod';

/**
 * The events gunicorn's hooks (scrape_lab_django/gunicorn_hooks.py) write to the runner, one JSON object a
 * line: a worker ready to serve, a worker gone, the master's worker count changed. Pure.
 */

const id = z.number().int().min(1);

export const gunicornEventSchema = z.discriminatedUnion('event', [
  /** A worker has loaded the app and is about to accept; `id` is gunicorn's worker age, never reused. */
  z.object({ event: z.literal('ready'), id, pid: id, slot: id, forkedAtMs: z.number() }),
  /** The master reaped a worker, however it ended. */
  z.object({ event: z.literal('exit'), id, pid: id }),
  /** The master's worker count (TTIN, TTOU, a reload, or the start). */
  z.object({ event: z.literal('target'), workers: z.number().int().min(0) }),
]);
export type GunicornEvent = z.infer<typeof gunicornEventSchema>;

export type ParsedLine = { ok: true; event: GunicornEvent } | { ok: false; line: string };

/** Splits a byte stream into lines; a line cut across two chunks is kept until its end arrives. */
export class EventLineSplitter {
  #partial = '';

  push(chunk: string): ParsedLine[] {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '').map(parseEventLine);
  }
}

export function parseEventLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, line };
  }
  const parsed = gunicornEventSchema.safeParse(json);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, line };
}
