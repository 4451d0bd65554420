import { loadConfig } from '../config/env';
import { createLabServer } from './http';
import { Lab } from './lab';

/** The lab process: load generator, scraper, truth ledgers, control API and snapshot stream. */
const config = loadConfig();
const lab = new Lab(config);
const server = createLabServer(lab);

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

const shutdown = () => {
  lab.stop();
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
