import { describe, expect, it } from 'vitest';
import { OpenMetricsError, parseOpenMetrics } from './openmetrics-parser';

describe('parseOpenMetrics', () => {
  it.each([
    {
      what: 'a counter with _total and _created, as client_python writes it',
      text: [
        '# HELP requests Requests.',
        '# TYPE requests counter',
        'requests_total{path="/a"} 3.0',
        'requests_created{path="/a"} 1.7123456789e+09',
        '# EOF',
        '',
      ].join('\n'),
      samples: [
        { name: 'requests_total', labels: { path: '/a' }, value: 3, timestampMs: null },
        { name: 'requests_created', labels: { path: '/a' }, value: 1712345678.9, timestampMs: null },
      ],
      types: [['requests', 'counter']],
    },
    {
      what: 'timestamps in seconds, an exemplar, unknown and a trailing comma',
      text: [
        '# TYPE x unknown',
        'x{a="1",} 2 1700000000.5 # {trace_id="abc"} 1 1700000000.4',
        'x{a="2"} NaN # {} 1',
        '# EOF',
      ].join('\n'),
      samples: [
        { name: 'x', labels: { a: '1' }, value: 2, timestampMs: 1700000000500 },
        { name: 'x', labels: { a: '2' }, value: Number.NaN, timestampMs: null },
      ],
      types: [['x', 'untyped']],
    },
    {
      what: "Prometheus 3's UTF-8 names, escaped label values and +Inf",
      text: [
        '# TYPE "my.hist" histogram',
        '{"my.hist_bucket","le"="+Inf",path="a\\"b\\\\c\\nd"} 4',
        'plain_bucket{le="+Inf"} +Inf',
        '# EOF',
        '',
      ].join('\n'),
      samples: [
        { name: 'my.hist_bucket', labels: { le: '+Inf', path: 'a"b\\c\nd' }, value: 4, timestampMs: null },
        { name: 'plain_bucket', labels: { le: '+Inf' }, value: Infinity, timestampMs: null },
      ],
      types: [['my.hist', 'histogram']],
    },
  ])('reads $what', ({ text, samples, types }) => {
    const parsed = parseOpenMetrics(text);
    expect(parsed.samples).toEqual(samples);
    expect([...parsed.types]).toEqual(types);
  });

  it.each([
    { what: 'a body cut short', text: 'x 1\n', error: /^line 1: no "# EOF" line/ },
    { what: 'text after # EOF', text: 'x 1\n# EOF\nx 2\n', error: /^line 3: text after "# EOF"/ },
    { what: 'an HTML page', text: '<!doctype html>\n# EOF\n', error: /^line 1: invalid metric name ""/ },
    { what: 'an unknown type', text: '# TYPE x meter\n# EOF\n', error: /^line 1: unknown type "meter"/ },
    { what: 'a bad value', text: 'x{a="1"} 0x10\n# EOF\n', error: /^line 1: invalid sample value "0x10"/ },
    { what: 'a duplicate label', text: 'x{a="1",a="2"} 1\n# EOF\n', error: /^line 1: duplicate label "a"/ },
    { what: 'an empty line', text: 'x 1\n\n# EOF\n', error: /^line 2: empty line/ },
    { what: 'junk after the value', text: 'x 1 2 3\n# EOF\n', error: /^line 1: unexpected text/ },
  ])('refuses $what', ({ text, error }) => {
    expect(() => parseOpenMetrics(text)).toThrow(OpenMetricsError);
    expect(() => parseOpenMetrics(text)).toThrow(error);
  });
});
