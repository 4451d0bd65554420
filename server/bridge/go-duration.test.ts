import { describe, expect, it } from 'vitest';
import { DurationError, parseGoDuration } from './go-duration';

// Expected values printed by Go 1.26's time.ParseDuration (nanoseconds; null for an error).
describe('parseGoDuration: time.ParseDuration', () => {
  it.each<[string, string | null]>([
    ['0', '0'],
    ['-0', '0'],
    ['+0', '0'],
    ['1s', '1000000000'],
    ['1.5s', '1500000000'],
    ['1h30m', '5400000000000'],
    ['300ms', '300000000'],
    ['1us', '1000'],
    ['1µs', '1000'],
    ['1μs', '1000'],
    ['2ns', '2'],
    ['-2m', '-120000000000'],
    ['+3h', '10800000000000'],
    ['.5s', '500000000'],
    ['1.s', '1000000000'],
    ['1', null],
    ['', null],
    ['s', null],
    ['1x', null],
    ['1.2.3s', null],
    ['9223372036ns', '9223372036'],
    ['9223372036854775808ns', null],
    ['2562047h', '9223369200000000000'],
    ['2562048h', null],
    ['1.0000000000000000000001s', '1000000000'],
    ['0.1ns', '0'],
    ['1h1m1s1ms1us1ns', '3661001001001'],
    ['.s', null],
  ])('%j → %s ns', (text, nanoseconds) => {
    if (nanoseconds === null) {
      expect(() => parseGoDuration(text)).toThrow(DurationError);
    } else {
      expect(parseGoDuration(text)).toBe(Number(nanoseconds));
    }
  });

  it('says what is wrong, quoting the text', () => {
    expect(() => parseGoDuration('5 minutes')).toThrow('unknown unit " minutes" in duration "5 minutes"');
    expect(() => parseGoDuration('30')).toThrow('missing unit in duration "30"');
  });
});
