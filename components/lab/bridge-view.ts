/**
 * Reads the bridge's own figures for the page: which bridge it is, what its socket received, and what the
 * kernel dropped before any socket read it. The kernel's counters are the machine's, and are named so.
 * Pure.
 */
import { bridgeIdentityText } from '../../server/lab/bridge-identity';
import type { BridgeView, KernelUdpView } from '../../server/lab/types';
import { formatCount, formatDuration } from './format';
import type { Severity } from './series';

/** The bridge's name as the panel says it, from its latest read; how it failed when it never answered. */
export function bridgeName(bridge: BridgeView): string {
  if (bridge.identity !== null) return bridgeIdentityText(bridge.identity);
  return bridge.error === null ? 'not read yet' : `not read (${bridge.error})`;
}

/** Datagrams the bridge's socket took in, and those it then dropped itself when it counts them. */
export function bridgeDatagramsText(bridge: BridgeView): string {
  if (bridge.udpPackets === null) {
    return bridge.error === null ? 'datagrams: not counted by this bridge' : 'datagrams: unavailable';
  }
  const drops = bridge.udpPacketDrops;
  const dropped = drops !== null && drops > 0 ? `, ${formatCount(drops)} dropped by it` : '';
  return `${formatCount(bridge.udpPackets)} datagrams in${dropped}`;
}

export interface KernelReading {
  text: string;
  /** Bad when the kernel dropped any datagram; unknown when it could not be read. */
  severity: Severity;
  /** The receive errors, when known, for tests and the page's data attributes. */
  errors: number | null;
}

/** `kernel, all UDP on this machine, 42 s: 3 receive errors`, or that the counters are unavailable. */
export function kernelUdpReading(kernel: KernelUdpView, now: number): KernelReading {
  if (!kernel.available) {
    return { text: `kernel UDP counters unavailable: ${kernel.reason}`, severity: 'unknown', errors: null };
  }
  const { inErrors } = kernel.delta;
  const over = formatDuration(Math.max(0, (now - kernel.since) / 1000));
  return {
    text: `kernel, all UDP on this machine, last ${over}: ${formatCount(inErrors)} receive errors`,
    severity: inErrors > 0 ? 'bad' : 'good',
    errors: inErrors,
  };
}
