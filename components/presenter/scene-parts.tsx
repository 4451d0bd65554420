/** Small props-only pieces the scenes share. */
import type { ReactNode } from 'react';
import type { ComponentStatus, LabSnapshot } from '../../server/lab/types';
import { ArchitectureDiagram } from '../diagram/architecture-diagram';
import type { DemoApp, ShownScene } from './demo-app';
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

const APPS: readonly { app: DemoApp; label: string }[] = [
  { app: 'node', label: 'Node cluster' },
  { app: 'django', label: 'Django + gunicorn' },
];

/** The switch between the Node and the Django app, on a scene that offers both. */
export function AppSwitch({
  shown,
  disabled,
  onChoose,
}: {
  shown: ShownScene;
  disabled: boolean;
  onChoose: (app: DemoApp) => void;
}) {
  if (!shown.offered) return null;
  return (
    <span
      className="segmented scene-app"
      role="group"
      aria-label="demo app"
      data-testid="scene-app"
      data-app={shown.app}
    >
      {APPS.map((a) => (
        <button
          key={a.app}
          type="button"
          className={`segment ${a.app === shown.app ? 'segment-on' : ''}`}
          aria-pressed={a.app === shown.app}
          data-testid={`scene-app-${a.app}`}
          disabled={disabled}
          onClick={() => a.app !== shown.app && onChoose(a.app)}
        >
          {a.label}
        </button>
      ))}
      <kbd className="key">a</kbd>
    </span>
  );
}

/** Why a scene that has a Django variant shows the Node app: said on screen, under the claim. */
export function AppUnavailable({ shown }: { shown: ShownScene }) {
  if (shown.unavailable === null) return null;
  return (
    <p className="scene-app-unavailable" data-testid="scene-app-unavailable">
      Shown on the Node app, as {shown.unavailable}
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
