import { describe, expect, it } from 'vitest';
import { FlagError, parseExperimentFlags } from './flags';

describe('parseExperimentFlags', () => {
  it.each([
    {
      argv: [],
      want: { workers: 4, rate: 200, duration: 10, interval: 1, connection: 'close', json: false },
    },
    {
      argv: ['--workers', '2', '--rate', '50', '--duration', '5', '--json', '--connection', 'keepalive'],
      want: { workers: 2, rate: 50, duration: 5, interval: 1, connection: 'keepalive', json: true },
    },
    {
      argv: ['--json', '--interval', '0.5'],
      want: { workers: 4, rate: 200, duration: 10, interval: 0.5, connection: 'close', json: true },
    },
    {
      argv: ['--routes', 'direct, shared-mode,'],
      want: {
        workers: 4,
        rate: 200,
        duration: 10,
        interval: 1,
        connection: 'close',
        json: false,
        routes: ['direct', 'shared-mode'],
      },
    },
  ])('$argv', ({ argv, want }) => {
    expect(parseExperimentFlags(argv)).toEqual(want);
  });

  it.each([
    { argv: ['--workers', '0'], error: /^--workers: / },
    { argv: ['--workers', 'four'], error: /^--workers: / },
    { argv: ['--rate', '9000'], error: /^--rate: / },
    { argv: ['--duration'], error: /^--duration: needs a value/ },
    { argv: ['--duration', '--json'], error: /^--duration: needs a value/ },
    { argv: ['--speed', '3'], error: /^unknown flag --speed/ },
    { argv: ['--connection', 'sometimes'], error: /^--connection: / },
    { argv: ['fast'], error: /^unexpected argument "fast"/ },
  ])('rejects $argv', ({ argv, error }) => {
    expect(() => parseExperimentFlags(argv)).toThrow(FlagError);
    expect(() => parseExperimentFlags(argv)).toThrow(error);
  });
});
