import type { Registry } from 'prom-client';
import packageJson from '../../package.json' with { type: 'json' };
import { allowedHosts, DEFAULT_MAX_BODY_BYTES, type GuardPolicy } from '../http/request-guard';
import { startHttpServer, type ReloadOutcome } from './http';
import { DEFAULT_RECV_BUFFER_BYTES, startUdpListener } from './listener';
import { loadMappingFile } from './mapper';
import { parsePacket } from './parser';
import { BridgeRegistry } from './registry';
import { DEFAULT_MAX_CONNECTIONS, startTcpListener } from './tcp-listener';

/** One bridge instance: mapping file → registry, fed by UDP and TCP sockets and read through HTTP. */

export interface BridgeOptions {
  /** Where UDP listens, and TCP and the web side unless tcpHost or webHost say otherwise. */
  host: string;
  /** 0 picks a free port; the handle reports the real one. */
  udpPort: number;
  /** The StatsD TCP port (0 picks one). Default: no TCP listener. */
  tcpPort?: number | null;
  /** Default: host. */
  tcpHost?: string;
  webPort: number;
  /** Default: host. */
  webHost?: string;
  mappingFile: string;
  /** Serve /-/reload and /-/quit (statsd_exporter's `--web.enable-lifecycle`). Default: off. */
  lifecycle?: boolean;
  /** Called after `POST /-/quit` has been answered. Default: close this bridge. */
  onQuit?: () => void;
  /** The request guard's policy. Default: loopback names and the web host, no token. */
  policy?: GuardPolicy;
  /** Where warnings go: a refused reload, a capped receive buffer. Default: stderr. */
  warn?: (message: string) => void;
  /** Where notes go: a mapping reloaded. Default: stdout. */
  log?: (message: string) => void;
  /** Requested SO_RCVBUF. Default 8 MiB. */
  recvBufferBytes?: number;
  /** Open StatsD TCP connections beyond which new ones are refused and counted. Default 1024. */
  maxTcpConnections?: number;
}

export interface Bridge {
  host: string;
  udpPort: number;
  tcpHost: string;
  /** null when there is no TCP listener. */
  tcpPort: number | null;
  webHost: string;
  webPort: number;
  mappingFile: string;
  /** Mappings in force: the last good load's. */
  readonly mappingCount: number;
  /** The UDP receive buffer the kernel granted. */
  recvBufferBytes: number;
  registry: Registry;
  /**
   * Re-reads the mapping file, as SIGHUP and /-/reload do in statsd_exporter: a bad file is logged and
   * counted and the mapping in force stays. Reloads run one after another; never rejects.
   */
  reload(): Promise<ReloadOutcome>;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const warn = options.warn ?? ((message: string) => console.error(message));
  const log = options.log ?? ((message: string) => console.log(message));
  const tcpHost = options.tcpHost ?? options.host;
  const webHost = options.webHost ?? options.host;
  const mapping = await loadMappingFile(options.mappingFile);
  const metrics = new BridgeRegistry({ mapping });
  let mappingCount = mapping.mappings.length;

  let reloading: Promise<unknown> = Promise.resolve();
  const reload = (): Promise<ReloadOutcome> => {
    const next = reloading.then(async (): Promise<ReloadOutcome> => {
      try {
        const fresh = await loadMappingFile(options.mappingFile);
        metrics.setMapping(fresh);
        mappingCount = fresh.mappings.length;
        metrics.countConfigReload('success');
        log(`bridge: reloaded ${options.mappingFile} (${mappingCount} mappings)`);
        return { ok: true, mappingCount };
      } catch (err) {
        metrics.countConfigReload('failure');
        const error = err instanceof Error ? err.message : String(err);
        warn(`bridge: kept the previous mapping (${mappingCount} mappings); reloading failed: ${error}`);
        return { ok: false, error };
      }
    });
    reloading = next;
    return next;
  };

  let ready = false;
  let bridge: Bridge | null = null;
  const http = await startHttpServer({
    host: webHost,
    port: options.webPort,
    version: packageJson.version,
    metrics: async () => ({
      contentType: metrics.registry.contentType,
      body: await metrics.exposition(),
    }),
    isReady: () => ready,
    onReload: options.lifecycle ? reload : null,
    onQuit: options.lifecycle ? () => (options.onQuit ? options.onQuit() : void bridge?.close()) : null,
    policy: options.policy ?? {
      hosts: allowedHosts(webHost),
      token: null,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    },
  });

  const udp = await startUdpListener({
    host: options.host,
    port: options.udpPort,
    recvBufferBytes: options.recvBufferBytes ?? DEFAULT_RECV_BUFFER_BYTES,
    onPacket: (packet) => metrics.handlePacket(parsePacket(packet)),
    countDrop: () => metrics.countUdpPacketDrop(),
    warn,
  }).catch(async (err: unknown) => {
    await http.close();
    throw err;
  });
  const tcpPort = options.tcpPort ?? null;
  const tcp =
    tcpPort === null
      ? null
      : await startTcpListener({
          host: tcpHost,
          port: tcpPort,
          maxConnections: options.maxTcpConnections ?? DEFAULT_MAX_CONNECTIONS,
          // One line framed alone reads as a one-line datagram: the same UTF-8 check and parse as UDP.
          onLine: (line) => metrics.handleLine(parsePacket(line)),
          count: {
            connection: () => metrics.countTcpConnection(),
            connectionError: () => metrics.countTcpConnectionError(),
            tooLongLine: () => metrics.countTcpTooLongLine(),
          },
          warn,
        }).catch(async (err: unknown) => {
          await udp.close();
          await http.close();
          throw err;
        });
  ready = true;

  let closed: Promise<void> | null = null;
  bridge = {
    host: options.host,
    udpPort: udp.port,
    tcpHost,
    tcpPort: tcp?.port ?? null,
    webHost,
    webPort: http.port,
    mappingFile: options.mappingFile,
    get mappingCount() {
      return mappingCount;
    },
    recvBufferBytes: udp.recvBufferBytes,
    registry: metrics.registry,
    reload,
    close: () =>
      (closed ??= (async () => {
        ready = false;
        await tcp?.close();
        await udp.close();
        await http.close();
      })()),
  };
  return bridge;
}
