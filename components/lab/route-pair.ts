import type { RouteSpec } from '../../server/lab/types';

/**
 * The two routes the dashboard shows side by side: the ones chosen, while they exist, else the braid
 * (a direct scrape) beside its fix furthest from it (a pushed route), else the first two. Pure.
 */
export function routePair(
  routes: readonly Pick<RouteSpec, 'id' | 'topology'>[],
  chosen: readonly [string, string] | null,
): string[] {
  const ids = routes.map((r) => r.id);
  if (chosen && chosen[0] !== chosen[1] && chosen.every((id) => ids.includes(id))) return [...chosen];
  const first = routes.find((r) => r.topology.kind === 'direct') ?? routes[0];
  const second =
    routes.find((r) => r.topology.kind === 'pushed' && r !== first) ?? routes.find((r) => r !== first);
  return [first, second].filter((r) => r !== undefined).map((r) => r.id);
}
