import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { Writable } from 'node:stream';
import { isLoopback } from '../server/http/request-guard';

export interface UdpDatagramStreamOptions {
  host: string;
  port: number;
}

/**
 * A Writable that sends each write as one UDP datagram, for hot-shots' `stream` protocol. hot-shots'
 * own UDP socket binds every interface on first send, and its options cannot bind it anywhere else
 * (`udpSocketOptions` go to `dgram.createSocket`, which takes no address); this one binds the loopback
 * address when the bridge is on loopback, so nothing beyond this machine can reach the demo's socket.
 * Writes complete at once, as hot-shots' UDP sends do; a failed send is emitted as 'error'.
 *
 * It is on every datagram's path (one per metric unbuffered), so it does no more than the send: the bind
 * and the address lookup of an IP literal finish synchronously, and the socket is not connected.
 */
export function createUdpDatagramStream({ host, port }: UdpDatagramStreamOptions): Writable {
  const address = host.replace(/^\[(.*)\]$/, '$1');
  const v6 = net.isIPv6(address);
  const socket = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', lookup: lookupLiteral });
  socket.unref();
  // Attached before the bind, which can fail synchronously.
  socket.on('error', (err) => stream.emit('error', err));
  // exclusive: this worker's socket of its own, bound here rather than through the cluster primary. Had the
  // bind to wait, dgram would queue the sends made meanwhile and send them, in order, once bound.
  if (isLoopback(host)) socket.bind({ address: v6 ? '::1' : '127.0.0.1', port: 0, exclusive: true });
  // Not connect(): a connected socket reports the ICMP "port unreachable" of a bridge that was down as
  // ECONNREFUSED on a later send, and that send's datagram is dropped, after the bridge is back.
  const onSent = (err: Error | null): void => {
    if (err) stream.emit('error', err);
  };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // hot-shots' stream transport ends every write with a newline; a datagram needs none.
      const end = chunk.at(-1) === 0x0a ? chunk.length - 1 : chunk.length;
      socket.send(chunk.subarray(0, end), port, address, onSent);
      done();
    },
    destroy(err, done) {
      try {
        socket.close();
      } catch {
        // Already closed.
      }
      done(err);
    },
  });
  return stream;
}

/**
 * dgram looks the address up before every send; dns.lookup answers an IP literal only on the next tick, so
 * an IP is answered here at once, as hot-shots' own UDP transport does. A name still goes to dns.lookup.
 */
function lookupLiteral(
  hostname: string,
  options: dns.LookupOneOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const family = net.isIP(hostname);
  if (family === 0) dns.lookup(hostname, options, callback);
  else callback(null, hostname, family);
}
