import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/env';
import { UsageError, parseVariant, portsFor } from './variant';

describe('parseVariant', () => {
  it.each([
    { args: ['--variant', 'direct'], expected: 'direct' },
    { args: ['--variant=statsd'], expected: 'statsd' },
    { args: ['--verbose', '--variant', 'statsd'], expected: 'statsd' },
    { args: ['--variant', 'none'], expected: 'none' },
  ])('reads $args as $expected', ({ args, expected }) => {
    expect(parseVariant(args)).toBe(expected);
  });

  it.each([
    { args: [], message: '--variant is required' },
    { args: ['--variant'], message: '--variant needs a value: direct, statsd or none' },
    { args: ['--variant='], message: '--variant needs a value: direct, statsd or none' },
    {
      args: ['--variant', 'gunicorn'],
      message: '--variant: unknown value "gunicorn", expected direct, statsd or none',
    },
  ])('rejects $args', ({ args, message }) => {
    expect(() => parseVariant(args)).toThrow(new UsageError(message));
  });
});

describe('portsFor', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    DIRECT_PORT: '1001',
    DIRECT_ADMIN_PORT: '1002',
    STATSD_APP_PORT: '1003',
    STATSD_APP_ADMIN_PORT: '1004',
  });
  it.each([
    { variant: 'direct', appPort: 1001, adminPort: 1002, appPortVariable: 'DIRECT_PORT' },
    { variant: 'statsd', appPort: 1003, adminPort: 1004, appPortVariable: 'STATSD_APP_PORT' },
    { variant: 'none', appPort: 1001, adminPort: 1002, appPortVariable: 'DIRECT_PORT' },
  ] as const)(
    'gives the $variant variant ports $appPort and $adminPort',
    ({ variant, appPort, adminPort, appPortVariable }) => {
      expect(portsFor(variant, config)).toMatchObject({ appPort, adminPort, appPortVariable });
    },
  );
});
