import { escapeMetricName } from './escape';

/**
 * The StatsD line protocol as prom/statsd-exporter reads it (pkg/line): `name:value|type[|@rate][|#k:v,...]`,
 * several samples per line, DogStatsD, InfluxDB, Librato and SignalFX tags. Pure: a packet goes in, events and
 * counted errors come out; nothing here throws on bad input.
 */

export type Labels = Record<string, string>;

export type StatsdEvent =
  | { kind: 'counter'; name: string; value: number; labels: Labels }
  | { kind: 'gauge'; name: string; value: number; relative: boolean; labels: Labels }
  | { kind: 'observer'; name: string; value: number; labels: Labels };

/** statsd_exporter's `reason` label values for `statsd_exporter_sample_errors_total`. */
export const SAMPLE_ERROR_REASONS = [
  'malformed_line',
  'mixed_tagging_styles',
  'not_enough_parts_after_colon',
  'invalid_extended_aggregate_type',
  'malformed_component',
  'malformed_value',
  'invalid_sample_factor',
  'malformed_container_id',
  'malformed_timestamp',
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
  /** Samples that carried at least one tag (`statsd_exporter_tags_total`). */
  taggedSamples: number;
}

export interface PacketParseResult extends ParseResult {
  lines: number;
}

const OBSERVER_TYPES = new Set(['ms', 'h', 'd']);
// Go's strconv.ParseFloat grammar minus Inf, NaN and hex floats: prom-client cannot count or observe those.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT64 = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Splits a datagram on `\n` (every piece counts as a line, as statsd_exporter counts them) and parses each. */
export function parsePacket(packet: Uint8Array): PacketParseResult {
  const result: PacketParseResult = { ...emptyResult(), lines: 0 };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let i = 0; i <= packet.length; i++) {
    if (i < packet.length && packet[i] !== 0x0a) continue;
    const bytes = packet.subarray(start, i);
    start = i + 1;
    result.lines++;
    let line: string;
    try {
      line = decoder.decode(bytes);
    } catch {
      const shown = new TextDecoder('utf-8').decode(bytes);
      result.errors.push({ reason: 'malformed_line', message: 'line is not valid UTF-8', line: shown });
      continue;
    }
    merge(result, parseLine(line));
  }
  return result;
}

export function parseLine(line: string): ParseResult {
  const result = emptyResult();
  if (line === '') return result;
  const fail = (reason: SampleErrorReason, message: string): void => {
    result.errors.push({ reason, message, line });
  };
  const tagError = (message: string): void => {
    result.tagErrors.push({ message, line });
  };

  const colon = line.indexOf(':');
  if (colon < 0) {
    fail('malformed_line', "no ':' between metric name and value");
    return result;
  }
  if (colon === 0) {
    fail('malformed_line', 'empty metric name');
    return result;
  }
  const labels: Labels = {};
  const name = parseNameAndTags(line.slice(0, colon), labels, tagError);
  const body = line.slice(colon + 1);
  const usingDogStatsDTags = body.includes('|#');
  if (usingDogStatsDTags && Object.keys(labels).length > 0) {
    fail('mixed_tagging_styles', 'DogStatsD tags mixed with name tags (InfluxDB, Librato or SignalFX style)');
    return result;
  }

  const firstPipe = body.indexOf('|');
  if (firstPipe < 0) {
    fail('not_enough_parts_after_colon', "no '|type' after the value");
    return result;
  }
  const valuePart = body.slice(0, firstPipe);
  let samples: string[];
  if (valuePart.includes(':')) {
    // DogStatsD extended aggregation: `name:1:2:3|ms` is three observations sharing one suffix.
    const suffix = body.slice(firstPipe + 1);
    const type = suffix.split('|', 1)[0] ?? '';
    if (!OBSERVER_TYPES.has(type)) {
      fail('invalid_extended_aggregate_type', `several values need type ms, h or d, not '${type}'`);
      return result;
    }
    samples = valuePart.split(':').map((value) => `${value}|${suffix}`);
  } else if (usingDogStatsDTags) {
    // Tag values may contain ':', so a tagged line is one sample.
    samples = [body];
  } else {
    samples = body.split(':');
  }

  for (const sample of samples) {
    parseSample(sample, name, labels, result, fail, tagError);
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
  if (components.length < 2 || components.length > 8) {
    fail(
      'malformed_component',
      `sample '${sample}' has ${components.length} '|'-separated parts (2 to 8 allowed)`,
    );
    return;
  }
  const [valueText = '', type = ''] = components;
  const relative = valueText.startsWith('+') || valueText.startsWith('-');
  let value = parseDecimal(valueText);
  if (value === null) {
    fail('malformed_value', `value '${valueText}' is not a finite decimal number`);
    return;
  }

  const extras = components.slice(2);
  if (extras.some((extra) => extra === '')) {
    fail('malformed_component', `sample '${sample}' has an empty '|' section`);
    return;
  }
  let repeat = 1;
  for (const extra of extras) {
    const rest = extra.slice(1);
    switch (extra[0]) {
      case '@': {
        let rate = parseDecimal(rest);
        if (rate === null) {
          // statsd_exporter counts the error yet keeps the sample, at rate 1.
          fail('invalid_sample_factor', `sample rate '${rest}' is not a number; using 1`);
        }
        if (rate === null || rate === 0) rate = 1;
        if (type === 'c') {
          value /= rate;
        } else if (OBSERVER_TYPES.has(type)) {
          repeat = Math.trunc(1 / rate);
        }
        break;
      }
      case '#':
        parseTagList(rest, ':', true, labels, tagError);
        break;
      case 'c':
        // DogStatsD 1.2 container id, `|c:<id>`.
        if (!extra.startsWith('c:') || extra.length <= 2) {
          fail('malformed_container_id', `section '${extra}' is not a container id 'c:<id>'`);
          return;
        }
        labels.container_id = extra.slice(2);
        break;
      case 'T':
        // DogStatsD 1.3 timestamp: validated, then ignored, as Prometheus stamps samples at scrape time.
        if (!isInt64(rest)) {
          fail('malformed_timestamp', `timestamp '${rest}' is not a Unix time in seconds`);
          return;
        }
        break;
      default:
        fail('invalid_sample_factor', `section '${extra}' is not @rate, #tags, c:container or T<timestamp>`);
        return;
    }
  }

  if (Object.keys(labels).length > 0) result.taggedSamples++;
  if (repeat < 1 && OBSERVER_TYPES.has(type)) {
    // statsd_exporter emits nothing here without a word; the bridge counts it instead.
    fail('invalid_sample_factor', `sample rate gives ${repeat} observations; rates must be in (0, 1]`);
    return;
  }
  for (let i = 0; i < repeat; i++) {
    const event = buildEvent(type, name, value, relative, { ...labels });
    if (typeof event === 'string') {
      fail('illegal_event', event);
    } else {
      result.events.push(event);
    }
  }
}

function buildEvent(
  type: string,
  name: string,
  value: number,
  relative: boolean,
  labels: Labels,
): StatsdEvent | string {
  switch (type) {
    case 'c':
      return { kind: 'counter', name, value, labels };
    case 'g':
      return { kind: 'gauge', name, value, relative, labels };
    case 'ms':
      // StatsD timers are milliseconds; Prometheus wants seconds.
      return { kind: 'observer', name, value: value / 1000, labels };
    case 'h':
    case 'd':
      return { kind: 'observer', name, value, labels };
    case 's':
      return 'StatsD sets (type s) are not supported';
    default:
      return `unknown metric type '${type}' (c, g, ms, h or d)`;
  }
}

/** InfluxDB (`name,k=v`), Librato (`name#k=v`) and SignalFX (`name[k=v]`) tags live in the name. */
function parseNameAndTags(name: string, labels: Labels, tagError: (message: string) => void): string {
  const open = name.indexOf('[');
  const close = name.indexOf(']');
  if (open >= 0 && close > open) {
    parseTagList(name.slice(open + 1, close), '=', false, labels, tagError);
    return name.slice(0, open) + name.slice(close + 1);
  }
  if (open >= 0 || close >= 0) {
    tagError(`unbalanced SignalFX tag brackets in '${name}'`);
    return name;
  }
  const tagStart = name.search(/[#,]/);
  if (tagStart < 0) return name;
  parseTagList(name.slice(tagStart + 1), '=', false, labels, tagError);
  return name.slice(0, tagStart);
}

function parseTagList(
  list: string,
  separator: string,
  dogStatsD: boolean,
  labels: Labels,
  tagError: (message: string) => void,
): void {
  const tags = list.split(',');
  // A trailing comma ends the list rather than opening an empty tag.
  if (tags[tags.length - 1] === '') tags.pop();
  for (const raw of tags) {
    const tag = dogStatsD && raw.startsWith('#') ? raw.slice(1) : raw;
    if (tag === '') {
      tagError('empty tag');
      continue;
    }
    const at = tag.indexOf(separator);
    if (at <= 0 || at === tag.length - 1) {
      tagError(`tag '${tag}' is not key${separator}value`);
      continue;
    }
    labels[escapeMetricName(tag.slice(0, at))] = tag.slice(at + 1);
  }
}

function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function isInt64(text: string): boolean {
  if (!INT64.test(text)) return false;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX;
}

function emptyResult(): ParseResult {
  return { events: [], errors: [], tagErrors: [], samples: 0, taggedSamples: 0 };
}

function merge(into: ParseResult, from: ParseResult): void {
  into.events.push(...from.events);
  into.errors.push(...from.errors);
  into.tagErrors.push(...from.tagErrors);
  into.samples += from.samples;
  into.taggedSamples += from.taggedSamples;
}
