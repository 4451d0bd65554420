import { describe, expect, it } from 'vitest';
import { parseExposition, type Exposition } from '../lab/exposition-parser';
import { DEFAULT_HELP, parseMappingConfig } from './mapper';
import { parsePacket } from './parser';
import { BridgeRegistry } from './registry';

const MAPPING = `
defaults:
  observer_type: histogram
mappings:
  - match: demo.http.requests.*
    match_metric_type: counter
    name: demo_http_requests_total
    help: Requests answered.
    labels: {status: "$1"}
  - match: demo.http.request_duration
    observer_type: histogram
    histogram_options: {buckets: [0.1, 0.5, 1]}
    name: demo_http_request_duration_seconds
  - match: demo.rpc.duration
    observer_type: summary
    name: demo_rpc_duration_seconds
  - match: noisy.*
    action: drop
    name: dropped
  - match: hollow.*
    name: "$1"
`;

/** Feeds each string to a fresh registry as one datagram and returns the parsed exposition. */
async function expose(packets: string[]): Promise<Exposition> {
  const bridge = new BridgeRegistry({ mapping: parseMappingConfig(MAPPING, 'test.yml') });
  for (const packet of packets) bridge.handlePacket(parsePacket(Buffer.from(packet)));
  return parseExposition(await bridge.exposition());
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const sorted = (labels: Record<string, string>): string => JSON.stringify(Object.entries(labels).sort());
  return sorted(a) === sorted(b);
}

/** The value of the sample with exactly this name and these labels, or undefined. */
function valueOf(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return exposition.samples.find((sample) => sample.name === name && sameLabels(sample.labels, labels))
    ?.value;
}

describe('BridgeRegistry: applying events', () => {
  it.each<[string, string[], Array<[string, Record<string, string>, number | undefined]>]>([
    [
      'tags and the glob capture become labels',
      [
        'demo.http.requests.200:1|c|#method:GET,route:/api\ndemo.http.requests.200:2|c|#method:GET,route:/api',
      ],
      [['demo_http_requests_total', { method: 'GET', route: '/api', status: '200' }, 3]],
    ],
    [
      'sample rate scales a counter',
      ['demo.http.requests.500:1|c|@0.25|#method:GET,route:/'],
      [['demo_http_requests_total', { method: 'GET', route: '/', status: '500' }, 4]],
    ],
    [
      'negative counter increments are refused',
      ['jobs:5|c', 'jobs:-2|c'],
      [
        ['jobs', {}, 5],
        ['statsd_exporter_events_error_total', { reason: 'illegal_negative_counter' }, 1],
      ],
    ],
    [
      'gauge deltas add up',
      ['in_flight:+1|g', 'in_flight:+1|g\nin_flight:+1|g', 'in_flight:-1|g'],
      [['in_flight', {}, 2]],
    ],
    [
      'a plain gauge value replaces the total',
      ['level:+4|g', 'level:10|g', 'level:-3|g'],
      [['level', {}, 7]],
    ],
    [
      'a name seen as a counter refuses a gauge',
      ['shared:1|c', 'shared:5|g'],
      [
        ['shared', {}, 1],
        ['statsd_exporter_events_conflict_total', { metric_name: 'shared', type: 'gauge' }, 1],
      ],
    ],
    [
      'a metric refuses other label names',
      ['tagged:1|c|#a:x', 'tagged:1|c|#b:x', 'tagged:1|c|#a:y'],
      [
        ['tagged', { a: 'x' }, 1],
        ['tagged', { a: 'y' }, 1],
        ['tagged', { b: 'x' }, undefined],
        ['statsd_exporter_events_conflict_total', { metric_name: 'tagged', type: 'counter' }, 1],
      ],
    ],
    [
      "a histogram's _count series cannot be reused",
      ['latency:0.2|h', 'latency_count:1|c'],
      [['statsd_exporter_events_conflict_total', { metric_name: 'latency_count', type: 'counter' }, 1]],
    ],
    [
      "the bridge's own metrics cannot be overwritten",
      ['process_start_time_seconds:1|g', 'statsd_exporter_lines_total:1|c'],
      [
        [
          'statsd_exporter_events_conflict_total',
          { metric_name: 'process_start_time_seconds', type: 'gauge' },
          1,
        ],
        [
          'statsd_exporter_events_conflict_total',
          { metric_name: 'statsd_exporter_lines_total', type: 'counter' },
          1,
        ],
      ],
    ],
    [
      'le is reserved in histograms',
      ['latency:0.2|h|#le:1'],
      [['statsd_exporter_events_conflict_total', { metric_name: 'latency', type: 'observer' }, 1]],
    ],
    [
      'drop mappings drop',
      ['noisy.thing:1|c'],
      [
        ['noisy_thing', {}, undefined],
        ['statsd_exporter_events_actions_total', { action: 'drop' }, 1],
      ],
    ],
    [
      'unmapped names are escaped and counted',
      ['web-server.hits:1|c|#code:200'],
      [
        ['web_server_hits', { code: '200' }, 1],
        ['statsd_exporter_events_unmapped_total', {}, 1],
      ],
    ],
    [
      'a mapping that renders an empty name is an error',
      ['hollow.:1|c'],
      [['statsd_exporter_events_error_total', { reason: 'empty_metric_name' }, 1]],
    ],
    [
      'a counter overflowed by its sample rate is an error',
      ['huge:1|c|@1e-320'],
      [
        ['huge', {}, undefined],
        ['statsd_exporter_events_error_total', { reason: 'non_finite_value' }, 1],
      ],
    ],
    [
      'events are counted by type',
      ['a:1|c\nb:1|g\nc:1|ms\nc:1|ms'],
      [
        ['statsd_exporter_events_total', { type: 'counter' }, 1],
        ['statsd_exporter_events_total', { type: 'gauge' }, 1],
        ['statsd_exporter_events_total', { type: 'observer' }, 2],
      ],
    ],
    [
      'datagrams, lines, samples, tags and errors are counted',
      ['a:1|c|#x:y\ngarbage\nb:1|c:2|c', 'c:nope|g\nd:1|c|#novalue', ''],
      [
        ['statsd_exporter_udp_packets_total', {}, 3],
        ['statsd_exporter_lines_total', {}, 6],
        ['statsd_exporter_samples_total', {}, 5],
        ['statsd_exporter_sample_errors_total', { reason: 'malformed_line' }, 1],
        ['statsd_exporter_sample_errors_total', { reason: 'malformed_value' }, 1],
        ['statsd_exporter_tags_total', {}, 1],
        ['statsd_exporter_tag_errors_total', {}, 1],
      ],
    ],
  ])('%s', async (_name, packets, expectations) => {
    const exposition = await expose(packets);
    for (const [name, labels, value] of expectations) {
      expect([name, labels, valueOf(exposition, name, labels)]).toEqual([name, labels, value]);
    }
  });
});

describe('BridgeRegistry: metric shapes', () => {
  it('observes ms timers in seconds into the mapped histogram buckets', async () => {
    const exposition = await expose([
      'demo.http.request_duration:250|ms|#method:GET,route:/,status:200',
      'demo.http.request_duration:50|ms|#method:GET,route:/,status:200',
    ]);
    const name = 'demo_http_request_duration_seconds';
    const labels = { method: 'GET', route: '/', status: '200' };
    expect(exposition.types.get(name)).toBe('histogram');
    expect(valueOf(exposition, `${name}_count`, labels)).toBe(2);
    expect(valueOf(exposition, `${name}_sum`, labels)).toBeCloseTo(0.3, 10);
    expect(
      ['0.1', '0.5', '1', '+Inf'].map((le) => valueOf(exposition, `${name}_bucket`, { ...labels, le })),
    ).toEqual([1, 2, 2, 2]);
  });

  it('builds summaries with the default quantiles', async () => {
    const exposition = await expose(['demo.rpc.duration:0.5|h', 'demo.rpc.duration:1.5|h']);
    const name = 'demo_rpc_duration_seconds';
    expect(exposition.types.get(name)).toBe('summary');
    const quantiles = exposition.samples
      .filter((sample) => sample.name === name)
      .map((s) => s.labels.quantile);
    expect(quantiles).toEqual(['0.5', '0.9', '0.99']);
    expect(valueOf(exposition, `${name}_count`)).toBe(2);
    expect(valueOf(exposition, `${name}_sum`)).toBe(2);
  });

  it.each([
    ['demo.http.requests.200:1|c', 'demo_http_requests_total', 'counter', 'Requests answered.'],
    ['unmapped.thing:1|c', 'unmapped_thing', 'counter', DEFAULT_HELP],
    ['some.gauge:1|g', 'some_gauge', 'gauge', DEFAULT_HELP],
  ])('%s has type and help', async (packet, name, type, help) => {
    const exposition = await expose([packet]);
    expect([exposition.types.get(name), exposition.help.get(name)]).toEqual([type, help]);
  });

  it('exports process metrics and the mapping count', async () => {
    const exposition = await expose([]);
    expect(valueOf(exposition, 'process_start_time_seconds')).toBeGreaterThan(1_600_000_000);
    expect(valueOf(exposition, 'statsd_exporter_loaded_mappings')).toBe(5);
  });
});
