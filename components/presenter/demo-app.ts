/**
 * Which demo app a scene shows: the lab's Node cluster, or the talk's Django app under gunicorn for a scene
 * that has a Django variant. The presenter's choice is remembered per browser; a scene shows the Django app
 * only while the lab runs every route of its variant, and otherwise says why it shows the Node app. Pure.
 */
import type { LabSnapshot } from '../../server/lab/types';
import type { Scene, SceneView } from './scenes';

export type DemoApp = 'node' | 'django';

export const DEFAULT_APP: DemoApp = 'node';

/** localStorage key; the `storage` event carries a change to the other open windows (speaker view, previews). */
export const APP_STORAGE_KEY = 'scrape-lab-presenter-app';

/** A stored value as an app; anything else (nothing stored, an old value) is the default. */
export function parseDemoApp(stored: string | null | undefined): DemoApp {
  return stored === 'django' || stored === 'node' ? stored : DEFAULT_APP;
}

export function otherApp(app: DemoApp): DemoApp {
  return app === 'node' ? 'django' : 'node';
}

/** What a scene shows, on the app it shows it on. */
export interface ShownScene {
  app: DemoApp;
  claim: string;
  routes: string[];
  view: SceneView;
  notes: string[];
  /** The scene has a Django variant and the lab runs all its routes: the switch between the apps is offered. */
  offered: boolean;
  /** Why a scene with a Django variant can show only the Node app; null when it can show both, or has none. */
  unavailable: string | null;
}

export function shownScene(
  scene: Pick<Scene, 'claim' | 'routes' | 'view' | 'notes' | 'django'>,
  chosen: DemoApp,
  lab: Pick<LabSnapshot, 'routes' | 'pythonDemos'> | null,
): ShownScene {
  const node = { claim: scene.claim, routes: scene.routes, view: scene.view, notes: scene.notes };
  const variant = scene.django;
  if (variant === undefined) return { app: 'node', ...node, offered: false, unavailable: null };
  // Before the first snapshot nothing is known: the Node app, and no reason given yet.
  if (lab === null) return { app: 'node', ...node, offered: false, unavailable: null };
  const missing = variant.routes.filter((id) => !lab.routes.some((r) => r.spec.id === id));
  if (missing.length > 0) {
    const unavailable =
      lab.pythonDemos.state === 'off'
        ? `the Django routes are off: ${lab.pythonDemos.howToGet ?? 'PYTHON_DEMOS=off'}`
        : `the lab has no ${missing.join(', ')} ${missing.length === 1 ? 'route' : 'routes'}`;
    return { app: 'node', ...node, offered: false, unavailable };
  }
  if (chosen === 'node') return { app: 'node', ...node, offered: true, unavailable: null };
  return {
    app: 'django',
    claim: variant.claim ?? scene.claim,
    routes: variant.routes,
    view: variant.view,
    notes: variant.notes,
    offered: true,
    unavailable: null,
  };
}
