import { memo } from 'react';
import type { ConnectionState } from './use-lab-stream';

export interface ConnectionBadgeProps {
  connection: ConnectionState;
  attempts: number;
  problem: string | null;
  badMessages: number;
  lastBadMessage: string | null;
}

/** Whether the numbers on screen are live, and if not, why. */
export const ConnectionBadge = memo(function ConnectionBadge({
  connection,
  attempts,
  problem,
  badMessages,
  lastBadMessage,
}: ConnectionBadgeProps) {
  const text =
    connection === 'live'
      ? 'live'
      : connection === 'connecting'
        ? 'connecting…'
        : `reconnecting… (attempt ${attempts})`;
  return (
    <div
      className={`connection connection-${connection}`}
      data-testid="connection"
      data-state={connection}
      role="status"
    >
      <span className="status-dot" aria-hidden="true" />
      {text}
      {connection !== 'live' && problem && <span className="connection-problem">{problem}</span>}
      {badMessages > 0 && (
        <span className="connection-problem" title={lastBadMessage ?? undefined}>
          {badMessages} bad message{badMessages === 1 ? '' : 's'}: {lastBadMessage}
        </span>
      )}
    </div>
  );
});
