import { describe, expect, it } from 'vitest';
import { parseBridgeArgs, type BridgeCli, type BridgeCliOptions } from './cli';

const config = {
  BIND_HOST: '127.0.0.1',
  BRIDGE_UDP_PORT: 9125,
  BRIDGE_WEB_PORT: 9102,
  STATSD_MAPPING: 'config/statsd-mapping.yml',
};
const defaults: BridgeCliOptions = {
  host: '127.0.0.1',
  udpPort: 9125,
  tcpHost: '127.0.0.1',
  tcpPort: 9125,
  webHost: '127.0.0.1',
  webPort: 9102,
  mappingFile: 'config/statsd-mapping.yml',
  lifecycle: false,
};
const run = (options: Partial<BridgeCliOptions>): BridgeCli => ({
  kind: 'run',
  options: { ...defaults, ...options },
});

describe('parseBridgeArgs', () => {
  it.each<[string[], BridgeCli]>([
    [[], run({})],
    // TCP follows UDP unless told otherwise, as statsd_exporter's two defaults share one port.
    [['--udp-port', '8125'], run({ udpPort: 8125, tcpPort: 8125 })],
    [['--udp-port', '8125', '--tcp-port', '8126'], run({ udpPort: 8125, tcpPort: 8126 })],
    [['--tcp-port', 'off'], run({ tcpPort: null })],
    [['--tcp-port=0'], run({ tcpPort: 0 })],
    [['--web-port=0'], run({ webPort: 0 })],
    [
      ['--host', '0.0.0.0', '--mapping', 'other.yml'],
      run({ host: '0.0.0.0', tcpHost: '0.0.0.0', webHost: '0.0.0.0', mappingFile: 'other.yml' }),
    ],
    [['--web.enable-lifecycle'], run({ lifecycle: true })],
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseBridgeArgs(argv, config)).toEqual(expected);
  });

  it.each<[string[], BridgeCli]>([
    [
      [
        '--statsd.listen-udp=127.0.0.2:8125',
        '--statsd.listen-tcp=127.0.0.3:8126',
        '--web.listen-address=127.0.0.4:8080',
        '--statsd.mapping-config=m.yml',
        '--web.enable-lifecycle',
      ],
      run({
        host: '127.0.0.2',
        udpPort: 8125,
        tcpHost: '127.0.0.3',
        tcpPort: 8126,
        webHost: '127.0.0.4',
        webPort: 8080,
        mappingFile: 'm.yml',
        lifecycle: true,
      }),
    ],
    [
      ['--statsd.listen-udp', '127.0.0.2:8125'],
      run({ host: '127.0.0.2', udpPort: 8125, tcpHost: '127.0.0.2', tcpPort: 8125 }),
    ],
    [['--statsd.listen-tcp='], run({ tcpPort: null })],
    [['--statsd.listen-tcp', ''], run({ tcpPort: null })],
    // Go's address syntax: an empty host is every interface, IPv6 goes in brackets.
    [['--web.listen-address=:9102'], run({ webHost: '0.0.0.0' })],
    [['--statsd.listen-udp=[::1]:0'], run({ host: '::1', udpPort: 0, tcpHost: '::1', tcpPort: 0 })],
    [['--statsd.listen-tcp=localhost:9999'], run({ tcpHost: 'localhost', tcpPort: 9999 })],
    // --host is every listener's default; an address flag wins for its own listener.
    [
      ['--host', '127.0.0.5', '--web.listen-address=127.0.0.6:1'],
      run({ host: '127.0.0.5', tcpHost: '127.0.0.5', webHost: '127.0.0.6', webPort: 1 }),
    ],
  ])("statsd_exporter's spelling %j", (argv, expected) => {
    expect(parseBridgeArgs(argv, config)).toEqual(expected);
  });

  it.each([
    [['--udp-prot', '1'], /udp-prot/],
    [['extra'], /extra/],
    [['--udp-port', 'abc'], /^--udp-port: 'abc' is not a port number/],
    [['--web-port', '65536'], /^--web-port: '65536' is not a port number/],
    [['--web-port', '-1'], /web-port/],
    [['--udp-port'], /udp-port/],
    [['--tcp-port', 'on'], /^--tcp-port: 'on' is not a port number .*'off' turns TCP off/],
    [['--mapping', ''], /^--mapping: must not be empty/],
    [['--statsd.mapping-config='], /^--statsd\.mapping-config: must not be empty/],
    [['--host='], /^--host: must not be empty/],
    [['--statsd.listen-udp='], /^--statsd\.listen-udp: must not be empty/],
    [['--statsd.listen-udp=127.0.0.1'], /^--statsd\.listen-udp: '127\.0\.0\.1' is not host:port/],
    [['--statsd.listen-tcp=::1:9125'], /^--statsd\.listen-tcp: '::1:9125' is not host:port/],
    [['--web.listen-address=127.0.0.1:'], /^--web\.listen-address: '' is not a port number/],
    [['--web.listen-address=127.0.0.1:http'], /^--web\.listen-address: 'http' is not a port number/],
    [['--statsd.listen-udp=:70000'], /^--statsd\.listen-udp: '70000' is not a port number/],
    [['--web.enable-lifecycle=true'], /web\.enable-lifecycle/],
    [['--udp-port=1', '--statsd.listen-udp=:2'], /^--udp-port and --statsd\.listen-udp both set/],
    [['--tcp-port=off', '--statsd.listen-tcp='], /^--tcp-port and --statsd\.listen-tcp both set/],
    [['--web-port=1', '--web.listen-address=:2'], /^--web-port and --web\.listen-address both set/],
    [['--mapping=a', '--statsd.mapping-config=b'], /^--mapping and --statsd\.mapping-config both set/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseBridgeArgs(argv, config)).toThrow(message);
  });
});
