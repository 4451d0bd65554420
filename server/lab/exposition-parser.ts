/**
 * A scanner for the Prometheus text exposition format (version 0.0.4), sample by sample. The npm parsers we
 * measured merge labelled histogram series into one (losing `_sum`/`_count` per label set), which is exactly
 * what the lab reads, so this one keeps every sample as written and reports errors with their line number.
 */

import { LineScanner } from './line-scanner';

export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs: number | null;
}

export interface Exposition {
  samples: ExpositionSample[];
  /** Family name → declared type (counter, gauge, histogram, summary, untyped). */
  types: Map<string, string>;
  /** Family name → help text, unescaped. */
  help: Map<string, string>;
}

export class ExpositionError extends Error {
  override name = 'ExpositionError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parseExposition(text: string): Exposition {
  const result: Exposition = { samples: [], types: new Map(), help: new Map() };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      readComment(line, lineNo, result);
      return;
    }
    result.samples.push(readSample(line, lineNo));
  });
  return result;
}

function readComment(line: string, lineNo: number, out: Exposition): void {
  const words = line.slice(1).trimStart();
  const keyword = words.startsWith('HELP ') ? 'HELP' : words.startsWith('TYPE ') ? 'TYPE' : null;
  if (keyword === null) return;
  const rest = words.slice(5).trimStart();
  const space = rest.search(/[ \t]/);
  const name = space === -1 ? rest : rest.slice(0, space);
  const value = space === -1 ? '' : rest.slice(space + 1);
  if (!isMetricName(name)) throw new ExpositionError(lineNo, `invalid metric name "${name}" in # ${keyword}`);
  if (keyword === 'HELP') {
    out.help.set(name, unescape(value, false));
    return;
  }
  const type = value.trim();
  if (!TYPES.has(type)) throw new ExpositionError(lineNo, `unknown type "${type}" for ${name}`);
  out.types.set(name, type);
}

function readSample(line: string, lineNo: number): ExpositionSample {
  const scan = new LineScanner(line, (message) => {
    throw new ExpositionError(lineNo, message);
  });
  scan.skipBlanks();
  const name = scan.take(isNameChar);
  if (!isMetricName(name)) scan.fail(`invalid metric name "${name}"`);
  const labels: Record<string, string> = {};
  scan.skipBlanks();
  if (scan.peek() === '{') {
    scan.next();
    for (;;) {
      scan.skipBlanks();
      if (scan.peek() === '}') break;
      const labelName = scan.take(isNameChar);
      if (!isLabelName(labelName)) scan.fail(`invalid label name "${labelName}"`);
      scan.skipBlanks();
      scan.expect('=');
      scan.skipBlanks();
      if (labelName in labels) scan.fail(`duplicate label "${labelName}"`);
      labels[labelName] = scan.quoted('label value');
      scan.skipBlanks();
      if (scan.peek() === ',') scan.next();
      else if (scan.peek() !== '}') scan.fail(`expected "," or "}" after label "${labelName}"`);
    }
    scan.expect('}');
  }
  scan.skipBlanks();
  const valueText = scan.take((c) => c !== ' ' && c !== '\t');
  const value = parseSampleValue(valueText);
  if (value === null) scan.fail(`invalid sample value "${valueText}"`);
  scan.skipBlanks();
  let timestampMs: number | null = null;
  if (!scan.done()) {
    const tsText = scan.take((c) => c !== ' ' && c !== '\t');
    timestampMs = Number(tsText);
    if (!Number.isInteger(timestampMs)) scan.fail(`invalid timestamp "${tsText}"`);
    scan.skipBlanks();
    if (!scan.done()) scan.fail('unexpected text after the timestamp');
  }
  return { name, labels, value: value as number, timestampMs };
}

function isNameChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === ':';
}

function isMetricName(name: string): boolean {
  const first = name[0];
  return first !== undefined && !(first >= '0' && first <= '9') && [...name].every(isNameChar);
}

function isLabelName(name: string): boolean {
  return isMetricName(name) && !name.includes(':');
}

/** A sample value as Go's ParseFloat reads it (Prometheus' reader); null when it is not one. */
export function parseSampleValue(text: string): number | null {
  // Go's ParseFloat, which Prometheus uses, takes these words in any case; prom-client writes "Nan".
  switch (text.toLowerCase()) {
    case '+inf':
    case 'inf':
    case '+infinity':
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    case 'nan':
      return Number.NaN;
    case '':
      return null;
  }
  const n = Number(text);
  // Number() accepts hex, binary and octal forms the format does not.
  return Number.isNaN(n) || /[xXbBoO]/.test(text) ? null : n;
}

function unescape(text: string, quotes: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    const e = text[i + 1];
    if (c === '\\' && (e === '\\' || e === 'n' || (quotes && e === '"'))) {
      out += e === 'n' ? '\n' : e;
      i += 1;
    } else out += c;
  }
  return out;
}
