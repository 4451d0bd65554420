/**
 * The direct route's connection policy, named for what it does to the scrapes. The lab stores it as one
 * boolean (`metricsKeepAlive`); the page speaks of it as two named states and what each does to the numbers.
 */

export type ConnectionPolicy = 'pinned' | 'hopping';

export interface ConnectionPolicyInfo {
  policy: ConnectionPolicy;
  /** The state's name on the control. */
  name: string;
  /** The lab setting that selects it. */
  keepAlive: boolean;
  /** One sentence on what the policy does to the numbers. */
  effect: string;
}

const PINNED: ConnectionPolicyInfo = {
  policy: 'pinned',
  name: 'keep-alive \u2014 pinned',
  keepAlive: true,
  effect:
    'Prometheus keeps one connection open, so every scrape reaches the same worker: the counter looks ' +
    'smooth but counts only that worker\u2019s share.',
};

const HOPPING: ConnectionPolicyInfo = {
  policy: 'hopping',
  name: 'close \u2014 hopping',
  keepAlive: false,
  effect:
    'Each scrape opens a new connection and lands on whichever worker accepts it: every drop looks like ' +
    'a restart, so rate() invents traffic.',
};

/** In the order the control shows them. */
export const CONNECTION_POLICIES: readonly ConnectionPolicyInfo[] = [PINNED, HOPPING];

/** The policy a `metricsKeepAlive` setting stands for. */
export function connectionPolicy(metricsKeepAlive: boolean): ConnectionPolicyInfo {
  return metricsKeepAlive ? PINNED : HOPPING;
}
