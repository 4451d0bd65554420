import { memo } from 'react';
import type { BridgeView } from '../../server/lab/types';
import { bridgeDatagramsText, bridgeName, type KernelReading } from './bridge-view';
import { formatCount } from './format';

export interface BridgeFactsProps {
  bridge: BridgeView;
  /** What the kernel dropped, from bridge-view's kernelUdpReading. */
  reading: KernelReading;
  /** Requests the demo answered, each of which sent its increments to the bridge. */
  answered: number;
  /** The route's one-line summary, which these lines stand in for on screen: kept for hovering. */
  summary: string;
  testId: string;
}

const HINT =
  'Which bridge this is (its statsd_exporter_build_info); the requests the demo answered; the datagrams the ' +
  'bridge received since it started; and the UDP receive errors the kernel counted since the last reset, ' +
  'for every UDP socket of this machine, not only the bridge’s.';

/**
 * Two lines: which bridge, the requests whose increments were sent to it and the datagrams it received;
 * then what the kernel dropped on the way, for the whole machine.
 */
export const BridgeFacts = memo(function BridgeFacts({
  bridge,
  reading,
  answered,
  summary,
  testId,
}: BridgeFactsProps) {
  return (
    <p
      className="policy-note"
      data-testid={testId}
      data-implementation={bridge.identity?.implementation ?? 'unread'}
      data-version={bridge.identity?.version ?? undefined}
      data-datagrams={bridge.udpPackets ?? undefined}
      data-kernel-errors={reading.errors ?? undefined}
      title={`${summary}\n\n${HINT}`}
    >
      <strong data-testid={`${testId}-name`}>bridge: {bridgeName(bridge)}</strong> · {formatCount(answered)}{' '}
      answered · {bridgeDatagramsText(bridge)}
      <br />
      <span
        className={reading.severity === 'unknown' ? undefined : `prom-ratio prom-ratio-${reading.severity}`}
        data-testid={`${testId}-kernel`}
      >
        {reading.text}
      </span>
    </p>
  );
});
