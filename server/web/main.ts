import { parseArgs } from 'node:util';
import next from 'next';
import { loadConfig } from '../config/env';
import { controlToken } from '../http/control-token';
import { serverPolicy } from '../http/policy';
import { exitWhenSupervisorLost } from '../supervisor/link';
import { labOrigin } from './lab-proxy';
import { createWebServer } from './web-server';

/**
 * The web page: Next.js behind the request guard, with the lab proxy beside it.
 * `--port`, `--hostname` and `--dev` (next dev) are set by the supervisor (and by compose).
 */
const { values } = parseArgs({
  options: { port: { type: 'string' }, hostname: { type: 'string' }, dev: { type: 'boolean' } },
});
const config = loadConfig();
const port = values.port === undefined ? config.WEB_PORT : Number(values.port);
const hostname = values.hostname ?? config.BIND_HOST;
const dev = values.dev ?? false;
const log = (line: string): void => console.error(line);

const { token } = controlToken(config);
const app = next({ dev, dir: process.cwd(), hostname, port });

async function main(): Promise<void> {
  await app.prepare();
  const server = createWebServer({
    policy: serverPolicy({ ...config, BIND_HOST: hostname }, { token }),
    lab: { labOrigin: labOrigin(config), timeoutMs: 10_000, token, log },
    pages: app.getRequestHandler(),
    upgrades: dev ? app.getUpgradeHandler() : undefined,
    log,
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? ` (port ${port} is taken; set WEB_PORT to change it)` : '';
    console.error(`web: cannot listen: ${err.message}${hint}`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    const shown = hostname === '0.0.0.0' ? 'localhost' : hostname;
    console.log(`web: page on http://${shown}:${port}`);
    // The controls need the token beyond loopback: this URL hands it to the browser once, as a cookie.
    if (token) console.log(`web: controls need the token; open http://${shown}:${port}/?token=${token}`);
  });
  const shutdown = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  process.on('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
  exitWhenSupervisorLost(config, shutdown);
}

main().catch((err: unknown) => {
  console.error(`web: cannot start: ${(err as Error).message}`);
  process.exit(1);
});
