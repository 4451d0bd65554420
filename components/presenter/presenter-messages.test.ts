import { describe, expect, it } from 'vitest';
import { parsePresenterMessage } from './presenter-messages';

describe('parsePresenterMessage', () => {
  it.each([
    {
      data: { type: 'scene', sceneId: '3-four-workers' },
      want: { type: 'scene', sceneId: '3-four-workers' },
    },
    { data: { type: 'go', sceneId: '4-x', extra: 1 }, want: { type: 'go', sceneId: '4-x' } },
    { data: { type: 'hello' }, want: { type: 'hello' } },
    { data: { type: 'bye', sceneId: 'ignored' }, want: { type: 'bye' } },
    { data: { type: 'scene' }, want: null },
    { data: { type: 'go', sceneId: '' }, want: null },
    { data: { type: 'go', sceneId: 4 }, want: null },
    { data: { type: 'reload' }, want: null },
    { data: ['scene', '1-a'], want: null },
    { data: 'scene', want: null },
    { data: null, want: null },
    { data: undefined, want: null },
  ])('$data → $want', ({ data, want }) => {
    expect(parsePresenterMessage(data)).toEqual(want);
  });
});
