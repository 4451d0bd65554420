import dgram from 'node:dgram';
import net from 'node:net';

export interface PortClaim {
  port: number;
  protocol: 'tcp' | 'udp';
  /** The variable that sets this port, named in the error so the user knows what to change. */
  variable: string;
  purpose: string;
}

/** Resolves to null when the port can be bound on `host`, or to the bind error's code. */
export function probePort(host: string, claim: PortClaim): Promise<string | null> {
  return new Promise((resolve) => {
    if (claim.protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', (err: NodeJS.ErrnoException) => {
        socket.close();
        resolve(err.code ?? err.message);
      });
      socket.bind(claim.port, host, () => socket.close(() => resolve(null)));
      return;
    }
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen(claim.port, host, () => server.close(() => resolve(null)));
  });
}

/** One message per port two claims share: the configuration itself collides, whatever else runs. */
export function findSharedPorts(claims: readonly PortClaim[]): string[] {
  const first = new Map<string, PortClaim>();
  const problems: string[] = [];
  for (const c of claims) {
    const key = `${c.protocol}/${c.port}`;
    const earlier = first.get(key);
    if (earlier) {
      problems.push(
        `${c.protocol.toUpperCase()} port ${c.port} is both ${earlier.purpose} (${earlier.variable}) and ${c.purpose} (${c.variable}); set one of them to another port.`,
      );
    } else {
      first.set(key, c);
    }
  }
  return problems;
}

/** One message per port that cannot be bound, naming the port and the variable that changes it. */
export async function findTakenPorts(host: string, claims: PortClaim[]): Promise<string[]> {
  const results = await Promise.all(claims.map((c) => probePort(host, c)));
  return claims.flatMap((c, i) => {
    const code = results[i];
    if (code === null || code === undefined) return [];
    const why = code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${code})`;
    return [
      `${c.protocol.toUpperCase()} port ${c.port} (${c.purpose}) ${why} on ${host}; stop what holds it or set ${c.variable} to another port.`,
    ];
  });
}
