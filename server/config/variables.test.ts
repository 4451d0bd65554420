import { describe, expect, it } from 'vitest';
import { flag, httpUrl, list, num, oneOf, port, readVariables, text, type Variable } from './variables';

const cases: Array<{ name: string; read: Variable<unknown>; raw: string | undefined; want: unknown }> = [
  { name: 'port', read: port(8081), raw: undefined, want: 8081 },
  { name: 'port', read: port(8081), raw: '9000', want: 9000 },
  { name: 'port', read: port(8081), raw: ' 9000 ', want: 9000 },
  { name: 'int', read: num({ min: 1, max: 16, int: true, fallback: 4 }), raw: '16', want: 16 },
  { name: 'optional int', read: num({ min: 1, max: 32, int: true }), raw: undefined, want: undefined },
  { name: 'number', read: num({ min: 0.25, max: 30, fallback: 1 }), raw: '0.25', want: 0.25 },
  { name: 'number', read: num({ min: 0, max: 5000, fallback: 50 }), raw: '1e3', want: 1000 },
  { name: 'text', read: text({ fallback: 'x', minLength: 1 }), raw: undefined, want: 'x' },
  { name: 'optional text', read: text(), raw: undefined, want: undefined },
  { name: 'token', read: text({ minLength: 16 }), raw: 'a'.repeat(16), want: 'a'.repeat(16) },
  { name: 'enum', read: oneOf(['os', 'rr'], 'os'), raw: undefined, want: 'os' },
  { name: 'enum', read: oneOf(['os', 'rr'], 'os'), raw: 'rr', want: 'rr' },
  { name: 'flag', read: flag(false), raw: 'yes', want: true },
  { name: 'flag', read: flag(true), raw: '0', want: false },
  { name: 'flag', read: flag(true), raw: undefined, want: true },
  { name: 'url', read: httpUrl(), raw: 'https://localhost/', want: 'https://localhost/' },
  { name: 'list', read: list(), raw: ' a, b ,,', want: ['a', 'b'] },
  { name: 'list', read: list(), raw: undefined, want: [] },
];

const refusals: Array<{ name: string; read: Variable<unknown>; raw: string; message: string }> = [
  { name: 'port', read: port(8081), raw: '0', message: 'must be a whole number from 1 to 65535, not "0"' },
  { name: 'port', read: port(8081), raw: '80.5', message: 'must be a whole number from 1 to 65535' },
  { name: 'port', read: port(8100, 65_503), raw: '65510', message: 'from 1 to 65503' },
  { name: 'port', read: port(8081), raw: 'x', message: 'not "x"' },
  { name: 'port', read: port(8081), raw: ' ', message: 'must be a whole number' },
  { name: 'number', read: num({ min: 0, max: 5000, fallback: 50 }), raw: '9000', message: 'from 0 to 5000' },
  { name: 'number', read: num({ min: 0, max: 5000, fallback: 50 }), raw: 'Infinity', message: 'a number' },
  { name: 'token', read: text({ minLength: 16 }), raw: 'short', message: 'must be at least 16 characters' },
  { name: 'enum', read: oneOf(['os', 'rr'], 'os'), raw: 'RR', message: 'must be one of os, rr, not "RR"' },
  { name: 'flag', read: flag(false), raw: 'on', message: 'must be one of true, 1, yes, false, 0, no' },
  { name: 'url', read: httpUrl(), raw: 'file:///etc/passwd', message: 'must be an http:// or https:// URL' },
  { name: 'url', read: httpUrl(), raw: 'http://', message: 'must be an http:// or https:// URL' },
];

describe('one variable', () => {
  it.each(cases)('$name reads $raw as $want', ({ read, raw, want }) => {
    expect(read(raw)).toEqual(want);
  });

  it.each(refusals)('$name refuses "$raw"', ({ read, raw, message }) => {
    expect(() => read(raw)).toThrow(message);
  });
});

describe('readVariables', () => {
  const schema = { A: port(1), B: oneOf(['x', 'y'], 'x'), C: text() };

  it('treats an empty string as unset, and leaves an unset optional variable out', () => {
    expect(readVariables(schema, { A: '', B: 'y', C: '' })).toEqual({ ok: true, values: { A: 1, B: 'y' } });
  });

  it('names every bad variable, in schema order', () => {
    expect(readVariables(schema, { B: 'z', A: 'p' })).toEqual({
      ok: false,
      problems: ['A: must be a whole number from 1 to 65535, not "p"', 'B: must be one of x, y, not "z"'],
    });
  });

  it('ignores variables the schema does not name', () => {
    expect(readVariables(schema, { OTHER: '1' })).toEqual({ ok: true, values: { A: 1, B: 'x' } });
  });
});
