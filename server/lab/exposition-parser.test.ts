import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition } from './exposition-parser';

describe('parseExposition samples', () => {
  it.each([
    { line: 'up 1', want: { name: 'up', labels: {}, value: 1, timestampMs: null } },
    { line: 'a_b:c 12.47', want: { name: 'a_b:c', labels: {}, value: 12.47, timestampMs: null } },
    {
      line: 'http_requests_total{method="post",code="200"} 1027 1395066363000',
      want: {
        name: 'http_requests_total',
        labels: { method: 'post', code: '200' },
        value: 1027,
        timestampMs: 1395066363000,
      },
    },
    {
      line: 'x{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      want: {
        name: 'x',
        labels: { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' },
        value: 1.458255915e9,
        timestampMs: null,
      },
    },
    {
      line: 'w{problem="division by zero"} +Inf -3982045',
      want: { name: 'w', labels: { problem: 'division by zero' }, value: Infinity, timestampMs: -3982045 },
    },
    { line: 'n -Inf', want: { name: 'n', labels: {}, value: -Infinity, timestampMs: null } },
    {
      line: 'trailing_comma{a="1",} 2',
      want: { name: 'trailing_comma', labels: { a: '1' }, value: 2, timestampMs: null },
    },
    {
      line: 'spaces { a = "1" , b="2" }\t3',
      want: { name: 'spaces', labels: { a: '1', b: '2' }, value: 3, timestampMs: null },
    },
    { line: 'empty{} 4', want: { name: 'empty', labels: {}, value: 4, timestampMs: null } },
    {
      line: 'h_bucket{le="+Inf"} 5',
      want: { name: 'h_bucket', labels: { le: '+Inf' }, value: 5, timestampMs: null },
    },
  ])('$line', ({ line, want }) => {
    expect(parseExposition(line).samples).toEqual([want]);
  });

  it.each(['NaN', 'Nan', 'nan'])('parses %s as NaN', (word) => {
    expect(parseExposition(`g ${word}`).samples[0]?.value).toBeNaN();
  });

  it.each([
    { word: 'inf', want: Infinity },
    { word: '+Infinity', want: Infinity },
    { word: '-INF', want: -Infinity },
  ])('parses $word in any case', ({ word, want }) => {
    expect(parseExposition(`g ${word}`).samples[0]?.value).toBe(want);
  });

  it.each([
    { line: '<html>not metrics</html>', error: /line 1: invalid metric name/ },
    { line: '9lives 1', error: /invalid metric name "9lives"/ },
    { line: 'm abc', error: /invalid sample value "abc"/ },
    { line: 'm', error: /invalid sample value ""/ },
    { line: 'm 0x10', error: /invalid sample value "0x10"/ },
    { line: 'm{a="1" 1', error: /expected "," or "}"/ },
    { line: 'm{a="1} 1', error: /unterminated label value/ },
    { line: 'm{a=1} 1', error: /expected """/ },
    { line: 'm{a="1",a="2"} 1', error: /duplicate label "a"/ },
    { line: 'm{a:b="1"} 1', error: /invalid label name "a:b"/ },
    { line: 'm{a="\\t"} 1', error: /invalid escape/ },
    { line: 'm 1 2.5', error: /invalid timestamp "2.5"/ },
    { line: 'm 1 2 3', error: /unexpected text after the timestamp/ },
  ])('rejects $line', ({ line, error }) => {
    expect(() => parseExposition(line)).toThrow(ExpositionError);
    expect(() => parseExposition(line)).toThrow(error);
  });

  it('names the line of an error', () => {
    expect(() => parseExposition('a 1\n# comment\nb x\n')).toThrow(/^line 3: /);
  });
});

describe('parseExposition metadata', () => {
  it('reads HELP and TYPE, ignores other comments and blank lines, keeps labelled histogram series apart', () => {
    const text = [
      '# HELP h Latency \\\\ in seconds\\nsecond line.',
      '# TYPE h histogram',
      '# a free comment',
      '',
      'h_bucket{le="0.1",status="200"} 90',
      'h_sum{status="200"} 2.5',
      'h_count{status="200"} 98',
      'h_sum{status="500"} 0.5',
      'h_count{status="500"} 2',
      '# TYPE c counter',
      'c 1',
      '',
    ].join('\r\n');
    const parsed = parseExposition(text);
    expect(parsed.help.get('h')).toBe('Latency \\ in seconds\nsecond line.');
    expect(parsed.types.get('h')).toBe('histogram');
    expect(parsed.types.get('c')).toBe('counter');
    expect(parsed.samples.filter((s) => s.name === 'h_count').map((s) => s.value)).toEqual([98, 2]);
    expect(parsed.samples).toHaveLength(6);
  });

  it.each([
    { text: '# TYPE m bogus', error: /unknown type "bogus" for m/ },
    { text: '# TYPE 1m counter', error: /invalid metric name "1m" in # TYPE/ },
  ])('rejects $text', ({ text, error }) => {
    expect(() => parseExposition(text)).toThrow(error);
  });
});
