/** Moving through the scene list: pure lookups on ids and paths, so every scene is a URL of its own. */
import type { Scene } from './scenes';

/** Where the scenes live. */
export const SCENES_BASE = '/scenes';

export function sceneHref(id: string): string {
  return `${SCENES_BASE}/${encodeURIComponent(id)}`;
}

/** The scene id in a `/scenes/<id>` path (query and hash ignored), or null for any other path. */
export function sceneIdFromPath(pathname: string): string | null {
  const path = pathname.split(/[?#]/)[0] ?? '';
  const match = /^\/scenes\/([^/]+)\/?$/.exec(path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Index of the scene with `id`, or -1. */
export function sceneIndex(scenes: readonly Pick<Scene, 'id'>[], id: string): number {
  return scenes.findIndex((s) => s.id === id);
}

/**
 * The scene `step` places from `id` (negative is back), held at the ends: the first scene has no previous
 * one and the last no next one, so a clicker never wraps the talk around. Unknown ids start at the first.
 */
export function stepScene<T extends Pick<Scene, 'id'>>(
  scenes: readonly T[],
  id: string,
  step: number,
): T | null {
  if (scenes.length === 0) return null;
  const from = sceneIndex(scenes, id);
  if (from === -1) return scenes[0] ?? null;
  const to = Math.min(scenes.length - 1, Math.max(0, from + Math.trunc(step)));
  return scenes[to] ?? null;
}

export type Navigation = 'previous' | 'next' | 'first' | 'last';

/** The id of the scene a navigation command leads to from `id`, or undefined when there are none. */
export function navigationTarget(
  scenes: readonly Pick<Scene, 'id'>[],
  id: string,
  to: Navigation,
): string | undefined {
  if (to === 'first') return scenes[0]?.id;
  if (to === 'last') return scenes.at(-1)?.id;
  return stepScene(scenes, id, to === 'next' ? 1 : -1)?.id;
}

/** The scene after `id`, or null at the end (for the speaker view's preview). */
export function nextScene<T extends Pick<Scene, 'id'>>(scenes: readonly T[], id: string): T | null {
  const i = sceneIndex(scenes, id);
  return i === -1 ? null : (scenes[i + 1] ?? null);
}
