import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUCKETS,
  DEFAULT_HELP,
  MappingConfigError,
  mapMetric,
  parseMappingConfig,
  type MappingResult,
  type StatsdMetricType,
} from './mapper';

function issuesOf(yamlText: string): string[] {
  try {
    parseMappingConfig(yamlText, 'test.yml');
  } catch (err) {
    if (err instanceof MappingConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('parseMappingConfig: validation', () => {
  it.each<[string, string, string[]]>([
    ['empty file', '', []],
    ['defaults only', 'defaults:\n  observer_type: histogram\n', []],
    ['missing name', 'mappings:\n  - match: a.b\n', ['mappings[0].name: required']],
    ['missing match', 'mappings:\n  - name: x\n', ['mappings[0].match: required']],
    [
      'third mapping without a name',
      'mappings:\n  - {match: a, name: a}\n  - {match: b, name: b}\n  - {match: c.*}\n',
      ['mappings[2].name: required'],
    ],
    ['empty name', "mappings:\n  - {match: a, name: ''}\n", ['mappings[0].name: required']],
    [
      'bad glob',
      'mappings:\n  - {match: "a.b*", name: x}\n',
      [
        "mappings[0].match: 'a.b*' is not a glob: dot-separated segments of letters, digits, _ and single -, or * for one whole segment",
      ],
    ],
    [
      'glob may not start with a digit',
      'mappings:\n  - {match: "5xx.a", name: x}\n',
      [expect.stringMatching(/^mappings\[0\]\.match: /)],
    ],
    ['later segments may start with a digit', 'mappings:\n  - {match: "a.5xx", name: x}\n', []],
    [
      'bad name',
      'mappings:\n  - {match: a, name: "my-metric"}\n',
      [expect.stringMatching(/^mappings\[0\]\.name: 'my-metric' /)],
    ],
    [
      'reference past the wildcards',
      'mappings:\n  - {match: a.*, name: "x_$2"}\n',
      [expect.stringMatching(/^mappings\[0\]\.name: '\$2' does not name a wildcard; the match has 1/)],
    ],
    [
      '$1_suffix swallows the suffix in statsd_exporter',
      'mappings:\n  - match: a.*\n    name: x\n    labels: {job: "$1_server"}\n',
      [expect.stringMatching(/^mappings\[0\]\.labels\.job: '\$1_server' does not name a wildcard/)],
    ],
    ['${1}_suffix is fine', 'mappings:\n  - match: a.*\n    name: x\n    labels: {job: "${1}_server"}\n', []],
    [
      'one-letter label name',
      'mappings:\n  - match: a\n    name: x\n    labels: {a: b}\n',
      [expect.stringMatching(/^mappings\[0\]\.labels\.a: label names need 2\+ characters/)],
    ],
    [
      'label value must be a string',
      'mappings:\n  - match: a\n    name: x\n    labels: {code: 200}\n',
      [expect.stringMatching(/^mappings\[0\]\.labels\.code: /)],
    ],
    [
      'unknown metric type',
      'mappings:\n  - {match: a, name: x, match_metric_type: timer}\n',
      [expect.stringMatching(/^mappings\[0\]\.match_metric_type: /)],
    ],
    [
      'unknown observer type',
      'mappings:\n  - {match: a, name: x, observer_type: gauge}\n',
      [expect.stringMatching(/^mappings\[0\]\.observer_type: /)],
    ],
    [
      'unknown action',
      'mappings:\n  - {match: a, name: x, action: keep}\n',
      [expect.stringMatching(/^mappings\[0\]\.action: /)],
    ],
    ['unknown field', 'mappings:\n  - {match: a, name: x, nmae: y}\n', ['mappings[0].nmae: unknown field']],
    [
      'exporter-only field',
      'mappings:\n  - {match: a, name: x, ttl: 1m}\n',
      [expect.stringMatching(/^mappings\[0\]\.ttl: not supported by the built-in bridge/)],
    ],
    [
      'regex matching',
      'mappings:\n  - {match: "a\\\\.b", match_type: regex, name: x}\n',
      [expect.stringMatching(/^mappings\[0\]\.match_type: only glob matching/)],
    ],
    ['unknown top-level field', 'mapings: []\n', ['mapings: unknown field']],
    [
      'unsorted buckets',
      'mappings:\n  - match: a\n    name: x\n    observer_type: histogram\n    histogram_options: {buckets: [1, 0.5]}\n',
      ['mappings[0].histogram_options.buckets[1]: 0.5 must be greater than the bucket before it'],
    ],
    [
      'infinite bucket',
      'defaults:\n  histogram_options: {buckets: [1, .inf]}\n',
      ['defaults.histogram_options.buckets[1]: must be a finite number (+Inf is added automatically)'],
    ],
    [
      'summary options on a histogram',
      'mappings:\n  - match: a\n    name: x\n    observer_type: histogram\n    summary_options: {max_age: 1m}\n',
      ['mappings[0].summary_options: not allowed with observer_type histogram'],
    ],
    [
      'histogram options under the default (summary) observer',
      'mappings:\n  - match: a\n    name: x\n    histogram_options: {buckets: [1]}\n',
      ['mappings[0].histogram_options: not allowed with observer_type summary'],
    ],
    [
      'bad quantile',
      'defaults:\n  summary_options:\n    quantiles: [{quantile: 1.5}]\n',
      [expect.stringMatching(/^defaults\.summary_options\.quantiles\[0\]\.quantile: /)],
    ],
    [
      'bad max_age',
      'defaults:\n  summary_options: {max_age: ten minutes}\n',
      [expect.stringMatching(/^defaults\.summary_options\.max_age: must be a Go duration/)],
    ],
    ['mappings must be a list', 'mappings: {match: a}\n', [expect.stringMatching(/^mappings: /)]],
    ['not YAML', 'mappings: [\n', [expect.stringMatching(/^not valid YAML: /)]],
  ])('%s', (_name, yamlText, issues) => {
    expect(issuesOf(yamlText)).toEqual(issues);
  });

  it('names the source and every issue in its message', () => {
    expect(() => parseMappingConfig('mappings:\n  - {match: a}\n  - {name: b}\n', 'bad.yml')).toThrow(
      'invalid mapping config bad.yml:\n  mappings[0].name: required\n  mappings[1].match: required',
    );
  });

  it('accepts the project mapping file', () => {
    const url = new URL('../../config/statsd-mapping.yml', import.meta.url);
    const config = parseMappingConfig(readFileSync(url, 'utf8'), 'config/statsd-mapping.yml');
    expect(config.mappings.map((mapping) => mapping.match)).toEqual([
      'demo.http.requests.*',
      'demo.http.request_duration',
      'demo.http.requests_in_flight',
      'demo.http.requests_in_flight_last_writer',
    ]);
  });
});

describe('parseMappingConfig: observer settings', () => {
  it.each([
    [
      'statsd_exporter default: summary',
      '',
      { type: 'summary', quantiles: [0.5, 0.9, 0.99], maxAgeSeconds: 600, ageBuckets: 5 },
    ],
    [
      'default histogram',
      'defaults: {observer_type: histogram}\n',
      { type: 'histogram', buckets: DEFAULT_BUCKETS },
    ],
    [
      'default buckets',
      'defaults:\n  observer_type: histogram\n  histogram_options: {buckets: [0.1, 1]}\n',
      { type: 'histogram', buckets: [0.1, 1] },
    ],
    [
      'summary options',
      'defaults:\n  summary_options:\n    quantiles: [{quantile: 0.5, error: 0.05}, {quantile: 0.99}]\n    max_age: 1m30s\n    age_buckets: 3\n',
      { type: 'summary', quantiles: [0.5, 0.99], maxAgeSeconds: 90, ageBuckets: 3 },
    ],
  ])('%s', (_name, yamlText, observer) => {
    expect(parseMappingConfig(yamlText, 'test.yml').defaultObserver).toEqual(observer);
  });

  it('lets a mapping override the defaults', () => {
    const config = parseMappingConfig(
      [
        'defaults:',
        '  observer_type: histogram',
        '  summary_options: {max_age: 2m}',
        'mappings:',
        '  - {match: a, name: a}',
        '  - {match: b, name: b, observer_type: histogram, histogram_options: {buckets: [2, 3]}}',
        '  - {match: c, name: c, observer_type: summary}',
      ].join('\n'),
      'test.yml',
    );
    expect(config.mappings.map((mapping) => mapping.observer)).toEqual([
      { type: 'histogram', buckets: DEFAULT_BUCKETS },
      { type: 'histogram', buckets: [2, 3] },
      { type: 'summary', quantiles: [0.5, 0.9, 0.99], maxAgeSeconds: 120, ageBuckets: 5 },
    ]);
  });
});

describe('mapMetric', () => {
  const config = parseMappingConfig(
    [
      'mappings:',
      '  - match: demo.http.requests.*',
      '    match_metric_type: counter',
      '    name: demo_http_requests_total',
      '    help: Requests.',
      '    labels: {status: "$1"}',
      '  - match: test.dispatcher.*.*.*',
      '    name: dispatcher_events_total',
      '    labels: {processor: "$1", action: "$2", outcome: "$3", job: test_dispatcher}',
      '  - match: "*.signup.*.*"',
      '    name: signup_events_total',
      '    labels: {provider: "$2", outcome: "$3", job: "${1}_server"}',
      '  - match: test.*.*.counter',
      '    name: "${2}_total"',
      '  - match: noisy.*',
      '    action: drop',
      '    name: dropped',
      '  - match: first.*',
      '    name: first_wins',
      '  - match: first.a',
      '    name: never_reached',
      '  - match: typed.metric',
      '    match_metric_type: gauge',
      '    name: typed_gauge',
      '  - match: typed.metric',
      '    name: typed_other',
      '  - match: empty.*',
      '    name: "$1"',
    ].join('\n'),
    'test.yml',
  );
  const summary = config.defaultObserver;

  it.each<[string, StatsdMetricType, Record<string, string>, MappingResult]>([
    [
      'demo.http.requests.200',
      'counter',
      { method: 'GET', route: '/api' },
      {
        outcome: 'mapped',
        name: 'demo_http_requests_total',
        labels: { method: 'GET', route: '/api', status: '200' },
        help: 'Requests.',
        observer: summary,
      },
    ],
    [
      'demo.http.requests.200',
      'gauge',
      {},
      {
        outcome: 'unmapped',
        name: 'demo_http_requests_200',
        labels: {},
        help: DEFAULT_HELP,
        observer: summary,
      },
    ],
    [
      'demo.http.requests.200',
      'counter',
      { status: 'from-tag' },
      {
        outcome: 'mapped',
        name: 'demo_http_requests_total',
        labels: { status: '200' },
        help: 'Requests.',
        observer: summary,
      },
    ],
    [
      'test.dispatcher.FooProcessor.send.success',
      'counter',
      {},
      {
        outcome: 'mapped',
        name: 'dispatcher_events_total',
        labels: { processor: 'FooProcessor', action: 'send', outcome: 'success', job: 'test_dispatcher' },
        help: DEFAULT_HELP,
        observer: summary,
      },
    ],
    [
      'foo_product.signup.facebook.failure',
      'counter',
      {},
      {
        outcome: 'mapped',
        name: 'signup_events_total',
        labels: { provider: 'facebook', outcome: 'failure', job: 'foo_product_server' },
        help: DEFAULT_HELP,
        observer: summary,
      },
    ],
    [
      'test.web-server.foo.bar',
      'counter',
      {},
      {
        outcome: 'unmapped',
        name: 'test_web_server_foo_bar',
        labels: {},
        help: DEFAULT_HELP,
        observer: summary,
      },
    ],
    [
      'test.a.my-thing.counter',
      'counter',
      {},
      { outcome: 'mapped', name: 'my_thing_total', labels: {}, help: DEFAULT_HELP, observer: summary },
    ],
    ['noisy.thing', 'observer', {}, { outcome: 'drop' }],
    [
      'noisy.thing.deeper',
      'counter',
      {},
      { outcome: 'unmapped', name: 'noisy_thing_deeper', labels: {}, help: DEFAULT_HELP, observer: summary },
    ],
    [
      'first.a',
      'counter',
      {},
      { outcome: 'mapped', name: 'first_wins', labels: {}, help: DEFAULT_HELP, observer: summary },
    ],
    [
      'typed.metric',
      'gauge',
      {},
      { outcome: 'mapped', name: 'typed_gauge', labels: {}, help: DEFAULT_HELP, observer: summary },
    ],
    [
      'typed.metric',
      'observer',
      {},
      { outcome: 'mapped', name: 'typed_other', labels: {}, help: DEFAULT_HELP, observer: summary },
    ],
    ['empty.', 'counter', {}, { outcome: 'empty_name' }],
    [
      '5xx.errors',
      'counter',
      { env: 'x' },
      {
        outcome: 'unmapped',
        name: '_5xx_errors',
        labels: { env: 'x' },
        help: DEFAULT_HELP,
        observer: summary,
      },
    ],
  ])('%s (%s, tags %j)', (name, type, tags, expected) => {
    expect(mapMetric(config, name, type, tags)).toEqual(expected);
  });

  it('never adds _total to a counter on its own', () => {
    const result = mapMetric(config, 'jobs.done', 'counter', {});
    expect(result).toMatchObject({ outcome: 'unmapped', name: 'jobs_done' });
  });
});
