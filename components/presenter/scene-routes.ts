/** Which of a scene's routes the lab actually has, and which one the `k` key crashes a worker of. */
import type { RouteView } from '../../server/lab/types';

/** The lab's route with `id`, or null when the lab has no such route (yet). */
export function findRoute(routes: readonly RouteView[], id: string): RouteView | null {
  return routes.find((r) => r.spec.id === id) ?? null;
}

/**
 * The first of the scene's routes that the lab has and can crash a worker of (it has an admin API), or
 * null: a scene about the bridge crashes the bridge's app, a scene without apps crashes nothing.
 */
export function crashTarget(
  sceneRoutes: readonly string[],
  labRoutes: readonly Pick<RouteView, 'spec'>[],
): string | null {
  for (const id of sceneRoutes) {
    const route = labRoutes.find((r) => r.spec.id === id);
    if (route?.spec.adminUrl !== undefined) return id;
  }
  return null;
}
