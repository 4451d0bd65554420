import { once } from 'node:events';
import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now, picked by the kernel. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}
