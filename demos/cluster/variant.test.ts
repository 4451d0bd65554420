import { describe, expect, it } from 'vitest';
import { UsageError, hasRegistry, parseVariant, sendsStatsd } from './variant';

describe('parseVariant', () => {
  it.each([
    { args: ['--variant', 'direct'], expected: 'direct' },
    { args: ['--variant=statsd'], expected: 'statsd' },
    { args: ['--verbose', '--variant', 'statsd'], expected: 'statsd' },
    { args: ['--variant', 'none'], expected: 'none' },
    { args: ['--variant=both'], expected: 'both' },
  ])('reads $args as $expected', ({ args, expected }) => {
    expect(parseVariant(args)).toBe(expected);
  });

  it.each([
    { args: [], message: '--variant is required' },
    { args: ['--variant'], message: '--variant needs a value: both, direct, statsd or none' },
    { args: ['--variant='], message: '--variant needs a value: both, direct, statsd or none' },
    {
      args: ['--variant', 'gunicorn'],
      message: '--variant: unknown value "gunicorn", expected both, direct, statsd or none',
    },
  ])('rejects $args', ({ args, message }) => {
    expect(() => parseVariant(args)).toThrow(new UsageError(message));
  });
});

describe('what each variant runs', () => {
  it.each([
    { variant: 'both', registry: true, statsd: true },
    { variant: 'direct', registry: true, statsd: false },
    { variant: 'statsd', registry: false, statsd: true },
    { variant: 'none', registry: false, statsd: false },
  ] as const)('$variant: registry $registry, StatsD $statsd', ({ variant, registry, statsd }) => {
    expect(hasRegistry(variant)).toBe(registry);
    expect(sendsStatsd(variant)).toBe(statsd);
  });
});
