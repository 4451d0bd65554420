import { describe, expect, it } from 'vitest';
import { LinePrefixer, namePrefix } from './log-prefix';

describe('LinePrefixer', () => {
  it.each([
    { chunks: ['one\n'], lines: ['> one'], rest: [] },
    { chunks: ['one\ntwo\n'], lines: ['> one', '> two'], rest: [] },
    { chunks: ['o', 'ne\ntw', 'o\n'], lines: ['> one', '> two'], rest: [] },
    { chunks: ['no newline'], lines: [], rest: ['> no newline'] },
    { chunks: ['crlf\r\n'], lines: ['> crlf'], rest: [] },
    { chunks: ['\n'], lines: ['> '], rest: [] },
  ])('$chunks', ({ chunks, lines, rest }) => {
    const p = new LinePrefixer('> ');
    expect(chunks.flatMap((c) => p.push(c))).toEqual(lines);
    expect(p.end()).toEqual(rest);
  });
});

describe('namePrefix', () => {
  it.each([
    { name: 'lab', width: 6, want: 'lab    | ' },
    { name: 'bridge', width: 6, want: 'bridge | ' },
  ])('$name', ({ name, width, want }) => {
    expect(namePrefix(name, width)).toBe(want);
  });
});
