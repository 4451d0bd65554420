import type { Registry } from 'prom-client';
import { allowedHosts, DEFAULT_MAX_BODY_BYTES, type GuardPolicy } from '../http/request-guard';
import { startHttpServer } from './http';
import { DEFAULT_RECV_BUFFER_BYTES, startUdpListener } from './listener';
import { loadMappingFile } from './mapper';
import { parsePacket } from './parser';
import { BridgeRegistry } from './registry';

/** One bridge instance: mapping file → registry, fed by a UDP socket and read through HTTP. */

export interface BridgeOptions {
  host: string;
  /** 0 picks a free port; the handle reports the real one. */
  udpPort: number;
  webPort: number;
  mappingFile: string;
  /** Serve `POST /-/quit` (statsd_exporter's `--web.enable-lifecycle`). Default: off. */
  lifecycle?: boolean;
  /** Called after `POST /-/quit` has been answered. Default: close this bridge. */
  onQuit?: () => void;
  /** The request guard's policy. Default: loopback names and `host`, no token. */
  policy?: GuardPolicy;
  /** Where one-off operational warnings go. Default: stderr. */
  warn?: (message: string) => void;
  /** Requested SO_RCVBUF. Default 8 MiB. */
  recvBufferBytes?: number;
}

export interface Bridge {
  host: string;
  udpPort: number;
  webPort: number;
  mappingFile: string;
  mappingCount: number;
  /** The UDP receive buffer the kernel granted. */
  recvBufferBytes: number;
  registry: Registry;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const warn = options.warn ?? ((message: string) => console.error(message));
  const mapping = await loadMappingFile(options.mappingFile);
  const metrics = new BridgeRegistry({ mapping });

  let ready = false;
  let bridge: Bridge | null = null;
  const http = await startHttpServer({
    host: options.host,
    port: options.webPort,
    metrics: async () => ({
      contentType: metrics.registry.contentType,
      body: await metrics.exposition(),
    }),
    isReady: () => ready,
    onQuit: options.lifecycle ? () => (options.onQuit ? options.onQuit() : void bridge?.close()) : null,
    policy: options.policy ?? {
      hosts: allowedHosts(options.host),
      token: null,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    },
  });

  const udp = await startUdpListener({
    host: options.host,
    port: options.udpPort,
    recvBufferBytes: options.recvBufferBytes ?? DEFAULT_RECV_BUFFER_BYTES,
    onPacket: (packet) => metrics.handlePacket(parsePacket(packet)),
    warn,
  }).catch(async (err: unknown) => {
    await http.close();
    throw err;
  });
  ready = true;

  let closed: Promise<void> | null = null;
  bridge = {
    host: options.host,
    udpPort: udp.port,
    webPort: http.port,
    mappingFile: options.mappingFile,
    mappingCount: mapping.mappings.length,
    recvBufferBytes: udp.recvBufferBytes,
    registry: metrics.registry,
    close: () =>
      (closed ??= (async () => {
        ready = false;
        await udp.close();
        await http.close();
      })()),
  };
  return bridge;
}
