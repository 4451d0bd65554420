import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * The StatsD UDP socket. Asks the kernel for a large receive buffer, because bursts from many workers
 * otherwise overflow the default (~200 KiB on Linux) and the kernel drops datagrams without a trace.
 */

/** Asked for, not promised: Linux grants at most net.core.rmem_max, and what it granted is reported. */
export const DEFAULT_RECV_BUFFER_BYTES = 8 * 1024 * 1024;

export interface UdpListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  recvBufferBytes: number;
  /** Called with each datagram; when it throws, the datagram is counted through countDrop and warned about. */
  onPacket: (packet: Buffer) => void;
  /** statsd_exporter_udp_packet_drops_total: a datagram received but not handled. */
  countDrop: () => void;
  warn: (message: string) => void;
}

export interface UdpListener {
  port: number;
  /** The receive buffer the kernel granted, in bytes of datagram payload. */
  recvBufferBytes: number;
  close(): Promise<void>;
}

export async function startUdpListener(options: UdpListenerOptions): Promise<UdpListener> {
  const socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' });
  await bind(socket, options.host, options.port);

  const recvBufferBytes = setRecvBuffer(socket, options.recvBufferBytes, options.warn);
  const handlerFailed = throttledWarning(options.warn);
  // Handled as it arrives: the kernel's receive buffer is the only queue, so a datagram the bridge took
  // off it is either applied or counted as dropped here.
  socket.on('message', (packet) => {
    try {
      options.onPacket(packet);
    } catch (err) {
      // The parser and registry do not throw on bad input, so this is a bug.
      options.countDrop();
      handlerFailed(`bridge: dropped a StatsD datagram its handler failed on: ${String(err)}`);
    }
  });
  socket.on('error', (err) => options.warn(`bridge: UDP socket error: ${err.message}`));

  let closed: Promise<void> | null = null;
  return {
    port: socket.address().port,
    recvBufferBytes,
    close: () => (closed ??= new Promise((resolve) => socket.close(() => resolve()))),
  };
}

/** A warning for a fault that may repeat per datagram or line: said the first time and every 1000th. */
export function throttledWarning(warn: (message: string) => void): (message: string) => void {
  let times = 0;
  return (message) => {
    times++;
    if (times === 1 || times % 1000 === 0) warn(`${message} (${times} so far)`);
  };
}

function bind(socket: Socket, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      socket.close();
      reject(new Error(`cannot listen for StatsD on udp://${host}:${port}: ${err.message}`));
    };
    socket.once('error', onError);
    socket.bind({ address: host, port }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

/** Returns the granted size; warns once when the kernel refuses or caps the request (see net.core.rmem_max). */
function setRecvBuffer(socket: Socket, wanted: number, warn: (message: string) => void): number {
  try {
    socket.setRecvBufferSize(wanted);
  } catch (err) {
    const granted = grantedRecvBuffer(socket);
    warn(
      `bridge: kept the ${kib(granted)} UDP receive buffer; asking for ${kib(wanted)} failed: ${String(err)}`,
    );
    return granted;
  }
  const granted = grantedRecvBuffer(socket);
  if (granted < wanted) {
    warn(
      `bridge: the kernel capped the UDP receive buffer at ${kib(granted)} (asked ${kib(wanted)}); ` +
        'raise net.core.rmem_max to absorb larger bursts',
    );
  }
  return granted;
}

// Linux doubles SO_RCVBUF for its bookkeeping and reports the doubled figure.
function grantedRecvBuffer(socket: Socket): number {
  const reported = socket.getRecvBufferSize();
  return process.platform === 'linux' ? reported / 2 : reported;
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}
