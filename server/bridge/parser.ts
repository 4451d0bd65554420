import { isUtf8 } from 'node:buffer';
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

/** Splits a datagram on `\n` (every piece counts as a line, as statsd_exporter counts them) and parses each. */
export function parsePacket(packet: Uint8Array): PacketParseResult {
  const result: PacketParseResult = { ...emptyResult(), lines: 0 };
  const buffer = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (isUtf8(buffer)) {
    // 0x0A never occurs inside a multi-byte UTF-8 sequence, so a valid datagram has only valid lines.
    const text = buffer.toString('utf8');
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
      result.errors.push({
        reason: 'malformed_line',
        message: 'line is not valid UTF-8',
        line: bytes.toString(),
      });
    }
  }
  return result;
}

/** Parses one line into `into` (a fresh result when omitted) and returns it. */
export function parseLine(line: string, into: ParseResult = emptyResult()): ParseResult {
  const result = into;
  if (line === '') return result;
  const fail = (reason: SampleErrorReason, message: string): void => {
    result.errors.push({ reason, message, line });
  };
  const tagError = (message: string): void => {
    result.tagErrors.push({ message, line });
  };

  const colon = line.indexOf(':');
  if (colon <= 0) {
    fail('malformed_line', colon < 0 ? "no ':' between metric name and value" : 'empty metric name');
    return result;
  }
  const labels = newLabels();
  const name = parseNameAndTags(line.slice(0, colon), labels, tagError);
  const body = line.slice(colon + 1);
  const usingDogStatsDTags = body.includes('|#');
  if (usingDogStatsDTags && hasAny(labels)) {
    fail('mixed_tagging_styles', 'DogStatsD tags mixed with name tags (InfluxDB, Librato or SignalFX style)');
    return result;
  }

  const firstPipe = body.indexOf('|');
  if (firstPipe < 0) {
    fail('not_enough_parts_after_colon', "no '|type' after the value");
    return result;
  }
  const valuePart = body.slice(0, firstPipe);
  if (valuePart.includes(':')) {
    // DogStatsD extended aggregation: `name:1:2:3|ms` is three observations sharing one suffix.
    const suffix = body.slice(firstPipe + 1);
    const secondPipe = suffix.indexOf('|');
    const type = secondPipe < 0 ? suffix : suffix.slice(0, secondPipe);
    if (type !== 'ms' && type !== 'h' && type !== 'd') {
      fail('invalid_extended_aggregate_type', `several values need type ms, h or d, not '${type}'`);
      return result;
    }
    for (const value of valuePart.split(':'))
      parseSample(`${value}|${suffix}`, name, labels, result, fail, tagError);
  } else if (usingDogStatsDTags) {
    // Tag values may contain ':', so a DogStatsD-tagged line is one sample.
    parseSample(body, name, labels, result, fail, tagError);
  } else {
    for (const sample of body.split(':')) parseSample(sample, name, labels, result, fail, tagError);
  }
  return result;
}

function parseSample(
  sample: string,
  name: string,
  labels: Labels,
  result: ParseResult,
  fail: (reason: SampleErrorReason, message: string) => void,
  tagError: (message: string) => void,
): void {
  result.samples++;
  const components = sample.split('|');
  if (components.length < 2 || components.length > 5) {
    fail(
      'malformed_component',
      `sample '${sample}' has ${components.length} '|'-separated parts (2 to 5 allowed)`,
    );
    return;
  }
  const valueText = components[0] ?? '';
  const type = components[1] ?? '';
  const relative = valueText.startsWith('+') || valueText.startsWith('-');
  const parsed = parseGoFloat(valueText);
  if (parsed.error !== null) {
    fail('malformed_value', `value '${valueText}' is not a number (Go ParseFloat: ${parsed.error} error)`);
    return;
  }
  let value = parsed.value;
  let count = 1;
  for (let i = 2; i < components.length; i++) {
    if (components[i] === '') {
      fail('malformed_component', `sample '${sample}' has an empty '|' section`);
      return;
    }
  }
  for (let i = 2; i < components.length; i++) {
    const section = components[i] ?? '';
    switch (section[0]) {
      case '@': {
        const rate = parseGoFloat(section.slice(1));
        // The exporter counts a bad rate yet keeps the sample, with what ParseFloat returned (0 or ±Inf).
        if (rate.error !== null)
          fail('invalid_sample_factor', `sample rate '${section.slice(1)}' is not a number`);
        const factor = rate.value === 0 ? 1 : rate.value;
        if (type === 'c') value /= factor;
        else if (type === 'ms' || type === 'h' || type === 'd') count = goFloatToInt(1 / factor);
        break;
      }
      case '#':
        parseTagList(section.slice(1), ':', true, labels, tagError);
        break;
      case 'c':
        // DogStatsD 1.2 container id, `|c:<id>`.
        if (!section.startsWith('c:') || section.length <= 2) {
          fail('malformed_container_id', `section '${section}' is not a container id 'c:<id>'`);
          return;
        }
        labels.container_id = section.slice(2);
        break;
      default:
        fail('invalid_sample_factor', `section '${section}' is not @rate, #tags or c:container`);
        return;
    }
  }

  if (hasAny(labels)) result.taggedSamples++;
  // A rate above 1, negative, NaN or so small that 1/rate leaves int64 gives no observation at all.
  if (count < 1) return;
  switch (type) {
    case 'c':
      result.events.push({ kind: 'counter', name, value, labels });
      return;
    case 'g':
      result.events.push({ kind: 'gauge', name, value, relative, labels });
      return;
    case 'ms':
      // StatsD timers are milliseconds; Prometheus wants seconds.
      result.events.push({ kind: 'observer', name, value: value / 1000, count, labels });
      return;
    case 'h':
    case 'd':
      result.events.push({ kind: 'observer', name, value, count, labels });
      return;
    case 's':
      fail('illegal_event', 'StatsD sets (type s) are not supported');
      return;
    default:
      fail('illegal_event', `unknown metric type '${type}' (c, g, ms, h or d)`);
  }
}

/** SignalFX (`name[k=v]`) tags first, else InfluxDB (`name,k=v`) or Librato (`name#k=v`) ones. */
function parseNameAndTags(name: string, labels: Labels, tagError: (message: string) => void): string {
  const open = name.indexOf('[');
  const close = name.indexOf(']');
  if (open >= 0 && close > open) {
    parseTagList(name.slice(open + 1, close), '=', false, labels, tagError);
    return name.slice(0, open) + name.slice(close + 1);
  }
  if (open >= 0 || close >= 0) {
    // A ']' before the '[' crashes statsd_exporter 0.30.0 (a slice out of range); here it is one bad tag.
    tagError(`unbalanced SignalFX tag brackets in '${name}'`);
    return name;
  }
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '#' || c === ',') {
      parseTagList(name.slice(i + 1), '=', false, labels, tagError);
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
  tagError: (message: string) => void,
): void {
  let start = 0;
  while (start < list.length) {
    const comma = list.indexOf(',', start);
    const end = comma < 0 ? list.length : comma;
    let tag = list.slice(start, end);
    if (dogStatsD && tag.startsWith('#')) tag = tag.slice(1);
    parseTag(tag, separator, labels, tagError);
    if (comma < 0) break;
    start = comma + 1;
  }
}

function parseTag(tag: string, separator: string, labels: Labels, tagError: (message: string) => void): void {
  if (tag === '') {
    tagError('empty tag');
    return;
  }
  const at = tag.indexOf(separator);
  if (at <= 0 || at === tag.length - 1) {
    tagError(`tag '${tag}' is not key${separator}value`);
    return;
  }
  labels[escapeMetricName(tag.slice(0, at))] = tag.slice(at + 1);
}

function hasAny(labels: Labels): boolean {
  for (const _ in labels) return true;
  return false;
}

function emptyResult(): ParseResult {
  return { events: [], errors: [], tagErrors: [], samples: 0, taggedSamples: 0 };
}
