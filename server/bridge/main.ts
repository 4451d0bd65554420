import { ConfigError, loadConfig, type Config } from '../config/env';
import { controlToken } from '../http/control-token';
import { serverPolicy } from '../http/policy';
import { exitWhenSupervisorLost } from '../supervisor/link';
import { startBridge, type Bridge } from './bridge';
import { CliError, USAGE, parseBridgeArgs } from './cli';
import { MappingConfigError } from './mapper';

/**
 * `npm run bridge`: the built-in statsd_exporter stand-in. Exit codes: 0 after /-/quit or a signal,
 * 2 for bad arguments, environment or mapping file, 1 when a port cannot be bound.
 */

async function main(): Promise<void> {
  let cli;
  let config: Config;
  try {
    config = loadConfig();
    cli = parseBridgeArgs(process.argv.slice(2), config);
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError) {
      console.error(`bridge: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (cli.kind === 'help') {
    console.log(USAGE);
    return;
  }

  let bridge: Bridge;
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`bridge: stopping (${why})`);
    void bridge.close().then(() => process.exit(0));
  };
  const { token, generated } = controlToken({ ...config, BIND_HOST: cli.options.host });
  if (generated) console.log(`bridge: control token (send as "Authorization: Bearer …"): ${token}`);
  try {
    bridge = await startBridge({
      ...cli.options,
      onQuit: () => stop('POST /-/quit'),
      policy: serverPolicy(config, { ownHost: config.BRIDGE_HOST, token }),
    });
  } catch (err) {
    console.error(`bridge: ${(err as Error).message}`);
    process.exit(err instanceof MappingConfigError ? 2 : 1);
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  exitWhenSupervisorLost(config, () => bridge.close());
  console.log(
    `bridge: StatsD on udp://${bridge.host}:${bridge.udpPort}, metrics on http://${bridge.host}:${bridge.webPort}/metrics, ` +
      `mapping ${bridge.mappingFile} (${bridge.mappingCount} mappings), pid ${process.pid}`,
  );
}

void main();
