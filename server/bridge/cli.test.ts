import { describe, expect, it } from 'vitest';
import { parseBridgeArgs, type BridgeCli } from './cli';

const config = {
  BIND_HOST: '127.0.0.1',
  BRIDGE_UDP_PORT: 9125,
  BRIDGE_WEB_PORT: 9102,
  STATSD_MAPPING: 'config/statsd-mapping.yml',
};
const defaults = {
  host: '127.0.0.1',
  udpPort: 9125,
  webPort: 9102,
  mappingFile: 'config/statsd-mapping.yml',
  lifecycle: false,
};

describe('parseBridgeArgs', () => {
  it.each<[string[], BridgeCli]>([
    [[], { kind: 'run', options: defaults }],
    [['--udp-port', '8125'], { kind: 'run', options: { ...defaults, udpPort: 8125 } }],
    [['--web-port=0'], { kind: 'run', options: { ...defaults, webPort: 0 } }],
    [
      ['--host', '0.0.0.0', '--mapping', 'other.yml'],
      { kind: 'run', options: { ...defaults, host: '0.0.0.0', mappingFile: 'other.yml' } },
    ],
    [['--web.enable-lifecycle'], { kind: 'run', options: { ...defaults, lifecycle: true } }],
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseBridgeArgs(argv, config)).toEqual(expected);
  });

  it.each([
    [['--udp-prot', '1'], /udp-prot/],
    [['extra'], /extra/],
    [['--udp-port', 'abc'], /^--udp-port: 'abc' is not a port number/],
    [['--web-port', '65536'], /^--web-port: '65536' is not a port number/],
    [['--web-port', '-1'], /web-port/],
    [['--udp-port'], /udp-port/],
    [['--mapping', ''], /^--mapping: must not be empty/],
    [['--host='], /^--host: must not be empty/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseBridgeArgs(argv, config)).toThrow(message);
  });
});
