import { z } from 'zod';

/**
 * What a supervised Node child and its supervisor say to each other over the child's IPC channel: the child
 * asks (restart or reload a child by name), the supervisor answers once it is done, under the same id.
 */

/**
 * Set by the supervisor on the Node children it starts, to its own pid: a child whose parent has that pid is
 * linked to it, while a grandchild (a cluster worker, whose IPC channel leads to its primary) is not.
 */
export const SUPERVISOR_PID_VARIABLE = 'SCRAPE_LAB_SUPERVISOR_PID';

const requestSchema = z.object({
  type: z.literal('scrape-lab:supervisor-request'),
  id: z.number().int(),
  action: z.enum(['restart', 'reload']),
  child: z.string(),
});

const replySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('scrape-lab:supervisor-reply'), id: z.number().int(), ok: z.literal(true) }),
  z.object({
    type: z.literal('scrape-lab:supervisor-reply'),
    id: z.number().int(),
    ok: z.literal(false),
    error: z.string(),
  }),
]);

export type LinkRequest = z.infer<typeof requestSchema>;
export type LinkReply = z.infer<typeof replySchema>;
export type LinkAction = LinkRequest['action'];

/** The request in an IPC message, or null for any other message (the channel may carry others). */
export function parseLinkRequest(message: unknown): LinkRequest | null {
  const parsed = requestSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

export function parseLinkReply(message: unknown): LinkReply | null {
  const parsed = replySchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

export function linkRequest(fields: Omit<LinkRequest, 'type'>): LinkRequest {
  return { type: 'scrape-lab:supervisor-request', ...fields };
}

export function linkReply(id: number, error: Error | null): LinkReply {
  return error
    ? { type: 'scrape-lab:supervisor-reply', id, ok: false, error: error.message }
    : { type: 'scrape-lab:supervisor-reply', id, ok: true };
}
