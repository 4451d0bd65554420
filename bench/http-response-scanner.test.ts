import { describe, expect, it } from 'vitest';
import { ResponseScanner, parseChunkSize, parseHead } from './http-response-scanner';

const ok = 'HTTP/1.1 200 OK\r\nx-worker-id: 1\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nok\n';
const failed = 'HTTP/1.1 500 Internal Server Error\r\ncontent-length: 18\r\n\r\nsimulated failure\n';
const empty = 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n';
// What the demo's workers send: Node chunks a body when writeHead set no Content-Length.
const chunked =
  'HTTP/1.1 200 OK\r\nx-worker-id: 1\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nok\n\r\n0\r\n\r\n';
const twoChunks =
  'HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\na;x=1\r\nsimulated \r\n8\r\nfailure\n\r\n0\r\n\r\n';

/** Every way of cutting `text` into two reads, plus one read per byte. */
function cuts(text: string): string[][] {
  const pairs = Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
  return [...pairs, [...text]];
}

describe('ResponseScanner', () => {
  it.each([
    { name: 'one response', text: ok, want: [200] },
    { name: 'two back to back', text: ok + failed, want: [200, 500] },
    { name: 'an empty body between two', text: ok + empty + ok, want: [200, 204, 200] },
    { name: 'a chunked body', text: chunked, want: [200] },
    {
      name: 'chunked and sized bodies mixed',
      text: chunked + ok + twoChunks + chunked,
      want: [200, 200, 500, 200],
    },
    { name: 'a head without its body yet', text: ok + failed.slice(0, -5), want: [200] },
    { name: 'a chunked body without its last chunk', text: chunked.slice(0, -5), want: [] },
    { name: 'half a head', text: ok.slice(0, 20), want: [] },
  ])('reads $name the same however the reads cut it', ({ text, want }) => {
    for (const reads of cuts(text)) {
      const scanner = new ResponseScanner();
      expect(reads.flatMap((r) => scanner.push(r))).toEqual(want);
    }
  });

  it('refuses trailers after the last chunk', () => {
    const scanner = new ResponseScanner();
    expect(() => scanner.push(chunked.replace(/0\r\n\r\n$/, '0\r\nx-trailer: 1\r\n\r\n'))).toThrow(
      /trailers/,
    );
  });
});

describe('parseHead', () => {
  it.each([
    { head: 'HTTP/1.1 200 OK\r\nContent-Length: 3', want: { status: 200, contentLength: 3, chunked: false } },
    {
      head: 'HTTP/1.0 404 Not Found\r\ncontent-length:10\r\nDate: x',
      want: { status: 404, contentLength: 10, chunked: false },
    },
    { head: 'HTTP/1.1 500\r\nCONTENT-LENGTH: 0 ', want: { status: 500, contentLength: 0, chunked: false } },
    {
      head: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nKeep-Alive: timeout=5',
      want: { status: 200, contentLength: null, chunked: true },
    },
  ])('reads $want from $head', ({ head, want }) => {
    expect(parseHead(head)).toEqual(want);
  });

  it.each([
    { head: 'HTTP/2 200\r\nContent-Length: 3', message: /not an HTTP\/1.x status line/ },
    { head: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip', message: /neither Content-Length nor/ },
    { head: 'HTTP/1.1 200 OK\r\nX-Content-Length: 3', message: /neither Content-Length nor/ },
  ])('refuses $head', ({ head, message }) => {
    expect(() => parseHead(head)).toThrow(message);
  });
});

describe('parseChunkSize', () => {
  it.each([
    { line: '3', want: 3 },
    { line: 'A', want: 10 },
    { line: '1f;name=value', want: 31 },
    { line: '0', want: 0 },
  ])('reads $want from $line', ({ line, want }) => {
    expect(parseChunkSize(line)).toBe(want);
  });

  it.each(['', 'xyz', '-1'])('refuses %j', (line) => {
    expect(() => parseChunkSize(line)).toThrow(/not a chunk size/);
  });
});
