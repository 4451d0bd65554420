import { parseSampleValue, type Exposition, type ExpositionSample } from '../lab/exposition-parser';
import { LineScanner } from '../lab/line-scanner';

/**
 * A reader for the OpenMetrics text format (1.0.0, and the UTF-8 quoted names Prometheus 3 accepts), into the
 * same shape the lab's Prometheus-text scanner returns, so the doctor reads either answer the same way.
 * Exemplars are skipped; timestamps (seconds in OpenMetrics) become milliseconds.
 */

export class OpenMetricsError extends Error {
  override name = 'OpenMetricsError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const TYPES = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary']);

export function parseOpenMetrics(text: string): Exposition {
  const result: Exposition = { samples: [], types: new Map(), help: new Map() };
  const lines = text.split('\n');
  // The body ends with a newline, so the last element after the split is empty.
  if (lines.at(-1) === '') lines.pop();
  const eof = lines.findIndex((l) => l === '# EOF');
  if (eof === -1) throw new OpenMetricsError(lines.length, 'no "# EOF" line: the answer was cut short');
  if (eof !== lines.length - 1) throw new OpenMetricsError(eof + 2, 'text after "# EOF"');
  for (let i = 0; i < eof; i += 1) {
    const line = lines[i] as string;
    const lineNo = i + 1;
    if (line === '') throw new OpenMetricsError(lineNo, 'empty line (OpenMetrics has none)');
    if (line.startsWith('#')) readComment(line, lineNo, result);
    else result.samples.push(readSample(line, lineNo));
  }
  return result;
}

function readComment(line: string, lineNo: number, out: Exposition): void {
  const match = /^# (HELP|TYPE|UNIT) /.exec(line);
  // Other comments are not OpenMetrics, but they carry no data: skipping them reads more real endpoints.
  if (!match) return;
  const scan: Scanner = new Scanner(line, lineNo, match[0].length);
  const name = scan.metricName();
  if (!scan.done()) scan.expect(' ');
  const rest = scan.rest();
  if (match[1] === 'HELP') out.help.set(name, unescape(rest));
  else if (match[1] === 'TYPE') {
    if (rest !== 'unknown' && !TYPES.has(rest)) scan.fail(`unknown type "${rest}" for ${name}`);
    // "unknown" is OpenMetrics' word for the text format's "untyped".
    out.types.set(name, rest === 'unknown' ? 'untyped' : rest);
  }
}

function readSample(line: string, lineNo: number): ExpositionSample {
  // Annotated, so that TypeScript reads scan.fail() as the end of a branch.
  const scan: Scanner = new Scanner(line, lineNo, 0);
  let name = '';
  if (scan.peek() !== '{') name = scan.metricName();
  const labels: Record<string, string> = {};
  if (scan.peek() === '{') {
    scan.next();
    let first = true;
    while (scan.peek() !== '}') {
      if (!first) scan.expect(',');
      // A trailing comma before "}" is allowed.
      if (!first && scan.peek() === '}') break;
      const key = scan.peek() === '"' ? scan.quoted('quoted string') : scan.labelName();
      if (first && name === '' && scan.peek() !== '=') {
        // Prometheus 3's UTF-8 form: {"my.metric", label="value"}.
        name = key;
      } else {
        scan.expect('=');
        if (key in labels) scan.fail(`duplicate label "${key}"`);
        labels[key] = scan.quoted('quoted string');
      }
      first = false;
    }
    scan.expect('}');
  }
  if (name === '') scan.fail('sample without a metric name');
  scan.expect(' ');
  const valueText = scan.token();
  const value = parseSampleValue(valueText);
  if (value === null) scan.fail(`invalid sample value "${valueText}"`);
  let timestampMs: number | null = null;
  if (!scan.done()) {
    scan.expect(' ');
    if (scan.peek() !== '#') {
      const tsText = scan.token();
      const seconds = parseSampleValue(tsText);
      if (seconds === null || !Number.isFinite(seconds)) scan.fail(`invalid timestamp "${tsText}"`);
      timestampMs = seconds * 1000;
      if (!scan.done()) scan.expect(' ');
    }
    if (!scan.done() && !scan.rest().startsWith('# {')) scan.fail('unexpected text after the sample');
  }
  return { name, labels, value, timestampMs };
}

/** The OpenMetrics additions to the shared line scanner: space-separated tokens and quotable names. */
class Scanner extends LineScanner {
  constructor(text: string, lineNo: number, pos: number) {
    super(
      text,
      (message) => {
        throw new OpenMetricsError(lineNo, message);
      },
      pos,
    );
  }

  token(): string {
    return this.take((c) => c !== ' ');
  }
  metricName(): string {
    if (this.peek() === '"') return this.quoted('quoted string');
    const name = this.take((c) => isNameChar(c, true));
    if (name === '' || /^[0-9]/.test(name)) this.fail(`invalid metric name "${name}"`);
    return name;
  }
  labelName(): string {
    const name = this.take((c) => isNameChar(c, false));
    if (name === '' || /^[0-9]/.test(name)) this.fail(`invalid label name "${name}"`);
    return name;
  }
}

function isNameChar(c: string, colon: boolean): boolean {
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' ||
    (colon && c === ':')
  );
}

function unescape(text: string): string {
  return text.replace(/\\(["\\n])/g, (_, e: string) => (e === 'n' ? '\n' : e));
}
