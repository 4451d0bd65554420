/**
 * Splits a child's output into whole lines and prefixes each with the child's name. A partial last line is
 * carried over to the next chunk, so lines from different children never interleave mid-line.
 */
export class LinePrefixer {
  private carry = '';

  constructor(private readonly prefix: string) {}

  push(chunk: string): string[] {
    const text = this.carry + chunk;
    const parts = text.split('\n');
    this.carry = parts.pop() ?? '';
    return parts.map((line) => `${this.prefix}${line.replace(/\r$/, '')}`);
  }

  /** Whatever is left when the stream ends. */
  end(): string[] {
    const rest = this.carry;
    this.carry = '';
    return rest === '' ? [] : [`${this.prefix}${rest}`];
  }
}

export function namePrefix(name: string, width: number): string {
  return `${name.padEnd(width)} | `;
}
