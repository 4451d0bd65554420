import { isAscii, isUtf8 } from 'node:buffer';
import { escapeMetricName } from './escape';
import { goFloatToInt, parseGoFloat } from './go-float';

/**
 * The StatsD line protocol exactly as statsd_exporter 0.30.0 reads it (pkg/line): `name:value|type[|@rate]
 * [|#k:v,...][|c:container]`, several samples per line, DogStatsD, InfluxDB, Librato and SignalFX tags, Go's
 * float grammar for values and rates. Pure: a packet goes in, events and counted errors come out; nothing
 * here throws on bad input.
 *
 * Two of the exporter's habits are kept on purpose because they show in its output: every event of one line
 * shares one labels object (tags a later sample adds reach the events of earlier ones, and the registry
 * writes mapping labels into it), and a timer or histogram sent at rate r counts as int(1/r) observations,
 * which the bridge carries as one event with `count` rather than materialising each.
 */

/** Label name → value. Null-prototype, so a tag named `__proto__` is a label like any other. */
export type Labels = Record<string, string>;

export type StatsdEvent =
  | { kind: 'counter'; name: string; value: number; labels: Labels }
  | { kind: 'gauge'; name: string; value: number; relative: boolean; labels: Labels }
  /** count: how many observations of value this stands for (int(1/rate), at least 1). */
  | { kind: 'observer'; name: string; value: number; count: number; labels: Labels };

/** statsd_exporter 0.30.0's `reason` label values for `statsd_exporter_sample_errors_total`. */
export const SAMPLE_ERROR_REASONS = [
  'malformed_line',
  'mixed_tagging_styles',
  'not_enough_parts_after_colon',
  'invalid_extended_aggregate_type',
  'malformed_component',
  'malformed_value',
  'invalid_sample_factor',
  'malformed_container_id',
  'illegal_event',
] as const;

export type SampleErrorReason = (typeof SAMPLE_ERROR_REASONS)[number];

export interface SampleError {
  reason: SampleErrorReason;
  message: string;
  line: string;
}

/** A tag that could not be read; statsd_exporter counts these apart, in `statsd_exporter_tag_errors_total`. */
export interface TagError {
  message: string;
  line: string;
}

export interface ParseResult {
  events: StatsdEvent[];
  errors: SampleError[];
  tagErrors: TagError[];
  /** Samples seen, good or bad (a line carries one or more). */
  samples: number;
  /** Samples that carried at least one label when parsed (`statsd_exporter_tags_total`). */
  taggedSamples: number;
}

export interface PacketParseResult extends ParseResult {
  lines: number;
}

export function newLabels(): Labels {
  return Object.create(null) as Labels;
}

/**
 * What a sample's sections (`|type`, `|@rate`, `|#tags`, `|c:id`) make of any value: the event's kind, how
 * many observations it stands for and the rates a counter value is divided by, in order. The same for every
 * value, so the registry can keep it for a line it has seen and apply a new value to it.
 */
export interface SampleShape {
  kind: StatsdEvent['kind'];
  count: number;
  divisors: number[];
  /** Timers arrive in milliseconds. */
  milliseconds: boolean;
}

/** The event a sample of this shape gives for a value (whose text started with + or - when relative). */
function eventFromShape(
  shape: SampleShape,
  name: string,
  value: number,
  relative: boolean,
  labels: Labels,
): StatsdEvent {
  switch (shape.kind) {
    case 'counter': {
      let v = value;
      // One division per rate, in order, as the exporter divides: not once by their product.
      for (const divisor of shape.divisors) v /= divisor;
      return { kind: 'counter', name, value: v, labels };
    }
    case 'gauge':
      return { kind: 'gauge', name, value, relative, labels };
    case 'observer':
      // StatsD timers are milliseconds; Prometheus wants seconds.
      return {
        kind: 'observer',
        name,
        value: shape.milliseconds ? value / 1000 : value,
        count: shape.count,
        labels,
      };
  }
}

function emptyResult(): ParseResult {
  return { events: [], errors: [], tagErrors: [], samples: 0, taggedSamples: 0 };
}

/**
 * A datagram, parsed on first use. The registry reads `text` and applies lines it has seen before without
 * parsing them again; everything else sees the full parse.
 */
export class ParsedPacket implements PacketParseResult {
  private parsed: PacketParseResult | null = null;

  /** The datagram as text when it is valid UTF-8 (most are), else null. */
  readonly text: string | null;

  constructor(readonly bytes: Buffer) {
    // ASCII (nearly every StatsD datagram) is valid UTF-8 and decodes fastest as latin1.
    this.text = isAscii(bytes) ? bytes.toString('latin1') : isUtf8(bytes) ? bytes.toString('utf8') : null;
  }

  private get full(): PacketParseResult {
    this.parsed ??= parseBytes(this.bytes, this.text);
    return this.parsed;
  }
  get events(): StatsdEvent[] {
    return this.full.events;
  }
  get errors(): SampleError[] {
    return this.full.errors;
  }
  get tagErrors(): TagError[] {
    return this.full.tagErrors;
  }
  get samples(): number {
    return this.full.samples;
  }
  get taggedSamples(): number {
    return this.full.taggedSamples;
  }
  get lines(): number {
    return this.full.lines;
  }
}

/** Splits a datagram on `\n` (every piece counts as a line, as statsd_exporter counts them) and parses each. */
export function parsePacket(packet: Uint8Array): ParsedPacket {
  return new ParsedPacket(
    Buffer.isBuffer(packet) ? packet : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength),
  );
}

function parseBytes(buffer: Buffer, text: string | null): PacketParseResult {
  const result: PacketParseResult = { ...emptyResult(), lines: 0 };
  if (text !== null) {
    // 0x0A never occurs inside a multi-byte UTF-8 sequence, so a valid datagram has only valid lines.
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      result.lines++;
      parseLine(end < 0 ? text.slice(start) : text.slice(start, end), result);
      if (end < 0) break;
      start = end + 1;
    }
    return result;
  }
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    if (i < buffer.length && buffer[i] !== 0x0a) continue;
    const bytes = buffer.subarray(start, i);
    start = i + 1;
    result.lines++;
    if (isUtf8(bytes)) {
      parseLine(bytes.toString('utf8'), result);
    } else {
      fail(result, bytes.toString(), 'malformed_line', 'line is not valid UTF-8');
    }
  }
  return result;
}

function fail(result: ParseResult, line: string, reason: SampleErrorReason, message: string): void {
  result.errors.push({ reason, message, line });
}

function tagError(result: ParseResult, line: string, message: string): void {
  result.tagErrors.push({ message, line });
}

/** Parses one line into `into` (a fresh result when omitted) and returns it. */
export function parseLine(line: string, into: ParseResult = emptyResult()): ParseResult {
  parseLineShape(line, into);
  return into;
}

/**
 * Parses one line into `result`; returns the shape of its sample when the line holds exactly one that
 * gives an event (what the registry may keep for the line's name, type and tags), else null.
 */
export function parseLineShape(line: string, result: ParseResult): SampleShape | null {
  if (line === '') return null;
  const colon = line.indexOf(':');
  if (colon <= 0) {
    fail(
      result,
      line,
      'malformed_line',
      colon < 0 ? "no ':' between metric name and value" : 'empty metric name',
    );
    return null;
  }
  const labels = newLabels();
  const name = parseNameAndTags(line.slice(0, colon), labels, result, line);
  const body = line.slice(colon + 1);
  const usingDogStatsDTags = body.includes('|#');
  if (usingDogStatsDTags && hasAny(labels)) {
    fail(
      result,
      line,
      'mixed_tagging_styles',
      'DogStatsD tags mixed with name tags (InfluxDB, Librato or SignalFX style)',
    );
    return null;
  }

  const firstPipe = body.indexOf('|');
  if (firstPipe < 0) {
    fail(result, line, 'not_enough_parts_after_colon', "no '|type' after the value");
    return null;
  }
  const valuePart = body.slice(0, firstPipe);
  if (valuePart.includes(':')) {
    // DogStatsD extended aggregation: `name:1:2:3|ms` is three observations sharing one suffix.
    const suffix = body.slice(firstPipe + 1);
    const secondPipe = suffix.indexOf('|');
    const type = secondPipe < 0 ? suffix : suffix.slice(0, secondPipe);
    if (type !== 'ms' && type !== 'h' && type !== 'd') {
      fail(
        result,
        line,
        'invalid_extended_aggregate_type',
        `several values need type ms, h or d, not '${type}'`,
      );
      return null;
    }
    for (const value of valuePart.split(':')) parseSample(`${value}|${suffix}`, name, labels, result, line);
    return null;
  }
  if (usingDogStatsDTags) {
    // Tag values may contain ':', so a DogStatsD-tagged line is one sample.
    return parseSample(body, name, labels, result, line);
  }
  const samples = body.split(':');
  if (samples.length === 1) return parseSample(body, name, labels, result, line);
  for (const sample of samples) parseSample(sample, name, labels, result, line);
  return null;
}

/** One sample into result; returns its shape when it gives an event. */
function parseSample(
  sample: string,
  name: string,
  labels: Labels,
  result: ParseResult,
  line: string,
): SampleShape | null {
  result.samples++;
  const components = sample.split('|');
  if (components.length < 2 || components.length > 5) {
    fail(
      result,
      line,
      'malformed_component',
      `sample '${sample}' has ${components.length} '|'-separated parts (2 to 5 allowed)`,
    );
    return null;
  }
  const valueText = components[0] ?? '';
  const type = components[1] ?? '';
  const parsed = parseGoFloat(valueText);
  if (parsed.error !== null) {
    fail(
      result,
      line,
      'malformed_value',
      `value '${valueText}' is not a number (Go ParseFloat: ${parsed.error} error)`,
    );
    return null;
  }
  for (let i = 2; i < components.length; i++) {
    if (components[i] === '') {
      fail(result, line, 'malformed_component', `sample '${sample}' has an empty '|' section`);
      return null;
    }
  }
  let count = 1;
  const divisors: number[] = [];
  for (let i = 2; i < components.length; i++) {
    const section = components[i] ?? '';
    switch (section[0]) {
      case '@': {
        const rate = parseGoFloat(section.slice(1));
        // The exporter counts a bad rate yet keeps the sample, with what ParseFloat returned (0 or ±Inf).
        if (rate.error !== null)
          fail(result, line, 'invalid_sample_factor', `sample rate '${section.slice(1)}' is not a number`);
        const factor = rate.value === 0 ? 1 : rate.value;
        if (type === 'c') divisors.push(factor);
        else if (type === 'ms' || type === 'h' || type === 'd') count = goFloatToInt(1 / factor);
        break;
      }
      case '#':
        parseTagList(section.slice(1), ':', true, labels, result, line);
        break;
      case 'c':
        // DogStatsD 1.2 container id, `|c:<id>`.
        if (!section.startsWith('c:') || section.length <= 2) {
          fail(result, line, 'malformed_container_id', `section '${section}' is not a container id 'c:<id>'`);
          return null;
        }
        labels.container_id = section.slice(2);
        break;
      default:
        fail(
          result,
          line,
          'invalid_sample_factor',
          `section '${section}' is not @rate, #tags or c:container`,
        );
        return null;
    }
  }

  if (hasAny(labels)) result.taggedSamples++;
  // A rate above 1, negative, NaN or so small that 1/rate leaves int64 gives no observation at all.
  if (count < 1) return null;
  let kind: StatsdEvent['kind'];
  switch (type) {
    case 'c':
      kind = 'counter';
      break;
    case 'g':
      kind = 'gauge';
      break;
    case 'ms':
    case 'h':
    case 'd':
      kind = 'observer';
      break;
    case 's':
      fail(result, line, 'illegal_event', 'StatsD sets (type s) are not supported');
      return null;
    default:
      fail(result, line, 'illegal_event', `unknown metric type '${type}' (c, g, ms, h or d)`);
      return null;
  }
  const shape: SampleShape = { kind, count, divisors, milliseconds: type === 'ms' };
  const relative = valueText.startsWith('+') || valueText.startsWith('-');
  result.events.push(eventFromShape(shape, name, parsed.value, relative, labels));
  return shape;
}

/** SignalFX (`name[k=v]`) tags first, else InfluxDB (`name,k=v`) or Librato (`name#k=v`) ones. */
function parseNameAndTags(name: string, labels: Labels, result: ParseResult, line: string): string {
  const open = name.indexOf('[');
  const close = name.indexOf(']');
  if (open >= 0 && close > open) {
    parseTagList(name.slice(open + 1, close), '=', false, labels, result, line);
    return name.slice(0, open) + name.slice(close + 1);
  }
  if (open >= 0 || close >= 0) {
    // A ']' before the '[' crashes statsd_exporter 0.30.0 (a slice out of range); here it is one bad tag.
    tagError(result, line, `unbalanced SignalFX tag brackets in '${name}'`);
    return name;
  }
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '#' || c === ',') {
      parseTagList(name.slice(i + 1), '=', false, labels, result, line);
      return name.slice(0, i);
    }
  }
  return name;
}

/** Comma-separated tags; an empty piece is a tag error, except after a final comma. */
function parseTagList(
  list: string,
  separator: string,
  dogStatsD: boolean,
  labels: Labels,
  result: ParseResult,
  line: string,
): void {
  let start = 0;
  while (start < list.length) {
    const comma = list.indexOf(',', start);
    const end = comma < 0 ? list.length : comma;
    let tag = list.slice(start, end);
    if (dogStatsD && tag.startsWith('#')) tag = tag.slice(1);
    parseTag(tag, separator, labels, result, line);
    if (comma < 0) break;
    start = comma + 1;
  }
}

function parseTag(tag: string, separator: string, labels: Labels, result: ParseResult, line: string): void {
  if (tag === '') {
    tagError(result, line, 'empty tag');
    return;
  }
  const at = tag.indexOf(separator);
  if (at <= 0 || at === tag.length - 1) {
    tagError(result, line, `tag '${tag}' is not key${separator}value`);
    return;
  }
  labels[escapeMetricName(tag.slice(0, at))] = tag.slice(at + 1);
}

function hasAny(labels: Labels): boolean {
  for (const _ in labels) return true;
  return false;
}
