import { once } from 'node:events';
import net from 'node:net';

// Below Linux's ephemeral range (32768+), where a client's source port can take a picked port before the
// test binds it (or binds base + slot), and below the fixed ranges the stack tests use (18000+).
const LOW = 10_000;
const HIGH = 17_800;

/** A TCP port on 127.0.0.1 that nothing listens on right now, with 100 more after it for worker slots. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found in ${LOW}-${HIGH} after 50 tries`);
}

/**
 * The first port of `size` consecutive TCP ports on 127.0.0.1 that nothing listens on now: a whole stack's
 * ports (and its workers' slots) in one block, so that no two of them are picked alike.
 */
export async function freePortBlock(size: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const base = LOW + Math.floor(Math.random() * (HIGH - LOW - size));
    const free = await Promise.all(Array.from({ length: size }, (_, i) => canListen(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${size} free consecutive ports found in ${LOW}-${HIGH} after 20 tries`);
}

async function canListen(port: number): Promise<boolean> {
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch {
    return false;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return true;
}
