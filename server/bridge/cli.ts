import { parseArgs } from 'node:util';
import type { Config } from '../config/env';

/** Command-line arguments of `npm run bridge`, over defaults from the environment. Pure. */

export const USAGE =
  'usage: npm run bridge -- [--host <address>] [--udp-port <port>] [--web-port <port>] [--mapping <file>]\n' +
  '                         [--web.enable-lifecycle]\n' +
  '  defaults: BIND_HOST, BRIDGE_UDP_PORT, BRIDGE_WEB_PORT, STATSD_MAPPING; POST /-/quit only with the flag';

export interface BridgeCliOptions {
  host: string;
  udpPort: number;
  webPort: number;
  mappingFile: string;
  /** Serve POST /-/quit, as statsd_exporter does with the same flag. */
  lifecycle: boolean;
}

export type BridgeCli = { kind: 'run'; options: BridgeCliOptions } | { kind: 'help' };

export class CliError extends Error {
  override name = 'CliError';
}

export function parseBridgeArgs(
  argv: string[],
  config: Pick<Config, 'BIND_HOST' | 'BRIDGE_UDP_PORT' | 'BRIDGE_WEB_PORT' | 'STATSD_MAPPING'>,
): BridgeCli {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        'udp-port': { type: 'string' },
        'web-port': { type: 'string' },
        mapping: { type: 'string' },
        'web.enable-lifecycle': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.host === '') throw new CliError('--host: must not be empty');
  if (values.mapping === '') throw new CliError('--mapping: must not be empty');
  return {
    kind: 'run',
    options: {
      host: values.host ?? config.BIND_HOST,
      udpPort:
        values['udp-port'] === undefined ? config.BRIDGE_UDP_PORT : port('--udp-port', values['udp-port']),
      webPort:
        values['web-port'] === undefined ? config.BRIDGE_WEB_PORT : port('--web-port', values['web-port']),
      mappingFile: values.mapping ?? config.STATSD_MAPPING,
      lifecycle: values['web.enable-lifecycle'] ?? false,
    },
  };
}

function port(flag: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 65535)) {
    throw new CliError(`${flag}: '${text}' is not a port number (0-65535; 0 picks a free port)`);
  }
  return value;
}
