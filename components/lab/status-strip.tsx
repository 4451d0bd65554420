import type { ComponentStatus } from '../../server/lab/types';
import { formatAge } from './format';

/** One chip per moving part of the lab: is it up, what it says, and when it last answered. */
export function StatusStrip({ components }: { components: ComponentStatus[] }) {
  return (
    <ul className="status-strip" aria-label="lab components">
      {components.map((c) => (
        <li
          key={c.name}
          className={`status status-${c.state}`}
          data-testid={`status-${c.name}`}
          data-state={c.state}
          title={c.detail}
        >
          <span className="status-dot" aria-hidden="true" />
          <strong>{c.name}</strong> {c.state}
          <span className="status-detail">
            {c.detail ? `${c.detail} · ` : ''}ok {formatAge(c.lastOkAgeSeconds)}
          </span>
        </li>
      ))}
    </ul>
  );
}
