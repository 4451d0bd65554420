import { describe, expect, it } from 'vitest';
import { wrap } from './wrap';

describe('wrap', () => {
  it.each([
    { text: '', width: 10, want: [] },
    { text: 'one two three', width: 7, want: ['one two', 'three'] },
    { text: '  spaced   out  ', width: 80, want: ['spaced out'] },
    // A word longer than the width keeps a line of its own rather than being cut.
    { text: 'a averyveryverylongword b', width: 5, want: ['a', 'averyveryverylongword', 'b'] },
  ])('$text at $width', ({ text, width, want }) => {
    expect(wrap(text, width)).toEqual(want);
  });
});
