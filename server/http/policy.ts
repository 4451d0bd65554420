import type { Config } from '../config/env';
import { allowedHosts, DEFAULT_MAX_BODY_BYTES, type GuardPolicy } from './request-guard';

export interface PolicyOptions {
  /** The name other processes reach this server by (LAB_HOST, DIRECT_HOST …; a service name in compose). */
  ownHost?: string;
  token: string | null;
}

/** A server's guard policy from the shared configuration. */
export function serverPolicy(
  config: Pick<Config, 'BIND_HOST' | 'ALLOWED_HOSTS'>,
  { ownHost, token }: PolicyOptions,
): GuardPolicy {
  return {
    hosts: allowedHosts(config.BIND_HOST, ownHost, ...config.ALLOWED_HOSTS),
    token,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  };
}
