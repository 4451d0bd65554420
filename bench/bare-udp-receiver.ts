import { createSocket } from 'node:dgram';
import http from 'node:http';
import { parseArgs } from 'node:util';

/**
 * The ceiling for Node on this machine: a dgram socket that only counts datagrams and '\n'-separated lines,
 * serving the counts under statsd_exporter's names on GET /metrics so the throughput bench reads every
 * receiver the same way. Run by bench/bridge-throughput.ts in its own process.
 */

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    'udp-port': { type: 'string' },
    'web-port': { type: 'string' },
    'recv-buffer': { type: 'string' },
  },
  strict: true,
});

function required(flag: 'host' | 'udp-port' | 'web-port' | 'recv-buffer'): string {
  const value = values[flag];
  if (value === undefined || value === '') throw new Error(`bare receiver: --${flag} is required`);
  return value;
}

function positiveInteger(flag: 'udp-port' | 'web-port' | 'recv-buffer'): number {
  const text = required(flag);
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`bare receiver: --${flag} must be a positive integer, got '${text}'`);
  }
  return value;
}

const host = required('host');
const udpPort = positiveInteger('udp-port');
const webPort = positiveInteger('web-port');
const recvBuffer = positiveInteger('recv-buffer');

let datagrams = 0;
let lines = 0;

const socket = createSocket('udp4');
socket.on('message', (packet) => {
  datagrams += 1;
  // Counted as statsd_exporter splits a datagram: one line more than it has newlines.
  lines += 1;
  for (let at = packet.indexOf(10); at !== -1; at = packet.indexOf(10, at + 1)) lines += 1;
});
socket.on('error', (error) => console.error(`bare receiver: UDP socket error: ${error.message}`));

const server = http.createServer((req, res) => {
  if (req.url === '/-/ready') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('OK\n');
    return;
  }
  if (req.url !== '/metrics') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  res
    .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
    .end(
      [
        '# HELP statsd_exporter_udp_packets_total StatsD datagrams received over UDP.',
        '# TYPE statsd_exporter_udp_packets_total counter',
        `statsd_exporter_udp_packets_total ${datagrams}`,
        '# HELP statsd_exporter_lines_total StatsD lines received.',
        '# TYPE statsd_exporter_lines_total counter',
        `statsd_exporter_lines_total ${lines}`,
        '',
      ].join('\n'),
    );
});

socket.bind({ address: host, port: udpPort }, () => {
  // The same request as the bridge's listener; Linux reports twice the granted payload size.
  socket.setRecvBufferSize(recvBuffer);
  const reported = socket.getRecvBufferSize();
  const granted = process.platform === 'linux' ? reported / 2 : reported;
  server.listen(webPort, host, () => {
    console.log(JSON.stringify({ recvBufferAsked: recvBuffer, recvBufferGranted: granted }));
  });
});

const stop = (): void => {
  socket.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
