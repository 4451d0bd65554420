import { describe, expect, it } from 'vitest';
import { throttledWarning } from './listener';

describe('throttledWarning', () => {
  it.each([
    [1, ['fault (1 so far)']],
    [999, ['fault (1 so far)']],
    [1000, ['fault (1 so far)', 'fault (1000 so far)']],
    [2500, ['fault (1 so far)', 'fault (1000 so far)', 'fault (2000 so far)']],
  ])('after %i faults says %j', (faults, expected) => {
    const said: string[] = [];
    const warn = throttledWarning((message) => said.push(message));
    for (let i = 0; i < faults; i++) warn('fault');
    expect(said).toEqual(expected);
  });
});
