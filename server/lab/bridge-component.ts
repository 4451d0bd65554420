import type { SupervisorLink } from '../supervisor/link';
import { bridgeIdentity } from './bridge-identity';
import { ExpositionError, parseExposition, type Exposition } from './exposition-parser';
import { HttpJsonError, requestText } from './http-json';
import { callPart, LabError, poll } from './lab-error';
import type { BridgeView } from './types';

export interface BridgeComponentOptions {
  /** The bridge's web address, e.g. `http://127.0.0.1:9102`. */
  url: string;
  token: string | null;
  /** The supervisor that runs the bridge, when there is one. */
  supervisor: SupervisorLink | null;
  log: (line: string) => void;
}

/**
 * The StatsD bridge, as the routes that push to it see it: it can be asked whether it is healthy, be
 * replaced by an empty one, and be read for what it says of itself (which bridge it is, what it received).
 * Under the supervisor a restart goes through it; elsewhere (compose) the bridge exits on `POST /-/quit`
 * and its restart policy brings it back. Restarts asked for while one is under way share it, so a flood of
 * "kill the bridge" is one restart.
 */
export class BridgeComponent {
  private restarting: Promise<void> | null = null;
  private latest: BridgeView = {
    readAt: null,
    error: 'not read yet',
    identity: null,
    udpPackets: null,
    udpPacketDrops: null,
    lines: null,
  };

  constructor(private readonly options: BridgeComponentOptions) {}

  /** Resolves once the new, empty bridge is ready. */
  restart(): Promise<void> {
    if (this.restarting) return this.restarting;
    const { supervisor, log } = this.options;
    const restart = supervisor
      ? callPart('supervisor', () => supervisor.restart('bridge'), log)
      : this.quitAndWait();
    this.restarting = restart.finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  /** True with "healthy", or false with why not. */
  async probe(): Promise<{ ok: boolean; detail: string }> {
    try {
      await requestText(`${this.options.url}/-/healthy`);
      return { ok: true, detail: 'healthy' };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  /** Reads the bridge's `/metrics` once; a failure is kept as the view's error, never thrown. */
  async read(): Promise<void> {
    const at = Date.now();
    try {
      const text = await requestText(`${this.options.url}/metrics`);
      this.latest = bridgeView(parseExposition(text), at);
    } catch (err) {
      const why =
        err instanceof HttpJsonError
          ? err.detail
          : err instanceof ExpositionError
            ? `unparsable /metrics: ${err.message}`
            : (err as Error).message;
      this.latest = { ...this.latest, error: why, udpPackets: null, udpPacketDrops: null, lines: null };
    }
  }

  /** The latest read; after a failed one, the identity last read and the failure. */
  view(): BridgeView {
    return this.latest;
  }

  private async quitAndWait(): Promise<void> {
    const { url, token, log } = this.options;
    await callPart('bridge', () => requestText(`${url}/-/quit`, { method: 'POST', token }), log);
    const down = await poll(async () => !(await isUp(`${url}/-/healthy`)), 5000);
    if (!down) throw new LabError('the bridge did not stop after POST /-/quit', 502);
    const up = await poll(() => isUp(`${url}/-/ready`), 20_000);
    if (!up)
      throw new LabError('the bridge did not come back within 20 s after /-/quit: is it supervised?', 502);
  }
}

async function isUp(url: string): Promise<boolean> {
  try {
    await requestText(url);
    return true;
  } catch {
    return false;
  }
}

/** What one answer of the bridge's `/metrics` says about the bridge. Pure. */
export function bridgeView(exposition: Exposition, readAt: number): BridgeView {
  return {
    readAt,
    error: null,
    identity: bridgeIdentity(exposition),
    udpPackets: total(exposition, 'statsd_exporter_udp_packets_total'),
    udpPacketDrops: total(exposition, 'statsd_exporter_udp_packet_drops_total'),
    lines: total(exposition, 'statsd_exporter_lines_total'),
  };
}

/** The sum of a counter's samples; null when the bridge has no such series. */
function total(exposition: Exposition, name: string): number | null {
  const samples = exposition.samples.filter((s) => s.name === name);
  return samples.length === 0 ? null : samples.reduce((sum, s) => sum + s.value, 0);
}
