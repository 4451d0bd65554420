import { describe, expect, it } from 'vitest';
import { LineFramer, MAX_LINE_BYTES, type FrameOutcome } from './tcp-listener';

interface Framed {
  lines: string[];
  outcome: FrameOutcome;
  /** The unterminated tail at end of stream; undefined when the stream stopped at a too-long line. */
  last?: string | null;
}

/** Feeds input in chunks of chunkSize bytes (0: all at once), as a connection would deliver it. */
function frame(input: string, chunkSize: number, maxLineBytes = MAX_LINE_BYTES): Framed {
  const bytes = Buffer.from(input);
  const framer = new LineFramer(maxLineBytes);
  const lines: string[] = [];
  const step = chunkSize || bytes.length || 1;
  for (let at = 0; at < bytes.length; at += step) {
    // The bytes are only valid during the call: decode at once, as the bridge's parser does.
    const outcome = framer.push(bytes.subarray(at, at + step), (line) => {
      lines.push(Buffer.from(line).toString());
    });
    if (outcome === 'too_long') return { lines, outcome };
  }
  const last = framer.end();
  return { lines, outcome: 'more', last: last && Buffer.from(last).toString() };
}

const x = (n: number): string => 'x'.repeat(n);

describe('LineFramer', () => {
  it.each<[string, string, Framed]>([
    ['lines end at \\n', 'a:1|c\nb:2|c\n', { lines: ['a:1|c', 'b:2|c'], outcome: 'more', last: null }],
    ['a \\r before \\n is dropped', 'a\r\nb\r\n', { lines: ['a', 'b'], outcome: 'more', last: null }],
    ['only a final \\r is', 'a\rb\n', { lines: ['a\rb'], outcome: 'more', last: null }],
    ['empty lines are lines', '\n\n', { lines: ['', ''], outcome: 'more', last: null }],
    ['the tail at end of stream is a last line', 'a\nb', { lines: ['a'], outcome: 'more', last: 'b' }],
    // bufio.ReadLine strips "\r\n" or "\n" only; a tail at EOF keeps its "\r".
    ['a tail keeps its \\r', 'a\r', { lines: [], outcome: 'more', last: 'a\r' }],
    ['nothing at all', '', { lines: [], outcome: 'more', last: null }],
    // The exporter's bufio buffer holds 4096 bytes: the line's end has to be among them.
    ['4095 bytes and \\n fit', `${x(4095)}\n`, { lines: [x(4095)], outcome: 'more', last: null }],
    ['4096 bytes and \\n do not', `${x(4096)}\n`, { lines: [], outcome: 'too_long' }],
    ['4094 bytes and \\r\\n fit', `${x(4094)}\r\n`, { lines: [x(4094)], outcome: 'more', last: null }],
    ['4095 bytes and \\r\\n do not', `${x(4095)}\r\n`, { lines: [], outcome: 'too_long' }],
    ['a 4095-byte tail fits', x(4095), { lines: [], outcome: 'more', last: x(4095) }],
    ['a 4096-byte tail does not', x(4096), { lines: [], outcome: 'too_long' }],
    // The connection is closed there: what follows the too-long line is never read.
    [
      'lines after a too-long one are not read',
      `ok\n${x(5000)}\nlater\n`,
      { lines: ['ok'], outcome: 'too_long' },
    ],
    [
      'the limit is per line, not per connection',
      'a:1|c\n'.repeat(2000),
      { lines: Array<string>(2000).fill('a:1|c'), outcome: 'more', last: null },
    ],
  ])('%s', (_name, input, expected) => {
    // However the stream is cut into chunks, the lines are the same.
    for (const chunkSize of [0, 1, 2, 3, 7, 1000, 4095, 4096, 4097]) {
      expect([chunkSize, frame(input, chunkSize)]).toEqual([chunkSize, expected]);
    }
  });

  it.each<[string, number, Framed]>([
    ['a smaller limit: 3 bytes and \\n fit in 4', 4, { lines: ['abc'], outcome: 'more', last: null }],
    ['a smaller limit: 3 bytes and \\n do not fit in 3', 3, { lines: [], outcome: 'too_long' }],
  ])('%s', (_name, maxLineBytes, expected) => {
    for (const chunkSize of [0, 1, 2]) {
      expect(frame('abc\n', chunkSize, maxLineBytes)).toEqual(expected);
    }
  });
});
