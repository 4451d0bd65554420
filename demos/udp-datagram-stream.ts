import dgram from 'node:dgram';
import net from 'node:net';
import { Writable } from 'node:stream';
import { isLoopback } from '../server/http/request-guard';

export interface UdpDatagramStreamOptions {
  host: string;
  port: number;
}

/**
 * A Writable that sends each write as one UDP datagram, for hot-shots' `stream` protocol. hot-shots'
 * own UDP socket binds every interface on first send; this one binds the loopback address when the
 * bridge is on loopback, so nothing beyond this machine can reach the demo's socket.
 * Writes complete at once, as hot-shots' UDP sends do; a failed send is emitted as 'error'.
 */
export function createUdpDatagramStream({ host, port }: UdpDatagramStreamOptions): Writable {
  const v6 = net.isIPv6(host.replace(/^\[(.*)\]$/, '$1'));
  const socket = dgram.createSocket(v6 ? 'udp6' : 'udp4');
  socket.unref();
  const bound = new Promise<void>((resolve) => {
    if (!isLoopback(host)) return resolve();
    socket.bind({ address: v6 ? '::1' : '127.0.0.1', port: 0 }, () => resolve());
  });
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // hot-shots' stream transport ends every write with a newline; a datagram needs none.
      const end = chunk.at(-1) === 0x0a ? chunk.length - 1 : chunk.length;
      const datagram = chunk.subarray(0, end);
      void bound.then(() =>
        socket.send(datagram, port, host, (err) => {
          if (err) stream.emit('error', err);
        }),
      );
      done();
    },
    destroy(err, done) {
      void bound.then(() => {
        try {
          socket.close();
        } catch {
          // Already closed.
        }
        done(err);
      });
    },
  });
  socket.on('error', (err) => stream.emit('error', err));
  return stream;
}
