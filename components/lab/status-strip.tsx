import { memo } from 'react';
import type { ComponentStatus } from '../../server/lab/types';
import { formatAge } from './format';
import { statusItems } from './status-items';

/**
 * One chip per moving part of the lab (the apps that are up share one): is it up, and if not, what it says
 * and when it last answered. A healthy chip keeps its details for the tooltip, so the bar stays one line on
 * a projector; a note (the lab's own load falling behind) shows whatever the state.
 */
export const StatusStrip = memo(function StatusStrip({ components }: { components: ComponentStatus[] }) {
  return (
    <ul className="status-strip" aria-label="lab components">
      {statusItems(components).map((c) => {
        // An absent component was never meant to answer, so when it last did is no news.
        const parts = c.state === 'absent' ? [c.detail] : [c.detail, `ok ${formatAge(c.lastOkAgeSeconds)}`];
        const detail = parts.filter((p) => p !== '').join(' · ');
        return (
          <li
            key={c.key}
            className={`status status-${c.state}`}
            data-testid={`status-${c.key}`}
            data-state={c.state}
            title={detail}
          >
            <span className="status-dot" aria-hidden="true" />
            <strong>{c.label}</strong> {c.state}
            {c.note !== null && <span className="status-note">{c.note}</span>}
            {c.state !== 'up' && <span className="status-detail">{detail}</span>}
          </li>
        );
      })}
    </ul>
  );
});
