import { describe, expect, it } from 'vitest';
import { GoYamlError, GoYamlReader, parseGoYaml, type GoYamlNode } from './go-yaml';

/** The value of `v:` in a one-line document. */
function node(value: string): GoYamlNode | null {
  const root = parseGoYaml(`v: ${value}\n`);
  if (root?.kind !== 'map') throw new Error('not a map');
  return root.entries.get('v') ?? null;
}

function read<T>(value: string, how: (reader: GoYamlReader, n: GoYamlNode | null) => T): [T, string[]] {
  const issues: string[] = [];
  const result = how(new GoYamlReader(issues), node(value));
  return [result, issues];
}

describe('GoYamlReader: yaml.v2 scalar typing', () => {
  it.each<[string, string]>([
    ['abc', 'abc'],
    ['1.0', '1.0'],
    ['010', '010'],
    ['yes', 'yes'],
    ["'quoted'", 'quoted'],
    ['"tab\\tin"', 'tab\tin'],
    ['~', ''],
    ['', ''],
    ['null', ''],
  ])('a string field takes %j as %j', (value, expected) => {
    expect(read(value, (r, n) => r.string(n, 'v'))).toEqual([expected, []]);
  });

  it.each<[string, number]>([
    ['1', 1],
    ['1.5', 1.5],
    ['-2', -2],
    ['010', 8],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['1e3', 1000],
    ['.5', 0.5],
    ['08', 8],
    ['.inf', Number.POSITIVE_INFINITY],
    ['-.Inf', Number.NEGATIVE_INFINITY],
    ['~', 0],
  ])('a float field takes %j as %d', (value, expected) => {
    expect(read(value, (r, n) => r.float(n, 'v'))).toEqual([expected, []]);
  });

  it.each(["'1'", 'one', 'yes', '[1]', '{a: 1}'])('a float field refuses %j, naming the field', (value) => {
    const [, issues] = read(value, (r, n) => r.float(n, 'v'));
    expect(issues).toEqual([expect.stringMatching(/^v: cannot read .* as a number$/)]);
  });

  it.each<[string, number]>([
    ['1m', 60e9],
    ["'1m'", 60e9],
    ['1h30m', 5400e9],
    ['10', 10],
    ['1.5', 1],
    ['-1s', -1e9],
    ['~', 0],
  ])('a duration field takes %j as %d ns', (value, expected) => {
    expect(read(value, (r, n) => r.durationNs(n, 'v'))).toEqual([expected, []]);
  });

  it.each<[string, boolean]>([
    ['true', true],
    ['yes', true],
    ['On', true],
    ['no', false],
    ['FALSE', false],
    ['~', false],
  ])('a bool field takes %j as %s', (value, expected) => {
    expect(read(value, (r, n) => r.bool(n, 'v'))).toEqual([expected, []]);
  });

  it.each<[string, number | null]>([
    ['5', 5],
    ['0', 0],
    ['4294967295', 4294967295],
    ['4294967296', null],
    ['-1', null],
    ['2.9', 2],
  ])('a uint32 field takes %j as %s', (value, expected) => {
    const [result, issues] = read(value, (r, n) => r.uint32(n, 'v'));
    expect(expected === null ? issues.length : result).toBe(expected === null ? 1 : expected);
  });

  it('fills a map from a << merge key without overriding its own keys', () => {
    const root = parseGoYaml('base: &b {a: 1, b: 2}\nv:\n  <<: *b\n  b: 3\n');
    const v = root?.kind === 'map' ? root.entries.get('v') : null;
    expect(
      v?.kind === 'map'
        ? Object.fromEntries([...v.entries].map(([k, n]) => [k, n?.kind === 'scalar' ? n.text : null]))
        : null,
    ).toEqual({ a: '1', b: '3' });
  });

  it('refuses YAML it cannot parse, and tags other than !!str', () => {
    expect(() => parseGoYaml('a: [1, 2\n')).toThrow(GoYamlError);
    expect(() => parseGoYaml('a: !!float 1\n')).toThrow('the YAML tag tag:yaml.org,2002:float');
    expect(read('!!str 5', (r, n) => r.float(n, 'v'))[1]).toHaveLength(1);
  });
});
