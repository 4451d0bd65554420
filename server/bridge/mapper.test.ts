import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUCKETS,
  DEFAULT_OBJECTIVES,
  MappingConfigError,
  lookupMapping,
  parseMappingConfig,
  type MappingConfig,
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

describe('parseMappingConfig: what statsd_exporter refuses, the bridge refuses', () => {
  it.each<[string, string, RegExp]>([
    ['an empty name', "mappings:\n  - {match: a, name: ''}\n", /^mappings\[0\]\.name: required/],
    ['a missing name', 'mappings:\n  - match: a.b\n', /^mappings\[0\]\.name: required/],
    [
      'a name that is no metric name',
      'mappings:\n  - {match: a, name: my-metric}\n',
      /^mappings\[0\]\.name: 'my-metric'/,
    ],
    [
      'a glob with a partial *',
      'mappings:\n  - {match: "a.b*", name: x}\n',
      /^mappings\[0\]\.match: 'a.b\*' is not a glob/,
    ],
    ['a glob starting with a digit', 'mappings:\n  - {match: "5xx.a", name: x}\n', /^mappings\[0\]\.match: /],
    [
      'a one-letter label',
      'mappings:\n  - {match: a, name: x, labels: {a: b}}\n',
      /^mappings\[0\]\.labels\.a: invalid label name/,
    ],
    [
      'an unknown metric type',
      'mappings:\n  - {match: a, name: x, match_metric_type: set}\n',
      /^mappings\[0\]\.match_metric_type: 'set'/,
    ],
    [
      'an unknown observer type',
      'mappings:\n  - {match: a, name: x, observer_type: gauge}\n',
      /^mappings\[0\]\.observer_type: 'gauge'/,
    ],
    [
      'an unknown action',
      'mappings:\n  - {match: a, name: x, action: keep}\n',
      /^mappings\[0\]\.action: 'keep'/,
    ],
    [
      'an unknown match type',
      'mappings:\n  - {match: a, name: x, match_type: fuzzy}\n',
      /^mappings\[0\]\.match_type: 'fuzzy'/,
    ],
    [
      'a bad regex',
      'mappings:\n  - {match: "(a", match_type: regex, name: x}\n',
      /^mappings\[0\]\.match: invalid regex/,
    ],
    [
      'summary options on a histogram',
      'mappings:\n  - {match: a, name: x, observer_type: histogram, summary_options: {max_age: 1m}}\n',
      /^mappings\[0\]\.summary_options: not allowed with observer_type histogram/,
    ],
    [
      'histogram options on a summary',
      'mappings:\n  - {match: a, name: x, observer_type: summary, histogram_options: {buckets: [1]}}\n',
      /^mappings\[0\]\.histogram_options: not allowed with observer_type summary/,
    ],
    [
      'quantiles twice',
      'mappings:\n  - {match: a, name: x, observer_type: summary, quantiles: [{quantile: 0.5}], summary_options: {quantiles: [{quantile: 0.9}]}}\n',
      /^mappings\[0\]\.quantiles: cannot be used together with summary_options\.quantiles/,
    ],
    [
      'buckets twice',
      'mappings:\n  - {match: a, name: x, observer_type: histogram, buckets: [1], histogram_options: {buckets: [2]}}\n',
      /^mappings\[0\]\.buckets: cannot be used together with histogram_options\.buckets/,
    ],
    [
      'a list where a number goes',
      'defaults:\n  histogram_options: {buckets: [[1]]}\n',
      /^defaults\.histogram_options\.buckets\[0\]: cannot read/,
    ],
    [
      'a bad duration',
      'mappings:\n  - {match: a, name: x, ttl: soon}\n',
      /^mappings\[0\]\.ttl: cannot read `soon` as a duration/,
    ],
    ['YAML that is not YAML', 'mappings: [\n', /^not valid YAML/],
  ])('%s', (_why, yamlText, issue) => {
    expect(issuesOf(yamlText)).toEqual([expect.stringMatching(issue)]);
  });

  it('lists every problem, each with its field path', () => {
    expect(
      issuesOf(
        'mappings:\n  - {match: a}\n  - {match: "*x", name: y}\n  - {match: c, name: z, labels: {b: c}}\n',
      ),
    ).toEqual([
      expect.stringMatching(/^mappings\[0\]\.name: required/),
      expect.stringMatching(/^mappings\[1\]\.match: /),
      expect.stringMatching(/^mappings\[2\]\.labels\.b: /),
    ]);
  });
});

describe('parseMappingConfig: what statsd_exporter loads and then fails on, the bridge refuses by name', () => {
  it.each<[string, string, RegExp]>([
    [
      'an unknown field',
      'mappings:\n  - {match: a, name: x, nmae: y}\n',
      /^mappings\[0\]\.nmae: unknown field \(statsd_exporter would silently ignore it/,
    ],
    ['an unknown top-level field', 'mapings: []\n', /^mapings: unknown field/],
    [
      'an unknown defaults field',
      'defaults:\n  buckets_typo: [1]\n',
      /^defaults\.buckets_typo: unknown field/,
    ],
    [
      'buckets that do not increase',
      'mappings:\n  - {match: a, name: x, observer_type: histogram, histogram_options: {buckets: [1, 0.5]}}\n',
      /^mappings\[0\]\.histogram_options\.buckets\[1\]: 0\.5 must be greater .*crashes on the first observation/,
    ],
    [
      '+Inf before the last bucket',
      'defaults:\n  histogram_options: {buckets: [1, .inf, 2]}\n',
      /^defaults\.histogram_options\.buckets\[1\]: Infinity is not a bucket bound/,
    ],
    ['a NaN bucket', 'defaults:\n  buckets: [.nan]\n', /^defaults\.buckets\[0\]: NaN is not a bucket bound/],
    [
      'a negative max_age',
      'defaults:\n  summary_options: {max_age: -1s}\n',
      /^defaults\.summary_options\.max_age: must not be negative/,
    ],
    [
      'a __ label',
      'mappings:\n  - {match: a, name: x, labels: {__x: y}}\n',
      /^mappings\[0\]\.labels\.__x: label names starting with __ are reserved/,
    ],
    [
      'a % beside a capture',
      'mappings:\n  - {match: a.*, name: x, labels: {pct: "$1%"}}\n',
      /^mappings\[0\]\.labels\.pct: a '%' beside/,
    ],
    [
      'a Unicode class',
      'mappings:\n  - {match: "\\\\pL", match_type: regex, name: x}\n',
      /^mappings\[0\]\.match: regex .* uses the Unicode class escape/,
    ],
  ])('%s', (_why, yamlText, issue) => {
    expect(issuesOf(yamlText)).toEqual([expect.stringMatching(issue)]);
  });

  it.each<[string, string]>([
    ['a trailing +Inf bucket', 'defaults:\n  histogram_options: {buckets: [1, .inf]}\n'],
    ['timer as a metric type', 'mappings:\n  - {match: a, name: x, match_metric_type: timer}\n'],
    [
      '$1_x templates (they render empty, as in the exporter)',
      'mappings:\n  - {match: a.*, name: "x_$1_y"}\n',
    ],
    [
      'histogram options when no observer type is chosen',
      'mappings:\n  - {match: a, name: x, histogram_options: {buckets: [1]}}\n',
    ],
    ['a % in a template without captures', 'mappings:\n  - {match: a, name: x, labels: {pct: "100%"}}\n'],
    ['every option at once', readFileSync('tests/integration/fixtures/conformance/main.yml', 'utf8')],
  ])('loads %s', (_why, yamlText) => {
    expect(issuesOf(yamlText)).toEqual([]);
  });
});

describe('parseMappingConfig: defaults as statsd_exporter fills them in', () => {
  it('with no file at all', () => {
    const config = parseMappingConfig('', 'empty');
    expect(config.mappings).toEqual([]);
    expect(config.defaults).toMatchObject({
      observerType: '',
      matchType: 'glob',
      globDisableOrdering: false,
      ttlNs: 0,
      histogram: {
        buckets: DEFAULT_BUCKETS,
        nativeHistogramBucketFactor: 1.1,
        nativeHistogramMaxBuckets: 256,
      },
      summary: { quantiles: [...DEFAULT_OBJECTIVES], maxAgeNs: 0, ageBuckets: 0, bufCap: 0 },
    });
  });

  it('deprecated defaults spellings replace the whole options block', () => {
    const config = parseMappingConfig(
      'defaults:\n  timer_type: histogram\n  buckets: [1, 2]\n  quantiles: [{quantile: 0.3, error: 0.1}]\n  summary_options: {max_age: 1m}\n',
      'legacy',
    );
    expect(config.defaults.observerType).toBe('histogram');
    expect(config.defaults.histogram.buckets).toEqual([1, 2]);
    expect(config.defaults.summary).toEqual({
      quantiles: [{ quantile: 0.3, error: 0.1 }],
      maxAgeNs: 0,
      ageBuckets: 0,
      bufCap: 0,
    });
  });

  it("fills a summary mapping's options from the defaults, field by field", () => {
    const config = parseMappingConfig(
      'defaults:\n  summary_options: {max_age: 2m, age_buckets: 4, buf_cap: 10}\nmappings:\n  - {match: a, name: x, observer_type: summary, summary_options: {age_buckets: 3}}\n  - {match: b, name: y, ttl: 5s}\n',
      'filled',
    );
    expect(config.mappings[0]?.summaryOptions).toEqual({
      quantiles: [...DEFAULT_OBJECTIVES],
      maxAgeNs: 120e9,
      ageBuckets: 3,
      bufCap: 10,
    });
    expect(config.mappings[1]?.ttlNs).toBe(5e9);
  });

  it("observer_type '' means summary even when the defaults say histogram", () => {
    const config = parseMappingConfig(
      "defaults:\n  observer_type: histogram\nmappings:\n  - {match: a, name: x, observer_type: ''}\n  - {match: b, name: y}\n",
      'types',
    );
    expect(config.mappings.map((m) => m.observerType)).toEqual(['summary', 'histogram']);
  });
});

function lookup(config: MappingConfig, name: string, type: StatsdMetricType = 'counter'): unknown {
  const found = lookupMapping(config, name, type);
  return found === null
    ? null
    : { index: found.mapping.index, name: found.name, labels: Object.fromEntries(found.labels) };
}

describe('lookupMapping', () => {
  const config = parseMappingConfig(
    `
mappings:
  - match: app.*.requests.*
    name: requests_total
    labels: {service: $1, code: "\${2}"}
  - match: rx\\.(\\w+)
    match_type: regex
    name: rx_$1
    labels: {whole: $0}
  - match: typed.*
    match_metric_type: gauge
    name: typed_$1
  - match: ^typed\\.
    match_type: regex
    match_metric_type: counter
    name: typed_by_regex
  - match: app
    match_type: regex
    name: never_reached_by_app_requests
`,
    'lookup',
  );
  it.each<[string, StatsdMetricType, unknown]>([
    [
      'app.web.requests.200',
      'counter',
      { index: 0, name: 'requests_total', labels: { service: 'web', code: '200' } },
    ],
    ['rx.abc', 'counter', { index: 1, name: 'rx_abc', labels: { whole: 'rx.abc' } }],
    ['xrx.abc.y', 'counter', { index: 1, name: 'rx_abc', labels: { whole: 'rx.abc' } }],
    ['typed.one', 'gauge', { index: 2, name: 'typed_one', labels: {} }],
    ['typed.one', 'counter', { index: 3, name: 'typed_by_regex', labels: {} }],
    ['typed.one', 'observer', null],
    ['apple', 'counter', { index: 4, name: 'never_reached_by_app_requests', labels: {} }],
    ['nothing', 'counter', null],
  ])('%s (%s)', (name, type, expected) => {
    expect(lookup(config, name, type)).toEqual(expected);
  });

  it('tries globs before regexes whatever the file order, and regexes in file order', () => {
    const ordered = parseMappingConfig(
      'mappings:\n  - {match: ^a, match_type: regex, name: first_regex}\n  - {match: a.b, name: glob}\n  - {match: b$, match_type: regex, name: second_regex}\n',
      'order',
    );
    expect(lookup(ordered, 'a.b')).toMatchObject({ name: 'glob' });
    expect(lookup(ordered, 'a.c.b')).toMatchObject({ name: 'first_regex' });
    expect(lookup(ordered, 'c.b')).toMatchObject({ name: 'second_regex' });
  });

  it('makes every mapping a regex under defaults.match_type: regex', () => {
    const regex = parseMappingConfig(
      'defaults:\n  match_type: regex\nmappings:\n  - {match: "a.b", name: x}\n',
      'regex',
    );
    expect(lookup(regex, 'aXb')).toMatchObject({ name: 'x' });
  });
});
