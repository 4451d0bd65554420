import { describe, expect, it } from 'vitest';
import { parseLine, parsePacket, type SampleErrorReason, type StatsdEvent } from './parser';

const counter = (name: string, value: number, labels = {}): StatsdEvent => ({
  kind: 'counter',
  name,
  value,
  labels,
});
const gauge = (name: string, value: number, relative: boolean, labels = {}): StatsdEvent => ({
  kind: 'gauge',
  name,
  value,
  relative,
  labels,
});
const observer = (name: string, value: number, labels = {}): StatsdEvent => ({
  kind: 'observer',
  name,
  value,
  labels,
});

describe('parseLine: events', () => {
  it.each<[string, StatsdEvent[]]>([
    ['requests:1|c', [counter('requests', 1)]],
    ['requests:2.5|c', [counter('requests', 2.5)]],
    ['requests:1|c|@0.1', [counter('requests', 10)]],
    ['requests:1|c|@0', [counter('requests', 1)]],
    ['in_flight:5|g', [gauge('in_flight', 5, false)]],
    ['in_flight:+1|g', [gauge('in_flight', 1, true)]],
    ['in_flight:-1|g', [gauge('in_flight', -1, true)]],
    ['in_flight:-1|g|@0.5', [gauge('in_flight', -1, true)]],
    ['latency:250|ms', [observer('latency', 0.25)]],
    ['latency:0.25|h', [observer('latency', 0.25)]],
    ['latency:0.25|d', [observer('latency', 0.25)]],
    ['latency:100|ms|@0.5', [observer('latency', 0.1), observer('latency', 0.1)]],
    ['latency:100|ms|@0.3', [observer('latency', 0.1), observer('latency', 0.1), observer('latency', 0.1)]],
    [
      'latency:1:2:3|ms',
      [observer('latency', 0.001), observer('latency', 0.002), observer('latency', 0.003)],
    ],
    ['multi:1|c:2|g', [counter('multi', 1), gauge('multi', 2, false)]],
    ['requests:1|c|#method:GET,route:/a', [counter('requests', 1, { method: 'GET', route: '/a' })]],
    ['requests:1|c|#route:/a:b', [counter('requests', 1, { route: '/a:b' })]],
    ['requests:1|c|##a:1,#b:2', [counter('requests', 1, { a: '1', b: '2' })]],
    ['requests:1|c|#a:1,', [counter('requests', 1, { a: '1' })]],
    ['requests:1|c|#my-tag.name:x', [counter('requests', 1, { my_tag_name: 'x' })]],
    ['requests:1|c|#1st:x', [counter('requests', 1, { _1st: 'x' })]],
    ['requests:1|c|@0.5|#a:b', [counter('requests', 2, { a: 'b' })]],
    ['requests:1|c|#a:b|c:abc123', [counter('requests', 1, { a: 'b', container_id: 'abc123' })]],
    ['requests:1|c|#a:b|T1656581400', [counter('requests', 1, { a: 'b' })]],
    ['requests,method=GET:1|c', [counter('requests', 1, { method: 'GET' })]],
    ['requests#method=GET,code=200:1|c', [counter('requests', 1, { method: 'GET', code: '200' })]],
    ['requests[method=GET].total:1|c', [counter('requests.total', 1, { method: 'GET' })]],
    ['requests:1e2|c', [counter('requests', 100)]],
    ['requests:.5|c', [counter('requests', 0.5)]],
    ['requests:-3|c', [counter('requests', -3)]],
    ['', []],
  ])('%j', (line, events) => {
    const result = parseLine(line);
    expect(result.errors).toEqual([]);
    expect(result.events).toEqual(events);
  });
});

describe('parseLine: errors', () => {
  it.each<[string, SampleErrorReason[], number]>([
    // [line, sample error reasons, events still produced]
    ['no_colon', ['malformed_line'], 0],
    [':1|c', ['malformed_line'], 0],
    ['name:1', ['not_enough_parts_after_colon'], 0],
    ['name,a=b:1|c|#c:d', ['mixed_tagging_styles'], 0],
    ['name:1:2|c', ['invalid_extended_aggregate_type'], 0],
    ['name:1|c|@1|@1|@1|@1|@1|@1|@1', ['malformed_component'], 0],
    ['name:1|c||#a:b', ['malformed_component'], 0],
    ['name:abc|c', ['malformed_value'], 0],
    ['name:NaN|g', ['malformed_value'], 0],
    ['name:Inf|g', ['malformed_value'], 0],
    ['name:0x10|g', ['malformed_value'], 0],
    ['name:1e999|g', ['malformed_value'], 0],
    ['name:|c', ['malformed_value'], 0],
    ['name:1|c|@abc', ['invalid_sample_factor'], 1],
    ['name:1|ms|@2', ['invalid_sample_factor'], 0],
    ['name:1|ms|@-1', ['invalid_sample_factor'], 0],
    ['name:1|c|x', ['invalid_sample_factor'], 0],
    ['name:1|c|#a:b|cc', ['malformed_container_id'], 0],
    ['name:1|c|#a:b|T12x', ['malformed_timestamp'], 0],
    ['name:1|c|#a:b|T99999999999999999999', ['malformed_timestamp'], 0],
    ['name:1|s', ['illegal_event'], 0],
    ['name:1|zz', ['illegal_event'], 0],
    ['name:1|zz:2|c', ['illegal_event'], 1],
  ])('%j', (line, reasons, events) => {
    const result = parseLine(line);
    expect(result.errors.map((error) => error.reason)).toEqual(reasons);
    expect(result.errors.every((error) => error.line === line && error.message.length > 0)).toBe(true);
    expect(result.events).toHaveLength(events);
  });
});

describe('parseLine: tag errors keep the sample', () => {
  it.each<[string, number, Record<string, string>]>([
    ['name:1|c|#a', 1, {}],
    ['name:1|c|#:b', 1, {}],
    ['name:1|c|#a:', 1, {}],
    ['name:1|c|#a:1,,b:2', 1, { a: '1', b: '2' }],
    ['name[a=1:1|c', 1, {}],
    ['name]a=1[:1|c', 1, {}],
  ])('%j', (line, tagErrors, labels) => {
    const result = parseLine(line);
    expect(result.errors).toEqual([]);
    expect(result.tagErrors).toHaveLength(tagErrors);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]?.labels).toEqual(labels);
  });
});

describe('parsePacket', () => {
  it.each<
    [string, Uint8Array, { lines: number; samples: number; events: number; errors: number; tagged: number }]
  >([
    ['one line', Buffer.from('a:1|c'), { lines: 1, samples: 1, events: 1, errors: 0, tagged: 0 }],
    [
      'hot-shots batch',
      Buffer.from('a:1|c|#x:y\nb:2|ms\nc:+1|g'),
      { lines: 3, samples: 3, events: 3, errors: 0, tagged: 1 },
    ],
    [
      'trailing newline is an empty line',
      Buffer.from('a:1|c\n'),
      { lines: 2, samples: 1, events: 1, errors: 0, tagged: 0 },
    ],
    [
      'multi-sample line',
      Buffer.from('a:1|c:2|c:3|c'),
      { lines: 1, samples: 3, events: 3, errors: 0, tagged: 0 },
    ],
    [
      'garbage between good lines',
      Buffer.from('a:1|c\ngarbage\nb:x|g\nc:1|c'),
      { lines: 4, samples: 3, events: 2, errors: 2, tagged: 0 },
    ],
    [
      'invalid UTF-8 only spoils its own line',
      Buffer.concat([Buffer.from('a:1|c\nb'), Buffer.from([0xff, 0xfe]), Buffer.from(':1|c\nc:1|c')]),
      { lines: 3, samples: 2, events: 2, errors: 1, tagged: 0 },
    ],
    ['empty datagram', new Uint8Array(0), { lines: 1, samples: 0, events: 0, errors: 0, tagged: 0 }],
  ])('%s', (_name, packet, expected) => {
    const result = parsePacket(packet);
    expect({
      lines: result.lines,
      samples: result.samples,
      events: result.events.length,
      errors: result.errors.length,
      tagged: result.taggedSamples,
    }).toEqual(expected);
  });

  it('reports invalid UTF-8 as malformed_line', () => {
    const result = parsePacket(Buffer.from([0x61, 0xff, 0x3a, 0x31, 0x7c, 0x63]));
    expect(result.errors.map((error) => error.reason)).toEqual(['malformed_line']);
  });
});
