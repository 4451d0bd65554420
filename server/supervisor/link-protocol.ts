import { isInt, isRecord, isString } from '../config/shape-guards';

/**
 * What a supervised Node child and its supervisor say to each other over the child's IPC channel: the child
 * asks (restart or reload a child by name), the supervisor answers once it is done, under the same id.
 */

/**
 * Set by the supervisor on the Node children it starts, to its own pid: a child whose parent has that pid is
 * linked to it, while a grandchild (a cluster worker, whose IPC channel leads to its primary) is not.
 */
export const SUPERVISOR_PID_VARIABLE = 'SCRAPE_LAB_SUPERVISOR_PID';

export type LinkAction = 'restart' | 'reload';

export interface LinkRequest {
  type: 'scrape-lab:supervisor-request';
  id: number;
  action: LinkAction;
  child: string;
}

export type LinkReply =
  | { type: 'scrape-lab:supervisor-reply'; id: number; ok: true }
  | { type: 'scrape-lab:supervisor-reply'; id: number; ok: false; error: string };

/** The request in an IPC message, or null for any other message (the channel may carry others). */
export function parseLinkRequest(message: unknown): LinkRequest | null {
  if (!isRecord(message) || message.type !== 'scrape-lab:supervisor-request') return null;
  const { id, action, child } = message;
  if (!isInt(id) || (action !== 'restart' && action !== 'reload') || !isString(child)) return null;
  return { type: 'scrape-lab:supervisor-request', id, action, child };
}

export function parseLinkReply(message: unknown): LinkReply | null {
  if (!isRecord(message) || message.type !== 'scrape-lab:supervisor-reply' || !isInt(message.id)) return null;
  const { id, ok, error } = message;
  if (ok === true) return { type: 'scrape-lab:supervisor-reply', id, ok };
  if (ok === false && isString(error)) return { type: 'scrape-lab:supervisor-reply', id, ok, error };
  return null;
}

export function linkRequest(fields: Omit<LinkRequest, 'type'>): LinkRequest {
  return { type: 'scrape-lab:supervisor-request', ...fields };
}

export function linkReply(id: number, error: Error | null): LinkReply {
  return error
    ? { type: 'scrape-lab:supervisor-reply', id, ok: false, error: error.message }
    : { type: 'scrape-lab:supervisor-reply', id, ok: true };
}
