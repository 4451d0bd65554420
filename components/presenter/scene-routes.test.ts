import { describe, expect, it } from 'vitest';
import type { RouteView } from '../../server/lab/types';
import { crashTarget } from './scene-routes';

const route = (id: string, adminUrl?: string) =>
  ({ spec: { id, ...(adminUrl ? { adminUrl } : {}) } }) as Pick<RouteView, 'spec'>;

const lab = [
  route('direct', 'http://127.0.0.1:8091'),
  route('statsd', 'http://127.0.0.1:8092'),
  route('user-app'),
];

describe('crashTarget', () => {
  it.each([
    { name: 'the scene’s first route', scene: ['statsd', 'direct'], want: 'statsd' },
    { name: 'skips routes the lab does not have', scene: ['port-per-worker', 'direct'], want: 'direct' },
    { name: 'skips routes without an admin API', scene: ['user-app', 'statsd'], want: 'statsd' },
    { name: 'none the lab has', scene: ['port-per-worker', 'shared-mode'], want: null },
    { name: 'a scene without routes', scene: [], want: null },
  ])('$name', ({ scene, want }) => {
    expect(crashTarget(scene, lab)).toBe(want);
  });
});
