import { describe, expect, it } from 'vitest';
import { navigationTarget, nextScene, sceneHref, sceneIdFromPath, sceneIndex, stepScene } from './scene-nav';

const scenes = [{ id: '1-a' }, { id: '2-b' }, { id: '3-c' }];

describe('sceneHref / sceneIdFromPath', () => {
  it.each([
    { path: '/scenes/1-a', want: '1-a' },
    { path: '/scenes/1-a/', want: '1-a' },
    { path: '/scenes/1-a?preview=1', want: '1-a' },
    { path: '/scenes/1-a#x', want: '1-a' },
    { path: '/scenes/caf%C3%A9', want: 'café' },
    { path: '/scenes/%E0%A4%A', want: null },
    { path: '/scenes', want: null },
    { path: '/scenes/', want: null },
    { path: '/scenes/1-a/more', want: null },
    { path: '/presenter', want: null },
    { path: '/', want: null },
  ])('$path → $want', ({ path, want }) => {
    expect(sceneIdFromPath(path)).toBe(want);
  });

  it.each(['1-monitoring-101', 'café', 'a b'])('%s survives the round trip', (id) => {
    expect(sceneIdFromPath(sceneHref(id))).toBe(id);
  });
});

describe('stepScene', () => {
  it.each([
    { from: '1-a', step: 1, want: '2-b' },
    { from: '2-b', step: 1, want: '3-c' },
    { from: '3-c', step: 1, want: '3-c' },
    { from: '2-b', step: -1, want: '1-a' },
    { from: '1-a', step: -1, want: '1-a' },
    { from: '1-a', step: 99, want: '3-c' },
    { from: '3-c', step: -99, want: '1-a' },
    { from: '2-b', step: 0, want: '2-b' },
    { from: 'nope', step: 1, want: '1-a' },
  ])('$from by $step → $want', ({ from, step, want }) => {
    expect(stepScene(scenes, from, step)?.id).toBe(want);
  });

  it('is null without scenes', () => {
    expect(stepScene([], '1-a', 1)).toBeNull();
  });
});

describe('nextScene / sceneIndex', () => {
  it.each([
    { id: '1-a', next: '2-b', index: 0 },
    { id: '2-b', next: '3-c', index: 1 },
    { id: '3-c', next: null, index: 2 },
    { id: 'nope', next: null, index: -1 },
  ])('$id', ({ id, next, index }) => {
    expect(nextScene(scenes, id)?.id ?? null).toBe(next);
    expect(sceneIndex(scenes, id)).toBe(index);
  });
});

describe('navigationTarget', () => {
  const scenes = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it.each([
    { id: 'b', to: 'previous', want: 'a' },
    { id: 'b', to: 'next', want: 'c' },
    { id: 'c', to: 'next', want: 'c' },
    { id: 'a', to: 'previous', want: 'a' },
    { id: 'b', to: 'first', want: 'a' },
    { id: 'b', to: 'last', want: 'c' },
    { id: 'unknown', to: 'next', want: 'a' },
  ] as const)('$to from $id → $want', ({ id, to, want }) => {
    expect(navigationTarget(scenes, id, to)).toBe(want);
  });

  it('is undefined with no scenes', () => {
    expect(navigationTarget([], 'a', 'first')).toBeUndefined();
  });
});
