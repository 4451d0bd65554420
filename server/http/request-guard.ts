import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The one request guard every Scrape Lab HTTP server runs before it looks at a request (web proxy, lab,
 * demo admin APIs, built-in bridge). Pure: it reads the method, target and headers and says yes, or which
 * check failed. A browser page from another site, a DNS-rebound name or a form post never gets past it.
 */

export interface GuardPolicy {
  /** Host names (lower case, no port; IPv6 without brackets) this server answers for. */
  hosts: ReadonlySet<string>;
  /** When set, state-changing requests must carry it: `Authorization: Bearer …` or the token cookie. */
  token: string | null;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export interface GuardedRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

export type GuardVerdict =
  | { ok: true; path: string; search: string; changesState: boolean }
  | { ok: false; status: 400 | 401 | 403 | 405 | 413; error: string };

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Names that reach this machine only: answered by every server without configuration. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];
export const TOKEN_COOKIE = 'scrape_lab_token';

const READ_METHODS = new Set(['GET', 'HEAD']);
const WRITE_METHODS = new Set(['POST', 'PUT']);

/** Loopback names, the server's own configured names and any extra ones (ALLOWED_HOSTS), normalised. */
export function allowedHosts(...names: readonly (string | undefined)[]): Set<string> {
  const hosts = new Set(LOOPBACK_HOSTS);
  for (const name of names) {
    const host = name
      ?.trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    // A wildcard bind address is not a name anybody sends in Host.
    if (host && host !== '0.0.0.0' && host !== '::') hosts.add(host);
  }
  return hosts;
}

/** True for addresses only this machine can reach. */
export function isLoopback(address: string): boolean {
  const host = address.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function checkRequest(req: GuardedRequest, policy: GuardPolicy): GuardVerdict {
  const method = (req.method ?? '').toUpperCase();
  const changesState = WRITE_METHODS.has(method);
  if (!changesState && !READ_METHODS.has(method)) {
    return { ok: false, status: 405, error: `method: ${method || '(none)'} is not allowed here` };
  }

  const target = req.url ?? '';
  // Origin-form only: `*`, absolute URLs and authority-form targets are for proxies, not for this server.
  if (!target.startsWith('/') || target.startsWith('//')) {
    return { ok: false, status: 400, error: `target: "${clip(target)}" is not a path` };
  }
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, error: `target: bad %-encoding in "${clip(rawPath)}"` };
  }
  const search = queryAt === -1 ? '' : target.slice(queryAt);

  const host = hostName(req.headers.host);
  if (host === null) return { ok: false, status: 400, error: 'host: header missing or malformed' };
  if (!policy.hosts.has(host)) {
    return {
      ok: false,
      status: 403,
      error: `host: "${clip(host)}" is not a name this server answers for (add it to ALLOWED_HOSTS)`,
    };
  }

  if (changesState) {
    const refused = checkStateChange(req.headers, policy);
    if (refused) return refused;
  }
  return { ok: true, path, search, changesState };
}

function checkStateChange(headers: IncomingHttpHeaders, policy: GuardPolicy): GuardVerdict | null {
  const site = one(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, error: `origin: refused a ${site} request (Sec-Fetch-Site)` };
  }
  const origin = one(headers.origin);
  if (origin !== undefined && !isSameOrigin(origin, headers.host)) {
    return { ok: false, status: 403, error: `origin: "${clip(origin)}" is not this server's origin` };
  }
  const type = (one(headers['content-type']) ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return {
      ok: false,
      status: 403,
      error: `content-type: must be application/json, not ${type ? `"${clip(type)}"` : 'missing'}`,
    };
  }
  const length = one(headers['content-length']);
  if (length !== undefined && Number(length) > policy.maxBodyBytes) {
    return { ok: false, status: 413, error: `body: larger than ${policy.maxBodyBytes} bytes` };
  }
  if (policy.token !== null && !carriesToken(headers, policy.token)) {
    return {
      ok: false,
      status: 401,
      error:
        'token: this server is reachable beyond loopback, so its controls need the token (LAB_TOKEN): ' +
        'open the page once with the ?token= URL printed at start, or send "Authorization: Bearer …"',
    };
  }
  return null;
}

/** The host name of a Host header value, lower case and without port or brackets; null when malformed. */
export function hostName(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::\d{1,5})?$/i.exec(value.trim());
  if (!match) return null;
  return (match[1] ?? match[2] ?? '').toLowerCase() || null;
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host?.toLowerCase();
  } catch {
    // "null" (sandboxed frames, file: pages) and garbage are never this server.
    return false;
  }
}

function carriesToken(headers: IncomingHttpHeaders, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(one(headers.authorization) ?? '')?.[1];
  const cookie = cookieValue(one(headers.cookie), TOKEN_COOKIE);
  return [bearer, cookie].some((given) => given !== undefined && sameSecret(given, token));
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Echoed input is cut short: an error message must not become a way to reflect a megabyte back. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
