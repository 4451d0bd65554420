/**
 * Counts complete HTTP/1.1 responses in the bytes one kept-alive connection receives, however the reads cut
 * them: the load client's only parser, cheaper than Node's http client so the server stays the bottleneck.
 * Reads Content-Length and chunked bodies (Node's, without trailers); text is latin1, one char per byte.
 */

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'last-chunk';

export class ResponseScanner {
  #pending = '';
  #state: State = 'head';
  /** Bytes still to skip in 'body' or 'chunk-data' (a chunk's data and its CRLF). */
  #left = 0;
  #status = 0;

  /** The statuses of the responses this chunk completes, in order. */
  push(text: string): number[] {
    const statuses: number[] = [];
    let rest = this.#pending + text;
    this.#pending = '';
    const wait = (): number[] => {
      this.#pending = rest;
      return statuses;
    };
    for (;;) {
      switch (this.#state) {
        case 'body':
        case 'chunk-data': {
          if (rest.length < this.#left) {
            this.#left -= rest.length;
            return statuses;
          }
          rest = rest.slice(this.#left);
          this.#left = 0;
          if (this.#state === 'body') this.#finish(statuses);
          else this.#state = 'chunk-size';
          continue;
        }
        case 'head': {
          if (rest.length === 0) return statuses;
          const end = rest.indexOf('\r\n\r\n');
          if (end === -1) return wait();
          const head = parseHead(rest.slice(0, end));
          rest = rest.slice(end + 4);
          this.#status = head.status;
          if (head.contentLength === null) this.#state = 'chunk-size';
          else if (head.contentLength === 0) this.#finish(statuses);
          else {
            this.#state = 'body';
            this.#left = head.contentLength;
          }
          continue;
        }
        case 'chunk-size': {
          const end = rest.indexOf('\r\n');
          if (end === -1) return wait();
          const size = parseChunkSize(rest.slice(0, end));
          rest = rest.slice(end + 2);
          if (size === 0) this.#state = 'last-chunk';
          else {
            this.#state = 'chunk-data';
            this.#left = size + 2;
          }
          continue;
        }
        case 'last-chunk': {
          if (rest.length < 2) return wait();
          if (!rest.startsWith('\r\n')) throw new Error('a chunked body with trailers (they are not read)');
          rest = rest.slice(2);
          this.#finish(statuses);
          continue;
        }
      }
    }
  }

  #finish(statuses: number[]): void {
    statuses.push(this.#status);
    this.#state = 'head';
  }
}

export interface Head {
  status: number;
  /** Null for a chunked body. */
  contentLength: number | null;
  chunked: boolean;
}

/** The status and body framing of a response head (without its blank line); throws on anything else. */
export function parseHead(head: string): Head {
  const status = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(`${head}\r`);
  if (!status) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(head.slice(0, 40))}`);
  if (/\r\ntransfer-encoding:[ \t]*chunked[ \t]*(?:\r\n|$)/i.test(head)) {
    return { status: Number(status[1]), contentLength: null, chunked: true };
  }
  const length = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(head);
  if (!length) throw new Error('a response with neither Content-Length nor a chunked body');
  return { status: Number(status[1]), contentLength: Number(length[1]), chunked: false };
}

/** A chunk-size line's size: hex digits, extensions after ';' ignored. */
export function parseChunkSize(line: string): number {
  const hex = (line.split(';')[0] ?? '').trim();
  if (!/^[0-9a-f]+$/i.test(hex)) throw new Error(`not a chunk size: ${JSON.stringify(line.slice(0, 20))}`);
  return parseInt(hex, 16);
}
