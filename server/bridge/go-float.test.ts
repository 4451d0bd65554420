import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGoFloat, goFloatToInt, goFloatValue, parseGoFloat, powerOfTwo } from './go-float';

// Expected values printed by Go 1.26 (strconv.ParseFloat, strconv.FormatFloat 'g' -1, int(1/f) on amd64).

describe('parseGoFloat: strconv.ParseFloat(s, 64)', () => {
  it.each<[string, string, 'syntax' | 'range' | null]>([
    ['1', '1', null],
    ['-0', '0', null],
    ['+1.5', '1.5', null],
    ['1e3', '1000', null],
    ['1E-3', '0.001', null],
    ['.5', '0.5', null],
    ['5.', '5', null],
    ['1_000', '1000', null],
    ['1__0', '0', 'syntax'],
    ['_1', '0', 'syntax'],
    ['1_', '0', 'syntax'],
    ['1_0.5', '10.5', null],
    ['0x1p-2', '0.25', null],
    ['0X1P+2', '4', null],
    ['0x1.8p1', '3', null],
    ['0x.8p1', '1', null],
    ['0x1', '0', 'syntax'],
    ['0x', '0', 'syntax'],
    ['0x_1p0', '1', null],
    ['0x1p1_0', '1024', null],
    ['0xabc.defp-10', '2.6844441890716553', null],
    ['0x1p-1074', '5e-324', null],
    ['0x1p-1075', '0', null],
    ['0x1.000001p-1074', '5e-324', null],
    ['0x1p1024', '+Inf', 'range'],
    ['0x1.fffffffffffffp1023', '1.7976931348623157e+308', null],
    ['0x1.fffffffffffff8p1023', '+Inf', 'range'],
    ['1e400', '+Inf', 'range'],
    ['-1e400', '-Inf', 'range'],
    ['1e-400', '0', null],
    ['5e-324', '5e-324', null],
    ['2.4703282292062328e-324', '5e-324', null],
    ['inf', '+Inf', null],
    ['+Inf', '+Inf', null],
    ['-inf', '-Inf', null],
    ['Infinity', '+Inf', null],
    ['-INFINITY', '-Inf', null],
    ['infin', '0', 'syntax'],
    ['nan', 'NaN', null],
    ['NaN', 'NaN', null],
    ['+nan', '0', 'syntax'],
    ['-NaN', '0', 'syntax'],
    ['', '0', 'syntax'],
    ['+', '0', 'syntax'],
    ['-', '0', 'syntax'],
    ['.', '0', 'syntax'],
    ['e5', '0', 'syntax'],
    ['1e', '0', 'syntax'],
    ['1e+', '0', 'syntax'],
    ['1e+5_0', '1e+50', null],
    ['00012', '12', null],
    ['0b11', '0', 'syntax'],
    ['0o7', '0', 'syntax'],
    ['1.2.3', '0', 'syntax'],
    [' 1', '0', 'syntax'],
    ['1 ', '0', 'syntax'],
    ['abc', '0', 'syntax'],
    ['0.000005', '5e-06', null],
    ['1e-300', '1e-300', null],
    ['1e-320', '1e-320', null],
    ['123456789012345678901234567890', '1.2345678901234568e+29', null],
    ['0.1e-99999', '0', null],
    ['1e99999', '+Inf', 'range'],
  ])('%j → %s (%s error)', (text, value, error) => {
    const parsed = parseGoFloat(text);
    expect([formatGoFloat(parsed.value), parsed.error]).toEqual([value, error]);
  });

  it('keeps the sign of a negative zero, as Go does', () => {
    expect(Object.is(parseGoFloat('-0').value, -0)).toBe(true);
    expect(Object.is(parseGoFloat('-0x0p0').value, -0)).toBe(true);
  });
});

describe('formatGoFloat: client_golang text exposition numbers', () => {
  it.each<[number, string]>([
    [0, '0'],
    [1, '1'],
    [-1, '-1'],
    [0.5, '0.5'],
    [100000, '100000'],
    [999999, '999999'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [1e21, '1e+21'],
    [0.0001, '0.0001'],
    [1.5e-5, '1.5e-05'],
    [0.00012344999999999999, '0.00012345'],
    [123456.7, '123456.7'],
    [-2.4999999999999999e-7, '-2.5e-07'],
    [4.9406564584124654e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1.5532559262904484e18, '1.5532559262904484e+18'],
    [1e100, '1e+100'],
    [0.29999999999999999, '0.3'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [-0, '0'],
  ])('%d → %s', (value, text) => {
    expect(formatGoFloat(value)).toBe(text);
  });
});

describe('goFloatToInt: int(1 / rate) on amd64', () => {
  it.each<[string, string]>([
    ['0.5', '2'],
    ['0.3', '3'],
    ['0.000005', '199999'],
    ['1e-300', '-9223372036854775808'],
    ['1e-18', '999999999999999872'],
    ['1e-19', '-9223372036854775808'],
    ['2', '0'],
    ['-0.5', '-2'],
    ['NaN', '-9223372036854775808'],
    ['Inf', '0'],
    ['1.0842021724855044e-19', '-9223372036854775808'],
  ])('int(1 / %s) = %s', (rate, expected) => {
    expect(BigInt(goFloatToInt(1 / parseGoFloat(rate).value)).toString()).toBe(expected);
  });
});

describe('powerOfTwo', () => {
  it.each([-1074, -1073, -1023, -1022, -1, 0, 1, 52, 1023])('2^%d exactly', (exponent) => {
    expect(powerOfTwo(exponent)).toBe(2 ** exponent);
  });
});

describe('goFloatValue', () => {
  it('gives what parseGoFloat gives when it reports no error, and undefined otherwise', () => {
    const piece = fc.constantFrom(
      '0',
      '1',
      '9',
      '.',
      '+',
      '-',
      'e',
      'E',
      '_',
      'x',
      'p',
      'a',
      'inf',
      'nan',
      ':',
      '|',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')),
        (text) => {
          const parsed = parseGoFloat(text);
          expect(goFloatValue(text)).toBe(parsed.error === null ? parsed.value : undefined);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
