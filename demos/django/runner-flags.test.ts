import { describe, expect, it } from 'vitest';
import { parseRunnerArgs, UsageError } from './runner-flags';

const CONFIG = { WORKERS: 4, BRIDGE_HOST: '127.0.0.1', BRIDGE_UDP_PORT: 9125 };
const parse = (...argv: string[]) => parseRunnerArgs(argv, CONFIG, '/tmp');

describe('parseRunnerArgs', () => {
  it.each([
    {
      argv: ['--mode', 'direct'],
      want: {
        mode: 'direct',
        port: 8084,
        adminPort: 8094,
        workers: 4,
        python: null,
        maxRequests: 0,
        multiprocDir: null,
        bridge: null,
      },
    },
    {
      argv: ['--mode=multiprocess', '--port', '33001', '--max-requests', '50', '--workers', '2'],
      want: {
        mode: 'multiprocess',
        port: 33001,
        adminPort: 8095,
        workers: 2,
        maxRequests: 50,
        multiprocDir: '/tmp/scrape-lab-django-33001',
        bridge: null,
      },
    },
    {
      argv: ['--mode', 'multiprocess', '--multiproc-dir', '/dev/shm/mp'],
      want: { multiprocDir: '/dev/shm/mp' },
    },
    {
      argv: ['--mode', 'statsd', '--bridge-port', '33125', '--python', '/v/bin/python'],
      want: {
        port: 8086,
        adminPort: 8096,
        python: '/v/bin/python',
        bridge: { host: '127.0.0.1', port: 33125 },
      },
    },
  ])('reads $argv', ({ argv, want }) => {
    expect(parse(...argv)).toEqual({ kind: 'run', options: expect.objectContaining(want) });
  });

  it('answers --help', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
  });

  it.each([
    { argv: [], message: '--mode is required: direct, multiprocess or statsd' },
    {
      argv: ['--mode', 'shared'],
      message: '--mode: unknown mode "shared", expected direct, multiprocess or statsd',
    },
    {
      argv: ['--mode', 'direct', '--port', '0'],
      message: '--port: must be a whole number from 1 to 65535, got "0"',
    },
    {
      argv: ['--mode', 'direct', '--workers', '17'],
      message: '--workers: must be a whole number from 1 to 16, got "17"',
    },
    {
      argv: ['--mode', 'direct', '--max-requests', '1.5'],
      message: '--max-requests: must be a whole number from 0 to 1000000, got "1.5"',
    },
    {
      argv: ['--mode', 'direct', '--multiproc-dir', '/tmp/x'],
      message: '--multiproc-dir: only for --mode multiprocess',
    },
    {
      argv: ['--mode', 'multiprocess', '--bridge-port', '1'],
      message: '--bridge-port: only for --mode statsd',
    },
    {
      argv: ['--mode', 'direct', '--port', '9000', '--admin-port', '9000'],
      message: "--admin-port: 9000 is the app's --port too",
    },
    { argv: ['--mode', 'statsd', '--bridge-host', ''], message: '--bridge-host: must not be empty' },
  ])('rejects $argv', ({ argv, message }) => {
    expect(() => parse(...argv)).toThrow(new UsageError(message));
  });

  it('rejects an unknown flag, naming it', () => {
    expect(() => parse('--mode', 'direct', '--threads', '2')).toThrow(/--threads/);
  });
});
