import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newLabels, parseLine, parsePacket, type SampleErrorReason, type StatsdEvent } from './parser';

type Plain = Record<string, string>;

const counter = (name: string, value: number, labels: Plain = {}): StatsdEvent => ({
  kind: 'counter',
  name,
  value,
  labels: Object.assign(newLabels(), labels),
});
const gauge = (name: string, value: number, relative: boolean, labels: Plain = {}): StatsdEvent => ({
  kind: 'gauge',
  name,
  value,
  relative,
  labels: Object.assign(newLabels(), labels),
});
const observer = (name: string, value: number, count = 1, labels: Plain = {}): StatsdEvent => ({
  kind: 'observer',
  name,
  value,
  count,
  labels: Object.assign(newLabels(), labels),
});

describe('parseLine: events, as statsd_exporter 0.30.0 builds them', () => {
  it.each<[string, StatsdEvent[]]>([
    ['requests:1|c', [counter('requests', 1)]],
    ['requests:2.5|c', [counter('requests', 2.5)]],
    ['requests:1|c|@0.1', [counter('requests', 10)]],
    ['requests:1|c|@0.5|@0.5', [counter('requests', 4)]],
    ['requests:1|c|@0', [counter('requests', 1)]],
    ['requests:1|c|@2', [counter('requests', 0.5)]],
    ['requests:1|c|@-0.5', [counter('requests', -2)]],
    ['in_flight:5|g', [gauge('in_flight', 5, false)]],
    ['in_flight:+1|g', [gauge('in_flight', 1, true)]],
    ['in_flight:-1|g', [gauge('in_flight', -1, true)]],
    ['in_flight:-1|g|@0.5', [gauge('in_flight', -1, true)]],
    ['latency:250|ms', [observer('latency', 0.25)]],
    ['latency:0.25|h', [observer('latency', 0.25)]],
    ['latency:0.25|d', [observer('latency', 0.25)]],
    ['latency:100|ms|@0.5', [observer('latency', 0.1, 2)]],
    ['latency:100|ms|@0.3', [observer('latency', 0.1, 3)]],
    ['latency:1|h|@0.000005', [observer('latency', 1, 199_999)]],
    ['latency:1|h|@1e-18', [observer('latency', 1, Math.trunc(1 / 1e-18))]],
    ['latency:1|h|@1e-300', []],
    ['latency:1|h|@2', []],
    ['latency:1|h|@-0.5', []],
    ['latency:1|h|@NaN', []],
    ['latency:1|h|@0', [observer('latency', 1)]],
    [
      'latency:1:2:3|ms',
      [observer('latency', 0.001), observer('latency', 0.002), observer('latency', 0.003)],
    ],
    ['multi:1|c:2|g', [counter('multi', 1), gauge('multi', 2, false)]],
    ['values:NaN|g', [gauge('values', Number.NaN, false)]],
    ['values:-Inf|g', [gauge('values', Number.NEGATIVE_INFINITY, true)]],
    ['values:0x1p-2|g', [gauge('values', 0.25, false)]],
    ['values:1_000|g', [gauge('values', 1000, false)]],
    ['values:.5|c', [counter('values', 0.5)]],
    ['values:-3|c', [counter('values', -3)]],
    ['requests:1|c|#method:GET,route:/a', [counter('requests', 1, { method: 'GET', route: '/a' })]],
    ['requests:1|c|#route:/a:b', [counter('requests', 1, { route: '/a:b' })]],
    ['requests:1|c|##a:1,#b:2', [counter('requests', 1, { a: '1', b: '2' })]],
    ['requests:1|c|###a:1', [counter('requests', 1, { _a: '1' })]],
    ['requests:1|c|#a:1,', [counter('requests', 1, { a: '1' })]],
    ['requests:1|c|#my-tag.name:x', [counter('requests', 1, { my_tag_name: 'x' })]],
    ['requests:1|c|#1st:x', [counter('requests', 1, { _1st: 'x' })]],
    ['requests:1|c|#__proto__:x', [counter('requests', 1, { ['__proto__']: 'x' })]],
    ['requests:1|c|@0.5|#a:b', [counter('requests', 2, { a: 'b' })]],
    ['requests:1|c|#a:b|c:abc123', [counter('requests', 1, { a: 'b', container_id: 'abc123' })]],
    ['requests,method=GET:1|c', [counter('requests', 1, { method: 'GET' })]],
    ['requests#method=GET,code=200:1|c', [counter('requests', 1, { method: 'GET', code: '200' })]],
    ['requests[method=GET].total:1|c', [counter('requests.total', 1, { method: 'GET' })]],
    ['requests[a=1],b=2:1|c', [counter('requests,b=2', 1, { a: '1' })]],
    ['', []],
  ])('%j', (line, events) => {
    const result = parseLine(line);
    expect(result.errors).toEqual([]);
    expect(result.events).toEqual(events);
  });

  it('shares one labels object among the events of a line, as the exporter shares its map', () => {
    const { events } = parseLine('shared:1:2|ms|c:box');
    expect(events.map((e) => e.labels.container_id)).toEqual(['box', 'box']);
    expect(events[0]?.labels).toBe(events[1]?.labels);
    expect(parseLine('other:1|c').events[0]?.labels).not.toBe(events[0]?.labels);
  });
});

describe('parseLine: errors, by statsd_exporter_sample_errors_total reason', () => {
  it.each<[string, SampleErrorReason[], number]>([
    // [line, reasons, events still produced]
    ['no_colon', ['malformed_line'], 0],
    [':1|c', ['malformed_line'], 0],
    ['name:1', ['not_enough_parts_after_colon'], 0],
    ['name,a=b:1|c|#c:d', ['mixed_tagging_styles'], 0],
    ['name:1:2|c', ['invalid_extended_aggregate_type'], 0],
    ['name:1|c|@1|#a:b|c:x|y', ['malformed_component'], 0],
    ['name:1|c|', ['malformed_component'], 0],
    ['name:1|c||#a:b', ['malformed_component'], 0],
    ['name:abc|c', ['malformed_value'], 0],
    ['name:+NaN|g', ['malformed_value'], 0],
    ['name:0x10|g', ['malformed_value'], 0],
    ['name:1e400|g', ['malformed_value'], 0],
    ['name:1__0|g', ['malformed_value'], 0],
    ['name:|c', ['malformed_value'], 0],
    ['name:1|c|@abc', ['invalid_sample_factor'], 1],
    ['name:1|c|@1e400', ['invalid_sample_factor'], 1],
    ['name:1|ms|@1e400', ['invalid_sample_factor'], 0],
    ['name:1|g|@abc', ['invalid_sample_factor'], 1],
    ['name:1|c|T1656581400', ['invalid_sample_factor'], 0],
    ['name:1|c|x', ['invalid_sample_factor'], 0],
    ['name:1|c|c', ['malformed_container_id'], 0],
    // The ':' of a container id splits a line into samples unless DogStatsD tags make it one.
    ['name:1|c|c:', ['malformed_container_id', 'malformed_component'], 0],
    ['name:1|c|c:id', ['malformed_container_id', 'malformed_component'], 0],
    ['name:1|zz', ['illegal_event'], 0],
    ['name:1|s', ['illegal_event'], 0],
    ['name:1|c:abc|c:2|c', ['malformed_value'], 2],
  ])('%j', (line, reasons, events) => {
    const result = parseLine(line);
    expect(result.errors.map((e) => e.reason)).toEqual(reasons);
    expect(result.events).toHaveLength(events);
  });

  it.each<[string, number, number]>([
    // [line, tag errors, samples counted as tagged]
    ['name:1|c|#a:1,nokey,:novalue,empty:,,ok:2,', 4, 1],
    ['name:1|c|#,', 1, 0],
    ['name:1|c|#', 0, 0],
    ['name,noeq,=x,ok=1:1|c', 2, 1],
    ['name#noeq:1|c', 1, 0],
    ['name[a=1:1|c', 1, 0],
    ['name]a=1:1|c', 1, 0],
    ['a]b[c:1|c', 1, 0],
    ['name:1:2|ms|c:box', 0, 2],
  ])('%j: %d tag errors, %d tagged samples', (line, tagErrors, tagged) => {
    const result = parseLine(line);
    expect([result.tagErrors.length, result.taggedSamples]).toEqual([tagErrors, tagged]);
  });
});

describe('parsePacket', () => {
  it.each<[string, Buffer, number, number]>([
    ['one line', Buffer.from('a:1|c'), 1, 1],
    ['an empty datagram is one (empty) line', Buffer.alloc(0), 1, 0],
    ['a trailing newline makes an empty last line', Buffer.from('a:1|c\n'), 2, 1],
    ['three lines', Buffer.from('a:1|c\nb:2|g\nc:3|ms'), 3, 3],
    [
      'a bad UTF-8 line among good ones',
      Buffer.concat([Buffer.from('a:1|c\nb'), Buffer.from([0xff]), Buffer.from(':1|c\nc:1|c')]),
      3,
      2,
    ],
    ['a UTF-8 surrogate is not valid', Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x3a, 0x31, 0x7c, 0x63]), 1, 0],
  ])('%s', (_why, packet, lines, events) => {
    const result = parsePacket(packet);
    expect([result.lines, result.events.length]).toEqual([lines, events]);
  });

  it('keeps a byte-order mark as part of the name, as Go does', () => {
    const result = parsePacket(Buffer.from('\ufeffbom:1|c'));
    expect(result.events[0]?.name).toBe('\ufeffbom');
  });

  it('keeps a carriage return (UDP lines are split on \\n only)', () => {
    expect(parsePacket(Buffer.from('a:1|c\r')).errors.map((e) => e.reason)).toEqual(['illegal_event']);
  });
});

/** Lines close to valid StatsD, then mutated: the inputs most likely to reach odd corners. */
const nearValid = fc
  .tuple(
    fc.constantFrom('a', 'demo.http.requests.200', 'x,k=v', 'x#k=v', 'x[k=v]', 'é.ü', ''),
    fc.constantFrom(':', '::', ''),
    fc.constantFrom('1', '-1', '+2', 'NaN', 'Inf', '0x1p3', '1_0', '1e400', '', '1:2:3', 'abc'),
    fc.constantFrom('|c', '|g', '|ms', '|h', '|d', '|s', '|zz', '', '|'),
    fc.array(
      fc.constantFrom(
        '|@0.5',
        '|@1e-300',
        '|@0.000005',
        '|@abc',
        '|@',
        '|#a:b,c',
        '|#',
        '|c:id',
        '|c',
        '|T1',
        '||',
      ),
      {
        maxLength: 4,
      },
    ),
  )
  .map(([name, colon, value, type, sections]) => name + colon + value + type + sections.join(''))
  .chain((line) =>
    fc
      .array(
        fc.tuple(fc.nat(line.length), fc.constantFrom('', ':', '|', '#', ',', '@', '\n', '[', ']', '\u00ff')),
        { maxLength: 3 },
      )
      .map((edits) => edits.reduce((s, [at, insert]) => s.slice(0, at) + insert + s.slice(at + 1), line)),
  );

describe('parsePacket: properties', () => {
  it('never throws and counts every line of random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = parsePacket(bytes);
        expect(result.lines).toBe(bytes.filter((b) => b === 0x0a).length + 1);
      }),
      { numRuns: 3000 },
    );
  }, 20_000);

  it('never throws on mutated near-valid lines, and counts a sample or an error for each', () => {
    fc.assert(
      fc.property(fc.array(nearValid, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = lines.join('\n');
        const result = parsePacket(Buffer.from(text));
        expect(result.lines).toBe(text.split('\n').length);
        // Every non-empty line yields at least one sample or one sample error.
        const nonEmpty = text.split('\n').filter((line) => line !== '').length;
        expect(result.samples + result.errors.length).toBeGreaterThanOrEqual(nonEmpty);
      }),
      { numRuns: 3000 },
    );
  }, 20_000);
});
