/**
 * A cursor over one line of a metrics exposition, shared by the Prometheus text reader and the OpenMetrics
 * one: both formats quote and escape the same way. Every error goes through `fail`, which names the line.
 */
export class LineScanner {
  constructor(
    protected readonly text: string,
    readonly fail: (message: string) => never,
    protected pos = 0,
  ) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  next(): string | undefined {
    return this.text[this.pos++];
  }
  skipBlanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
  }
  take(accept: (c: string) => boolean): string {
    const start = this.pos;
    while (!this.done() && accept(this.text[this.pos] as string)) this.pos += 1;
    return this.text.slice(start, this.pos);
  }
  /** The rest of the line, which is then done. */
  rest(): string {
    const rest = this.text.slice(this.pos);
    this.pos = this.text.length;
    return rest;
  }
  expect(c: string): void {
    if (this.next() !== c) this.fail(`expected "${c}" at column ${this.pos}`);
  }
  /** A double-quoted string with the escapes both formats allow: \n, \\ and \". */
  quoted(what: string): string {
    this.expect('"');
    let value = '';
    for (;;) {
      const c = this.next();
      if (c === undefined) this.fail(`unterminated ${what}`);
      if (c === '"') return value;
      if (c === '\\') {
        const e = this.next();
        if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else this.fail(`invalid escape "\\${e ?? ''}" in ${what}`);
      } else value += c;
    }
  }
}
