import { ConfigError, loadConfig, type Config } from '../config/env';
import { controlToken } from '../http/control-token';
import { serverPolicy } from '../http/policy';
import { exitWhenSupervisorLost } from '../supervisor/link';
import { startBridge, type Bridge } from './bridge';
import { CliError, USAGE, parseBridgeArgs } from './cli';
import { MappingConfigError } from './mapper';

/**
 * `npm run bridge`: the built-in statsd_exporter stand-in. Exit codes: 0 after /-/quit or a signal,
 * 2 for bad arguments, environment or mapping file, 1 when a port cannot be bound. SIGHUP re-reads the
 * mapping file, keeping the one in force when the new one is bad.
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

  let bridge: Bridge | null = null;
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`bridge: stopping (${why})`);
    void (bridge?.close() ?? Promise.resolve()).then(() => process.exit(0));
  };
  // Installed before the sockets are bound: SIGHUP's default action would end the process. One that
  // arrives while the mapping file is first read is answered with a reload once the bridge is up.
  let reloadWhenStarted = false;
  process.on('SIGHUP', () => {
    console.log('bridge: SIGHUP, re-reading the mapping file');
    if (bridge) void bridge.reload();
    else reloadWhenStarted = true;
  });
  const { token, generated } = controlToken({ ...config, BIND_HOST: cli.options.webHost });
  if (generated) console.log(`bridge: control token (send as "Authorization: Bearer …"): ${token}`);
  try {
    bridge = await startBridge({
      ...cli.options,
      onQuit: () => stop('POST /-/quit'),
      policy: serverPolicy(
        { ...config, BIND_HOST: cli.options.webHost },
        { ownHost: config.BRIDGE_HOST, token },
      ),
    });
  } catch (err) {
    console.error(`bridge: ${(err as Error).message}`);
    process.exit(err instanceof MappingConfigError ? 2 : 1);
  }
  const started = bridge;
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  exitWhenSupervisorLost(config, () => started.close());
  const tcp = started.tcpPort === null ? 'no TCP' : `tcp://${started.tcpHost}:${started.tcpPort}`;
  console.log(
    `bridge: StatsD on udp://${started.host}:${started.udpPort} and ${tcp}, ` +
      `metrics on http://${started.webHost}:${started.webPort}/metrics, ` +
      `mapping ${started.mappingFile} (${started.mappingCount} mappings), ` +
      `UDP receive buffer ${Math.round(started.recvBufferBytes / 1024)} KiB granted, pid ${process.pid}`,
  );
  if (reloadWhenStarted) void started.reload();
}

void main();
