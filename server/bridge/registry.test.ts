import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { parseExposition, type Exposition } from '../lab/exposition-parser';
import { DEFAULT_HELP, parseMappingConfig } from './mapper';
import { parsePacket, type PacketParseResult } from './parser';
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
  - match: honor.*
    name: honor_total
    honor_labels: true
    labels: {env: mapped}
  - match: scaled.*
    name: scaled_$1
    scale: 0.5
  - match: short.*
    name: short_total
    ttl: 1s
  - match: leak.*
    match_metric_type: counter
    name: leak_total
    labels: {leaked: yes}
`;

function registry(now?: () => number): BridgeRegistry {
  return new BridgeRegistry({ mapping: parseMappingConfig(MAPPING, 'test.yml'), now });
}

/** Feeds each string to a fresh registry as one datagram and returns the parsed exposition. */
async function expose(packets: string[], bridge = registry()): Promise<Exposition> {
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

describe('BridgeRegistry: applying events as statsd_exporter does', () => {
  it.each<[string, string[], Array<[string, Record<string, string>, number | undefined]>]>([
    [
      'tags and the glob capture become labels',
      [
        'demo.http.requests.200:1|c|#method:GET,route:/api\ndemo.http.requests.200:2|c|#method:GET,route:/api',
      ],
      [['demo_http_requests_total', { method: 'GET', route: '/api', status: '200' }, 3]],
    ],
    [
      'a sample rate scales a counter',
      ['demo.http.requests.500:1|c|@0.25'],
      [['demo_http_requests_total', { status: '500' }, 4]],
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
      'one name with several label sets exports them all',
      ['tagged:1|c|#a:x', 'tagged:1|c|#b:x', 'tagged:1|c|#a:y', 'tagged:1|c'],
      [
        ['tagged', { a: 'x' }, 1],
        ['tagged', { a: 'y' }, 1],
        ['tagged', { b: 'x' }, 1],
        ['tagged', {}, 1],
        ['statsd_exporter_metrics_total', { type: 'counter' }, 3],
      ],
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
      'le on a histogram and __ labels are refused, where the exporter crashes or stops serving',
      ['latency:0.2|h|#le:1', 'count:1|c|#__x:y'],
      [['statsd_exporter_events_error_total', { reason: 'reserved_label_name' }, 2]],
    ],
    [
      'drop mappings drop, counted per observation',
      ['noisy.thing:1|c', 'noisy.timer:1|ms|@0.1'],
      [
        ['noisy_thing', {}, undefined],
        ['statsd_exporter_events_actions_total', { action: 'drop' }, 11],
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
      'an empty name, rendered or left by the tags, is an error',
      ['hollow.:1|c', ',host=a:1|c'],
      [['statsd_exporter_events_error_total', { reason: 'empty_metric_name' }, 2]],
    ],
    [
      'honor_labels lets tags win; without it the mapping does',
      ['honor.a:1|c|#env:tagged', 'demo.http.requests.200:1|c|#status:tagged'],
      [
        ['honor_total', { env: 'tagged' }, 1],
        ['demo_http_requests_total', { status: '200' }, 1],
      ],
    ],
    [
      'scale multiplies the value',
      ['scaled.x:10|c', 'scaled.t:100|ms'],
      [
        ['scaled_x', {}, 5],
        ['scaled_t_sum', {}, 0.05],
      ],
    ],
    [
      "a mapping's labels reach the other events of the same line",
      ['leak.x:1|c:2|g'],
      [
        ['leak_total', { leaked: 'yes' }, 1],
        ['leak_x', { leaked: 'yes' }, 2],
      ],
    ],
    [
      'a counter divided by a tiny sample rate becomes +Inf, as in the exporter',
      ['huge:1|c|@1e-320'],
      [['huge', {}, Number.POSITIVE_INFINITY]],
    ],
    [
      'events are counted by type, a weighted observation as many',
      ['a:1|c\nb:1|g\nc:1|ms\nc:1|ms|@0.5'],
      [
        ['statsd_exporter_events_total', { type: 'counter' }, 1],
        ['statsd_exporter_events_total', { type: 'gauge' }, 1],
        ['statsd_exporter_events_total', { type: 'observer' }, 3],
        ['c_count', {}, 3],
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
    [
      'the mapping cache counts every lookup and hit',
      ['x:1|c', 'x:1|c', 'x:1|g', 'y:1|ms|@0.25'],
      [
        ['statsd_metric_mapper_cache_gets_total', {}, 7],
        ['statsd_metric_mapper_cache_hits_total', {}, 4],
        ['statsd_metric_mapper_cache_length', {}, 3],
      ],
    ],
  ])('%s', async (_name, packets, expectations) => {
    const exposition = await expose(packets);
    for (const [name, labels, value] of expectations) {
      expect([name, labels, valueOf(exposition, name, labels)]).toEqual([name, labels, value]);
    }
  });

  it('observes ms timers in seconds into the mapped histogram buckets', async () => {
    const exposition = await expose([
      'demo.http.request_duration:250|ms|#route:/',
      'demo.http.request_duration:50|ms|#route:/',
    ]);
    const name = 'demo_http_request_duration_seconds';
    expect(exposition.types.get(name)).toBe('histogram');
    expect(valueOf(exposition, `${name}_count`, { route: '/' })).toBe(2);
    expect(valueOf(exposition, `${name}_sum`, { route: '/' })).toBe(0.25 + 0.05);
    expect(
      ['0.1', '0.5', '1', '+Inf'].map((le) => valueOf(exposition, `${name}_bucket`, { route: '/', le })),
    ).toEqual([1, 2, 2, 2]);
  });

  it('builds summaries with the default quantiles', async () => {
    const exposition = await expose(['demo.rpc.duration:0.5|h', 'demo.rpc.duration:1.5|h']);
    const name = 'demo_rpc_duration_seconds';
    expect(exposition.types.get(name)).toBe('summary');
    expect(exposition.samples.filter((s) => s.name === name).map((s) => s.labels.quantile)).toEqual([
      '0.5',
      '0.9',
      '0.99',
    ]);
    expect([valueOf(exposition, `${name}_count`), valueOf(exposition, `${name}_sum`)]).toEqual([2, 2]);
  });

  it('forgets a series once its ttl passes', async () => {
    let now = 1_000_000;
    const bridge = registry(() => now);
    await expose(['short.a:1|c'], bridge);
    now += 500;
    expect(valueOf(await expose(['short.a:1|c'], bridge), 'short_total')).toBe(2);
    now += 1500;
    expect(valueOf(await expose([], bridge), 'short_total')).toBeUndefined();
    expect(valueOf(await expose(['short.a:1|c'], bridge), 'short_total')).toBe(1);
  });
});

describe('BridgeRegistry: its own metrics, as statsd_exporter names them', () => {
  it.each<[string, string, string]>([
    ['statsd_exporter_udp_packets_total', 'counter', 'The total number of StatsD packets received over UDP.'],
    [
      'statsd_exporter_udp_packet_drops_total',
      'counter',
      'The total number of dropped StatsD packets which received over UDP.',
    ],
    ['statsd_exporter_tcp_connections_total', 'counter', 'The total number of TCP connections handled.'],
    [
      'statsd_exporter_tcp_connection_errors_total',
      'counter',
      'The number of errors encountered reading from TCP.',
    ],
    [
      'statsd_exporter_tcp_too_long_lines_total',
      'counter',
      'The number of lines discarded due to being too long.',
    ],
    ['statsd_exporter_lines_total', 'counter', 'The total number of StatsD lines received.'],
    ['statsd_exporter_samples_total', 'counter', 'The total number of StatsD samples received.'],
    ['statsd_exporter_tags_total', 'counter', 'The total number of DogStatsD tags processed.'],
    ['statsd_exporter_tag_errors_total', 'counter', 'The number of errors parsing DogStatsD tags.'],
    [
      'statsd_exporter_events_unmapped_total',
      'counter',
      'The total number of StatsD events no mapping was found for.',
    ],
    [
      'statsd_exporter_event_queue_flushed_total',
      'counter',
      'Number of times events were flushed to exporter',
    ],
    ['statsd_exporter_loaded_mappings', 'gauge', 'The current number of configured metric mappings.'],
    ['statsd_metric_mapper_cache_length', 'gauge', 'The count of unique metrics currently cached.'],
    ['statsd_metric_mapper_cache_gets_total', 'counter', 'The count of total metric cache gets.'],
    ['statsd_metric_mapper_cache_hits_total', 'counter', 'The count of total metric cache hits.'],
  ])('%s (%s) is exported from the start', async (name, type, help) => {
    const exposition = await expose([]);
    expect([
      exposition.types.get(name),
      exposition.help.get(name),
      valueOf(exposition, name) !== undefined,
    ]).toEqual([type, help, true]);
  });

  it('labels build_info as the exporter does, naming the built-in bridge', async () => {
    const exposition = await expose([]);
    const info = exposition.samples.find((s) => s.name === 'statsd_exporter_build_info');
    expect(info?.labels).toEqual({
      branch: '',
      goarch: { x64: 'amd64', ia32: '386' }[process.arch as 'x64'] ?? process.arch,
      goos: process.platform === 'win32' ? 'windows' : process.platform,
      goversion: `node ${process.version}`,
      revision: 'scrape-lab-builtin',
      tags: '',
      version: packageJson.version,
    });
  });

  it('counts what the transport reports, with the exporter’s labels', async () => {
    const bridge = registry();
    bridge.countUdpPacketDrop();
    bridge.countUdpPacketDrop(4);
    bridge.countTcpConnection();
    bridge.countTcpConnectionError();
    bridge.countTcpTooLongLine();
    bridge.countConfigReload('success');
    bridge.countConfigReload('failure');
    bridge.countConfigReload('failure');
    bridge.handleLine(parsePacket(Buffer.from('tcp.line:1|c')));
    const exposition = await expose([], bridge);
    expect(
      [
        ['statsd_exporter_udp_packet_drops_total', {}],
        ['statsd_exporter_tcp_connections_total', {}],
        ['statsd_exporter_tcp_connection_errors_total', {}],
        ['statsd_exporter_tcp_too_long_lines_total', {}],
        ['statsd_exporter_config_reloads_total', { outcome: 'success' }],
        ['statsd_exporter_config_reloads_total', { outcome: 'failure' }],
        ['statsd_exporter_lines_total', {}],
        ['statsd_exporter_udp_packets_total', {}],
        ['tcp_line', {}],
      ].map(([name, labels]) => valueOf(exposition, name as string, labels as Record<string, string>)),
    ).toEqual([5, 1, 1, 1, 1, 2, 1, 0, 1]);
  });

  it('swaps the mapping for a reload, keeping every series made so far', async () => {
    const bridge = registry();
    await expose(['demo.http.requests.200:1|c', 'x:1|c'], bridge);
    bridge.setMapping(parseMappingConfig('mappings:\n  - {match: x, name: renamed_total}\n', 'reloaded.yml'));
    const exposition = await expose(['demo.http.requests.200:1|c', 'x:1|c'], bridge);
    expect([
      valueOf(exposition, 'demo_http_requests_total', { status: '200' }),
      valueOf(exposition, 'demo_http_requests_200'),
      valueOf(exposition, 'x'),
      valueOf(exposition, 'renamed_total'),
      valueOf(exposition, 'statsd_exporter_loaded_mappings'),
      valueOf(exposition, 'statsd_metric_mapper_cache_length'),
    ]).toEqual([1, 1, 1, 1, 1, 2]);
  });

  it('reports the unmapped help and exports Node process metrics', async () => {
    const exposition = await expose(['unmapped.thing:1|c']);
    expect(exposition.help.get('unmapped_thing')).toBe(DEFAULT_HELP);
    expect(valueOf(exposition, 'process_start_time_seconds')).toBeGreaterThan(1_600_000_000);
  });
});

/** Random StatsD-ish datagrams: real lines, near misses and raw bytes. */
const datagram = fc.oneof(
  fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes)),
  fc
    .array(
      fc
        .tuple(
          fc.constantFrom(
            'a',
            'demo.http.requests.200',
            'demo.rpc.duration',
            'noisy.x',
            'hollow.',
            'x,k=v',
            'y[k=v]',
            'le',
            'x_count',
          ),
          fc.constantFrom('1', '-1', '+2', 'NaN', 'Inf', '0x1p3', '1e400', '', '1:2', 'abc'),
          fc.constantFrom('c', 'g', 'ms', 'h', 'd', 's', 'zz', ''),
          fc.constantFrom(
            '',
            '|@0.5',
            '|@1e-300',
            '|@0.00001',
            '|@abc',
            '|#a:b',
            '|#le:1,quantile:2',
            '|#__x:1',
            '|c:id',
            '||',
          ),
        )
        .map(([name, value, type, section]) => `${name}:${value}|${type}${section}`),
      { minLength: 1, maxLength: 6 },
    )
    .map((lines) => Buffer.from(lines.join('\n'))),
);

/** A ParsedPacket's fields as a plain object. */
function pick(packet: ReturnType<typeof parsePacket>): PacketParseResult {
  const { events, errors, tagErrors, samples, taggedSamples, lines } = packet;
  return { events, errors, tagErrors, samples, taggedSamples, lines };
}

/** The exposition without Node's process metrics, which move between two reads. */
function withoutProcess(text: string): string {
  return text.split('\n# HELP process_')[0] ?? text;
}

function linesOf(packet: Buffer): number {
  return packet.filter((b) => b === 0x0a).length + 1;
}

const name = fc.constantFrom(
  'demo.http.requests.200',
  'demo.http.request_duration',
  'demo.rpc.duration',
  // Names of equal length (g, x, y; short.a, short.b) must not pass for one another.
  'short.a',
  'short.b',
  'leak.x',
  'noisy.x',
  'hollow.',
  'g',
  'x',
  'y',
  'x_count',
);
// '1|g' and '2:3' in the value's place split the line another way than its neighbours.
const value = fc.constantFrom('1', '-1', '+2', '0.5', '12.5', 'NaN', 'abc', '1|g', '2:3');
const type = fc.constantFrom('c', 'g', 'ms', 'h', 'zz');
const section = fc.constantFrom('', '|@0.5', '|@0.01', '|#a:b', '|#route:/x,method:GET', '|#le:1', '|@abc');

/**
 * Datagrams as clients send them: a few lines in the same order round after round, values changing, every
 * so often a line of another shape: what line plans and their predictions are for.
 */
const repeatingTraffic = fc
  .record({
    templates: fc.array(fc.tuple(name, type, section), { minLength: 1, maxLength: 6 }),
    rounds: fc.array(
      fc.tuple(
        fc.array(value, { minLength: 6, maxLength: 6 }),
        fc.option(fc.tuple(name, value, type, section)),
      ),
      {
        minLength: 1,
        maxLength: 30,
      },
    ),
    perDatagram: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ templates, rounds, perDatagram }) => {
    const lines = rounds.flatMap(([values, stray]) => [
      ...templates.map(([n, t, s], i) => `${n}:${values[i] ?? '1'}|${t}${s}`),
      ...(stray === null ? [] : [`${stray[0]}:${stray[1]}|${stray[2]}${stray[3]}`]),
    ]);
    const datagrams: string[][] = [];
    for (let i = 0; i < lines.length; i += perDatagram) datagrams.push(lines.slice(i, i + perDatagram));
    return datagrams;
  });

describe('BridgeRegistry: properties', () => {
  it('gives the same /metrics through its line plans as by parsing every line', async () => {
    await fc.assert(
      fc.asyncProperty(
        repeatingTraffic,
        fc.array(fc.nat(800), { maxLength: 60 }),
        async (datagrams, steps) => {
          let now = 1_000_000;
          const planned = registry(() => now);
          const parsed = registry(() => now);
          for (const [i, lines] of datagrams.entries()) {
            const packet = Buffer.from(lines.join('\n'));
            planned.handlePacket(parsePacket(packet));
            // A plain parse result, not a ParsedPacket: every line parsed and applied the long way.
            parsed.handlePacket(pick(parsePacket(packet)));
            now += steps[i] ?? 0;
          }
          const [a, b] = [await planned.exposition(), await parsed.exposition()].map(withoutProcess);
          expect(a).toBe(b);
        },
      ),
      { numRuns: 150 },
    );
  }, 30_000);

  it('never throws, keeps /metrics valid and counts every datagram and line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(datagram, { minLength: 1, maxLength: 20 }), async (packets) => {
        const bridge = registry();
        for (const packet of packets) bridge.handlePacket(parsePacket(packet));
        const exposition = parseExposition(await bridge.exposition());
        expect(valueOf(exposition, 'statsd_exporter_udp_packets_total')).toBe(packets.length);
        expect(valueOf(exposition, 'statsd_exporter_lines_total')).toBe(
          packets.reduce((n, p) => n + linesOf(p), 0),
        );
        expect(
          valueOf(exposition, 'statsd_exporter_events_error_total', { reason: 'internal_error' }),
        ).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  }, 30_000);

  it('takes foo:1|ms|@1e-300 and 200,000 random datagrams and keeps working, every one counted', async () => {
    const bridge = registry();
    const started = performance.now();
    bridge.handlePacket(parsePacket(Buffer.from('foo:1|ms|@1e-300')));
    bridge.handlePacket(parsePacket(Buffer.from('foo:1|ms|@0.000005')));
    const packets = fc.sample(datagram, { numRuns: 200_000, seed: 42 });
    let lines = 2;
    for (const packet of packets) {
      bridge.handlePacket(parsePacket(packet));
      lines += linesOf(packet);
    }
    bridge.handleLine(parsePacket(Buffer.from('after:1|c')));
    const exposition = parseExposition(await bridge.exposition());
    expect(valueOf(exposition, 'statsd_exporter_udp_packets_total')).toBe(200_002);
    expect(valueOf(exposition, 'statsd_exporter_lines_total')).toBe(lines + 1);
    expect(valueOf(exposition, 'foo_count')).toBe(199_999);
    expect(valueOf(exposition, 'after')).toBe(1);
    expect(
      valueOf(exposition, 'statsd_exporter_events_error_total', { reason: 'internal_error' }),
    ).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
