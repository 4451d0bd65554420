import { describe, expect, it } from 'vitest';
import { CliArgsError, DOCTOR_HELP, parseDoctorArgs } from './cli-args';

const defaults = {
  url: 'http://127.0.0.1:8000/metrics',
  load: null,
  rate: 20,
  durationSeconds: 30,
  intervalSeconds: 1,
  timeoutSeconds: null,
  json: false,
};

describe('parseDoctorArgs', () => {
  it.each([
    { argv: ['http://127.0.0.1:8000/metrics'], want: defaults },
    {
      argv: [
        'http://127.0.0.1:8000/metrics',
        '--load',
        'http://127.0.0.1:8000/',
        '--rate',
        '50',
        '--duration=8',
        '--interval',
        '0.5',
        '--timeout',
        '2',
        '--json',
      ],
      want: {
        ...defaults,
        load: 'http://127.0.0.1:8000/',
        rate: 50,
        durationSeconds: 8,
        intervalSeconds: 0.5,
        timeoutSeconds: 2,
        json: true,
      },
    },
    {
      argv: ['--json', 'https://metrics.example/metrics', '--interval', '0.1', '--duration', '0.2'],
      want: {
        ...defaults,
        url: 'https://metrics.example/metrics',
        intervalSeconds: 0.1,
        durationSeconds: 0.2,
        json: true,
      },
    },
  ])('$argv', ({ argv, want }) => {
    expect(parseDoctorArgs(argv)).toEqual({ kind: 'run', options: want });
  });

  it.each([['--help'], ['-h'], ['http://127.0.0.1/metrics', '--help']])('%s asks for help', (...argv) => {
    expect(parseDoctorArgs(argv)).toEqual({ kind: 'help' });
  });

  const url = 'http://127.0.0.1:8000/metrics';
  it.each([
    { argv: [], error: /^a metrics URL is needed/ },
    { argv: [url, url], error: /^one metrics URL only/ },
    {
      argv: ['ftp://127.0.0.1/metrics'],
      error: /^the metrics URL: only http:\/\/ and https:\/\/ URLs \(got ftp:\/\/\)/,
    },
    {
      argv: ['localhost:8000/metrics'],
      error:
        /^the metrics URL: "localhost:8000\/metrics" needs http:\/\/ or https:\/\/ in front \(e.g. http:\/\/localhost/,
    },
    { argv: ['http://exa mple/'], error: /^the metrics URL: "http:\/\/exa mple\/" is not a URL/ },
    { argv: [url, '--load', 'file:///etc/passwd'], error: /^--load: only http/ },
    { argv: [url, '--rate', '10'], error: /^--rate: needs --load/ },
    {
      argv: [url, '--load', url, '--rate', '0'],
      error: /^--rate: must be a number above 0 and at most 5000 \(got 0\)/,
    },
    {
      argv: [url, '--load', url, '--rate', '5001'],
      error: /^--rate: must be a number above 0 and at most 5000/,
    },
    { argv: [url, '--load', url, '--rate', 'fast'], error: /^--rate: must be a number .* \(got "fast"\)/ },
    { argv: [url, '--duration', '601'], error: /^--duration: must be a number above 0 and at most 600/ },
    { argv: [url, '--interval', '0.05'], error: /^--interval: must be a number at least 0.1 and at most 60/ },
    {
      argv: [url, '--duration', '1', '--interval', '1'],
      error: /^--duration: must be at least twice --interval/,
    },
    { argv: [url, '--timeout', '-1'], error: /^--timeout: must be a number above 0/ },
    { argv: [url, '--duration'], error: /^--duration: needs a value/ },
    { argv: [url, '--duration', '--json'], error: /^--duration: needs a value/ },
    { argv: [url, '--duration', '5', '--duration', '6'], error: /^--duration: given twice/ },
    { argv: [url, '--json=yes'], error: /^--json: takes no value/ },
    { argv: [url, '--speed', '3'], error: /^unknown flag --speed/ },
  ])('rejects $argv', ({ argv, error }) => {
    expect(() => parseDoctorArgs(argv)).toThrow(CliArgsError);
    expect(() => parseDoctorArgs(argv)).toThrow(error);
  });

  it('says in its help that pinned exits 1 like braided', () => {
    expect(DOCTOR_HELP).toMatch(
      /1 {2}braided across N responders, or pinned to one responder \(keep-alive\): pinned is a problem too/,
    );
  });
});
