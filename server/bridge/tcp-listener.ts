import { createServer, type Socket } from 'node:net';
import { throttledWarning } from './listener';

/**
 * The StatsD TCP socket, framed as statsd_exporter frames it (pkg/listener reads each connection with a
 * default-sized bufio.Reader and ReadLine): one line per `\n`, a `\r` before it dropped, the unterminated
 * tail at end of stream as a last line. A line still without `\n` after MAX_LINE_BYTES is counted as too
 * long and its connection closed, so what the client sent after it is never read, as in the exporter.
 */

/** bufio's default buffer size: 4096 bytes without a `\n` among them make a line too long. */
export const MAX_LINE_BYTES = 4096;
/** Each open connection holds a line buffer and a socket; the cap keeps a flood of them bounded. */
export const DEFAULT_MAX_CONNECTIONS = 1024;

export type FrameOutcome = 'more' | 'too_long';

/** Splits one connection's byte stream into lines, holding at most maxLineBytes of an unfinished one. Pure. */
export class LineFramer {
  private readonly pending: Buffer;
  private pendingLength = 0;

  constructor(private readonly maxLineBytes: number) {
    this.pending = Buffer.alloc(maxLineBytes);
  }

  /**
   * Calls onLine with every line the chunk completes; its bytes are valid only during the call. After
   * 'too_long' the stream is done: the caller closes the connection and pushes nothing more.
   */
  push(chunk: Uint8Array, onLine: (line: Uint8Array) => void): FrameOutcome {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      if (this.pendingLength + (end - start) >= this.maxLineBytes) return 'too_long';
      this.pending.set(chunk.subarray(start, end), this.pendingLength);
      this.pendingLength += end - start;
      if (newline === -1) return 'more';
      onLine(withoutCarriageReturn(this.take()));
      start = newline + 1;
    }
    return 'more';
  }

  /** The unterminated last line at end of stream, kept as sent (a trailing `\r` too); null when none. */
  end(): Uint8Array | null {
    return this.pendingLength === 0 ? null : this.take();
  }

  private take(): Uint8Array {
    const line = this.pending.subarray(0, this.pendingLength);
    this.pendingLength = 0;
    return line;
  }
}

function withoutCarriageReturn(line: Uint8Array): Uint8Array {
  return line.at(-1) === 0x0d ? line.subarray(0, -1) : line;
}

/** statsd_exporter's TCP counters, by what they count. */
export interface TcpCounters {
  connection(): void;
  connectionError(): void;
  tooLongLine(): void;
}

export interface TcpListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Connections beyond this many open ones are closed at once and counted as connection errors. */
  maxConnections: number;
  /** Called with each line (without its line end); exceptions are caught, counted and reported through warn. */
  onLine: (line: Uint8Array) => void;
  count: TcpCounters;
  warn: (message: string) => void;
}

export interface TcpListener {
  port: number;
  close(): Promise<void>;
}

export async function startTcpListener(options: TcpListenerOptions): Promise<TcpListener> {
  const { count, warn } = options;
  const lineFailed = throttledWarning(warn);
  const refused = throttledWarning(warn);
  const sockets = new Set<Socket>();

  const handleLine = (line: Uint8Array): void => {
    try {
      options.onLine(line);
    } catch (err) {
      // The parser and registry do not throw on bad input, so this is a bug; the line is lost, so count it.
      count.connectionError();
      lineFailed(`bridge: failed to handle a StatsD TCP line: ${String(err)}`);
    }
  };

  const server = createServer((socket) => {
    count.connection();
    sockets.add(socket);
    const framer = new LineFramer(MAX_LINE_BYTES);
    socket.on('data', (chunk: Buffer) => {
      if (framer.push(chunk, handleLine) === 'too_long') {
        count.tooLongLine();
        // A reset, as the exporter's close with unread data sends: the client learns its lines were refused.
        socket.resetAndDestroy();
      }
    });
    socket.on('end', () => {
      const last = framer.end();
      if (last) handleLine(last);
    });
    // A reset or a timeout from the client's side; the exporter counts every read error but end of stream.
    socket.on('error', () => count.connectionError());
    socket.on('close', () => sockets.delete(socket));
  });
  server.maxConnections = options.maxConnections;
  server.on('drop', () => {
    count.connectionError();
    refused(`bridge: refused a StatsD TCP connection: ${options.maxConnections} are open already`);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new Error(`cannot listen for StatsD on tcp://${options.host}:${options.port}: ${err.message}`));
    server.once('error', onError);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', onError);
      server.on('error', (err) => warn(`bridge: TCP listener error: ${err.message}`));
      resolve();
    });
  });

  const address = server.address();
  let closed: Promise<void> | null = null;
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      (closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        // StatsD clients keep their connection open; close() alone would wait for them.
        for (const socket of sockets) socket.destroy();
      })),
  };
}
