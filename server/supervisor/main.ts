import { childEnvironment, ConfigError, loadConfig, type Config } from '../config/env';
import { prepareStack } from './stack';
import type { Supervisor } from './supervisor';

/** `npm start` (production page) and `npm run dev` (next dev): every Scrape Lab process under one supervisor. */
const USAGE = 'usage: npm start [-- --dev] [-- --no-web]';

function parseFlags(argv: string[]): { dev: boolean; web: boolean } {
  const flags = { dev: false, web: true };
  for (const arg of argv) {
    if (arg === '--dev') flags.dev = true;
    else if (arg === '--no-web') flags.web = false;
    else {
      console.error(`supervisor: unknown flag "${arg}"\n${USAGE}`);
      process.exit(2);
    }
  }
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`supervisor: ${err.message}\nSee .env.example for every variable and its default.`);
      process.exit(2);
    }
    throw err;
  }

  let supervisor: Supervisor | null = null;
  let stopping = false;
  const shutdown = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`supervisor | ${why}: stopping every process`);
    await supervisor?.stop();
    console.log('supervisor | all stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    supervisor = await prepareStack({
      config,
      env: childEnvironment(),
      dev: flags.dev,
      web: flags.web,
      log: (l) => console.log(l),
    });
  } catch (err) {
    console.error(`supervisor | cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  try {
    await supervisor.start();
  } catch (err) {
    // A Ctrl-C while starting is already being handled by shutdown().
    if (stopping) return;
    console.error(`supervisor | cannot start: ${(err as Error).message}`);
    await shutdown('a process did not start', 1);
    return;
  }
  const host = config.BIND_HOST === '0.0.0.0' ? 'localhost' : config.BIND_HOST;
  console.log(`supervisor | Scrape Lab is ready${flags.web ? `: http://${host}:${config.WEB_PORT}` : ''}`);
  const failure = await supervisor.failed;
  console.error(`supervisor | ${failure.message}`);
  await shutdown('a process could not be started', 1);
}

void main();
