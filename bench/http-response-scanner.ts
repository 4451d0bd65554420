/**
 * Counts complete HTTP/1.1 responses in the bytes one kept-alive connection receives, however the reads cut
 * them: the load client's only parser, cheaper than Node's http client so the server stays the bottleneck.
 * Bodies must carry a Content-Length (the demo's always do); text is read as latin1, one char per byte.
 */
export class ResponseScanner {
  #pending = '';
  #bodyLeft = 0;
  #status = 0;

  /** The statuses of the responses this chunk completes, in order. */
  push(text: string): number[] {
    const statuses: number[] = [];
    let rest = this.#pending + text;
    this.#pending = '';
    for (;;) {
      if (this.#bodyLeft > 0) {
        if (rest.length < this.#bodyLeft) {
          this.#bodyLeft -= rest.length;
          return statuses;
        }
        rest = rest.slice(this.#bodyLeft);
        this.#bodyLeft = 0;
        statuses.push(this.#status);
        continue;
      }
      if (rest.length === 0) return statuses;
      const end = rest.indexOf('\r\n\r\n');
      if (end === -1) {
        this.#pending = rest;
        return statuses;
      }
      const { status, contentLength } = parseHead(rest.slice(0, end));
      rest = rest.slice(end + 4);
      if (contentLength === 0) statuses.push(status);
      else {
        this.#status = status;
        this.#bodyLeft = contentLength;
      }
    }
  }
}

/** The status and Content-Length of a response head (without its blank line); throws on anything else. */
export function parseHead(head: string): { status: number; contentLength: number } {
  const status = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(`${head}\r`);
  if (!status) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(head.slice(0, 40))}`);
  const length = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(head);
  if (!length) throw new Error('a response without Content-Length (chunked bodies are not read)');
  return { status: Number(status[1]), contentLength: Number(length[1]) };
}
