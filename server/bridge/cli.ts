import { parseArgs } from 'node:util';
import type { Config } from '../config/env';

/**
 * Command-line arguments of `npm run bridge`, over defaults from the environment. statsd_exporter's own
 * flag spellings are taken too, so either binary runs from the same command line. Pure.
 */

export const USAGE =
  'usage: npm run bridge -- [--host <address>] [--udp-port <port>] [--tcp-port <port>|off] [--web-port <port>]\n' +
  '                         [--mapping <file>] [--web.enable-lifecycle]\n' +
  "  statsd_exporter's spellings work too: --statsd.listen-udp=<host:port> --statsd.listen-tcp=<host:port>\n" +
  "  (empty: no TCP) --web.listen-address=<host:port> --statsd.mapping-config=<file>; ':port' is every interface\n" +
  '  defaults: BIND_HOST, BRIDGE_UDP_PORT, BRIDGE_WEB_PORT, STATSD_MAPPING; TCP listens where UDP does\n' +
  '  SIGHUP re-reads the mapping file; --web.enable-lifecycle also serves POST|PUT /-/reload and /-/quit';

export interface BridgeCliOptions {
  /** Where StatsD UDP listens. */
  host: string;
  udpPort: number;
  tcpHost: string;
  /** null: no TCP listener. */
  tcpPort: number | null;
  webHost: string;
  webPort: number;
  mappingFile: string;
  /** Serve /-/reload and /-/quit, as statsd_exporter does with the same flag. */
  lifecycle: boolean;
}

export type BridgeCli = { kind: 'run'; options: BridgeCliOptions } | { kind: 'help' };

export class CliError extends Error {
  override name = 'CliError';
}

interface Address {
  host: string;
  port: number;
}

const OPTIONS = {
  host: { type: 'string' },
  'udp-port': { type: 'string' },
  'tcp-port': { type: 'string' },
  'web-port': { type: 'string' },
  mapping: { type: 'string' },
  'statsd.listen-udp': { type: 'string' },
  'statsd.listen-tcp': { type: 'string' },
  'web.listen-address': { type: 'string' },
  'statsd.mapping-config': { type: 'string' },
  'web.enable-lifecycle': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The bridge's own flag and statsd_exporter's for the same setting: at most one of each pair. */
const SPELLINGS: ReadonlyArray<[keyof typeof OPTIONS, keyof typeof OPTIONS, string]> = [
  ['udp-port', 'statsd.listen-udp', 'the StatsD UDP address'],
  ['tcp-port', 'statsd.listen-tcp', 'the StatsD TCP address'],
  ['web-port', 'web.listen-address', 'the web address'],
  ['mapping', 'statsd.mapping-config', 'the mapping file'],
];

export function parseBridgeArgs(
  argv: string[],
  config: Pick<Config, 'BIND_HOST' | 'BRIDGE_UDP_PORT' | 'BRIDGE_WEB_PORT' | 'STATSD_MAPPING'>,
): BridgeCli {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.help) return { kind: 'help' };
  for (const [own, exporters, what] of SPELLINGS) {
    if (values[own] !== undefined && values[exporters] !== undefined) {
      throw new CliError(`--${own} and --${exporters} both set ${what}; give one of them`);
    }
  }
  if (values.host === '') throw new CliError('--host: must not be empty');
  if (values['statsd.listen-udp'] === '') {
    throw new CliError('--statsd.listen-udp: must not be empty; the bridge always listens for StatsD on UDP');
  }
  const host = values.host ?? config.BIND_HOST;

  const udp = flagAddress('--statsd.listen-udp', values['statsd.listen-udp']) ?? {
    host,
    port: flagPort('--udp-port', values['udp-port']) ?? config.BRIDGE_UDP_PORT,
  };
  const web = flagAddress('--web.listen-address', values['web.listen-address']) ?? {
    host,
    port: flagPort('--web-port', values['web-port']) ?? config.BRIDGE_WEB_PORT,
  };
  const tcp = tcpAddress(values['statsd.listen-tcp'], values['tcp-port'], udp);
  const mappingFile = values.mapping ?? values['statsd.mapping-config'] ?? config.STATSD_MAPPING;
  if (mappingFile === '') {
    const flag = values.mapping === undefined ? '--statsd.mapping-config' : '--mapping';
    throw new CliError(`${flag}: must not be empty`);
  }
  return {
    kind: 'run',
    options: {
      host: udp.host,
      udpPort: udp.port,
      tcpHost: tcp?.host ?? udp.host,
      tcpPort: tcp?.port ?? null,
      webHost: web.host,
      webPort: web.port,
      mappingFile,
      lifecycle: values['web.enable-lifecycle'] ?? false,
    },
  };
}

/** TCP listens where UDP does unless a flag says otherwise; null when a flag turns it off. */
function tcpAddress(
  listenTcp: string | undefined,
  tcpPort: string | undefined,
  udp: Address,
): Address | null {
  if (listenTcp === '' || tcpPort === 'off') return null;
  return (
    flagAddress('--statsd.listen-tcp', listenTcp) ?? {
      host: udp.host,
      port: flagPort('--tcp-port', tcpPort, "0 picks a free port, 'off' turns TCP off") ?? udp.port,
    }
  );
}

/**
 * A `host:port` value as statsd_exporter reads one (Go's net.SplitHostPort): IPv6 in brackets, and an
 * empty host for every interface.
 */
function flagAddress(flag: string, text: string | undefined): Address | null {
  if (text === undefined) return null;
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(text);
  if (!match) {
    throw new CliError(
      `${flag}: '${text}' is not host:port (like 127.0.0.1:9125, or :9125 for every interface)`,
    );
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port: port(flag, match[3] ?? '') };
}

function flagPort(flag: string, text: string | undefined, hint?: string): number | null {
  return text === undefined ? null : port(flag, text, hint);
}

function port(flag: string, text: string, hint = '0 picks a free port'): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 65535))
    throw new CliError(`${flag}: '${text}' is not a port number (0-65535; ${hint})`);
  return value;
}
