/** Small props-only pieces the scenes share. */
import type { ReactNode } from 'react';
import type { ComponentStatus, LabSnapshot } from '../../server/lab/types';
import { ArchitectureDiagram } from '../diagram/architecture-diagram';
import type { Aside } from './scenes';
import { findRoute } from './scene-routes';
import type { PresenterTheme } from './theme';

/** A route the scene names but the lab does not run: said plainly, never an empty chart. */
export function MissingRoute({ id }: { id: string }) {
  return (
    <p className="scene-missing" data-testid={`missing-route-${id}`}>
      The lab has no route <code>{id}</code>.
    </p>
  );
}

export interface SceneAsideProps {
  aside: Aside;
  snapshot: LabSnapshot;
  slots: Readonly<Record<string, Readonly<Record<string, number>>>>;
  theme: PresenterTheme;
  /** The rendered source walkthrough, when the aside is one (rendered on the server). */
  source: ReactNode;
}

/** What sits beside the live charts: the route's architecture, drawn live, or the demo's source. */
export function SceneAside({ aside, snapshot, slots, theme, source }: SceneAsideProps) {
  if (aside.kind === 'none') return null;
  if (aside.kind === 'source')
    return (
      <aside className="scene-aside aside-source" data-testid="scene-source">
        {source}
      </aside>
    );
  const route = findRoute(snapshot.routes, aside.route);
  return (
    <aside className="scene-aside aside-architecture" data-testid="scene-architecture">
      {route === null ? (
        <MissingRoute id={aside.route} />
      ) : (
        <ArchitectureDiagram
          route={route}
          settings={snapshot.settings}
          components={snapshot.components}
          now={snapshot.now}
          theme={theme}
          slots={slots[route.spec.id] ?? {}}
        />
      )}
    </aside>
  );
}

/** A component's state in a word a room can read, with a shape besides the colour. */
export function ComponentBadge({
  component,
  label,
}: {
  component: ComponentStatus | undefined;
  label: string;
}) {
  const state = component?.state ?? 'absent';
  const symbol = state === 'up' ? '●' : state === 'down' ? '✕' : state === 'starting' ? '◐' : '○';
  return (
    <span
      className={`component-badge component-${state}`}
      data-testid={`component-${label}`}
      data-state={state}
    >
      <span aria-hidden="true">{symbol}</span> {label} {state}
    </span>
  );
}
