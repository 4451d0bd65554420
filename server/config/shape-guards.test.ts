import { describe, expect, it } from 'vitest';
import { isInt, isRecord, isStringArray, parseJson } from './shape-guards';

describe('shape guards', () => {
  it.each([
    { raw: {}, want: true },
    { raw: { a: 1 }, want: true },
    { raw: [], want: false },
    { raw: null, want: false },
    { raw: 'x', want: false },
  ])('isRecord($raw) is $want', ({ raw, want }) => {
    expect(isRecord(raw)).toBe(want);
  });

  it.each([
    { raw: 2, min: 2, want: true },
    { raw: 1, min: 2, want: false },
    { raw: 2.5, min: 0, want: false },
    { raw: '2', min: 0, want: false },
    { raw: Number.NaN, min: 0, want: false },
  ])('isInt($raw, $min) is $want', ({ raw, min, want }) => {
    expect(isInt(raw, min)).toBe(want);
  });

  it.each([
    { raw: ['a', 'b'], want: true },
    { raw: [], want: true },
    { raw: ['a', 1], want: false },
    { raw: 'a', want: false },
  ])('isStringArray($raw) is $want', ({ raw, want }) => {
    expect(isStringArray(raw)).toBe(want);
  });

  it.each([
    { text: '{"a":1}', want: { a: 1 } },
    { text: '{"a":', want: undefined },
    { text: '', want: undefined },
  ])('parseJson($text)', ({ text, want }) => {
    expect(parseJson(text)).toEqual(want);
  });
});
