import type { LabSettings, LabSnapshot, RouteSpec, RouteView } from './types';

/** The lab's settings as npm start begins: what the fixtures (and tests of entry plans) start from. */
export const SETTINGS_FIXTURE: Readonly<LabSettings> = {
  ratePerSecond: 50,
  concurrency: 128,
  paused: false,
  scrapeIntervalSeconds: 1,
  workers: 4,
  metricsKeepAlive: false,
  statsdBufferSize: 1400,
};

/**
 * A complete, quiet snapshot for tests of what reads snapshots (the schema, the page's stream parser):
 * nothing scraped yet, every field present. Tests change the field they are about.
 */
export function routeViewFixture(spec: RouteSpec): RouteView {
  return {
    spec,
    truth: {
      sent: 1,
      answered: 1,
      failed: 0,
      skipped: 0,
      inFlight: 0,
      byStatus: { '200': 1 },
      byWorker: { '1': 1 },
      latencyP50Seconds: 0.04,
      latencyP90Seconds: null,
      latencyDelayed: 0,
    },
    scrapes: [],
    rates: [],
    rateWindowSeconds: 10,
    headline: { errorNowPercent: null, lost: null, inTransit: null, distinctAnswerers: 0, resets: 0 },
    workers: null,
    prometheus: null,
    prometheusRates: [],
    targets: [],
    cost: { scrapeP50Ms: null, scrapeP95Ms: null, metricsBytes: null, processes: 0, targets: 0 },
    lastCrash: null,
  };
}

export function snapshotFixture(specs: readonly RouteSpec[]): LabSnapshot {
  return {
    now: 1,
    epoch: 1,
    settings: { ...SETTINGS_FIXTURE },
    routes: specs.map(routeViewFixture),
    components: [{ name: 'lab', state: 'up', detail: 'ok', note: null, lastOkAgeSeconds: 0 }],
    prometheus: { mode: 'off', url: 'http://127.0.0.1:9090', howToGet: 'install it', version: null },
    pythonDemos: specs.some((s) => s.appId.startsWith('django-'))
      ? { state: 'on', howToGet: null }
      : { state: 'off', howToGet: 'install Python' },
    bridge: specs.some((s) => s.topology.kind === 'pushed')
      ? {
          readAt: 1,
          error: null,
          identity: { implementation: 'statsd_exporter', version: '0.30.0', note: null },
          udpPackets: 0,
          udpPacketDrops: 0,
          lines: 0,
        }
      : null,
    kernelUdp: {
      available: true,
      since: 1,
      at: 1,
      families: ['ipv4'],
      delta: { inDatagrams: 0, inErrors: 0, rcvbufErrors: 0 },
    },
    yourApp: null,
    load: {
      ratePerSecond: 50,
      apps: 2,
      requestedPerSecond: 100,
      sentPerSecond: 100,
      skippedPerSecond: 0,
      behind: 0,
      behindSeconds: 0,
      requested: 1,
      sent: 1,
      skipped: 0,
      missed: 0,
      tickLag: { p50Ms: 0.1, p99Ms: 1, maxMs: 2 },
    },
    labLoop: { delay: { p50Ms: 0.1, p99Ms: 1, maxMs: 2 }, windowSeconds: 5, thresholdMs: 50, stalls: 0 },
    stream: { readers: 1, dropped: 0, maxBacklogBytes: 1_048_576 },
  };
}
