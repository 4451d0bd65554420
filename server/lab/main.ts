import { loadConfig } from '../config/env';
import { controlToken } from '../http/control-token';
import { serverPolicy } from '../http/policy';
import { exitWhenSupervisorLost, supervisorLink } from '../supervisor/link';
import { createLabServer } from './http';
import { Lab } from './lab';

/** The lab process: load generator, scraper, truth ledgers, control API and snapshot stream. */
startLab();

function startLab(): void {
  const config = loadConfig();
  const log = (line: string): void => console.error(line);
  const { token, generated } = controlToken(config);
  if (generated) console.log(`lab: control token (send as "Authorization: Bearer …"): ${token}`);
  const lab = new Lab(config, { token, supervisor: supervisorLink(config), log });
  const server = createLabServer(lab, {
    policy: serverPolicy(config, { ownHost: config.LAB_HOST, token }),
    log,
  });

  server.on('error', (err: NodeJS.ErrnoException) => {
    const hint =
      err.code === 'EADDRINUSE' ? ` (port ${config.LAB_PORT} is taken; set LAB_PORT to change it)` : '';
    console.error(`lab: cannot listen: ${err.message}${hint}`);
    process.exit(1);
  });

  server.listen(config.LAB_PORT, config.BIND_HOST, () => {
    console.log(`lab: API and stream on http://${config.BIND_HOST}:${config.LAB_PORT}`);
    lab.start().then(
      () => console.log('lab: started from zero; load and scrapes running'),
      (err: unknown) => {
        console.error(`lab: cannot start: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  });

  const shutdown = (): Promise<void> =>
    new Promise((resolve) => {
      lab.stop();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  process.on('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
  exitWhenSupervisorLost(config, shutdown);
}
