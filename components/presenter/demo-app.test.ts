import { describe, expect, it } from 'vitest';
import type { LabSnapshot, RouteView } from '../../server/lab/types';
import { otherApp, parseDemoApp, shownScene, type DemoApp } from './demo-app';
import type { Scene } from './scenes';

const scene: Pick<Scene, 'claim' | 'routes' | 'view' | 'notes' | 'django'> = {
  claim: 'node claim',
  routes: ['direct'],
  view: { kind: 'scraped-counter', route: 'direct', aside: { kind: 'none' } },
  notes: ['node note'],
  django: {
    claim: 'django claim',
    routes: ['django-direct', 'django-statsd'],
    view: { kind: 'scraped-counter', route: 'django-direct', aside: { kind: 'none' } },
    notes: ['django note'],
  },
};

const lab = (ids: string[], state: 'on' | 'off' = 'on'): Pick<LabSnapshot, 'routes' | 'pythonDemos'> => ({
  routes: ids.map((id) => ({ spec: { id } }) as RouteView),
  pythonDemos: state === 'on' ? { state, howToGet: null } : { state, howToGet: 'install Python' },
});

const all = lab(['direct', 'django-direct', 'django-statsd']);

describe('shownScene', () => {
  it.each<{
    name: string;
    chosen: DemoApp;
    lab: Pick<LabSnapshot, 'routes' | 'pythonDemos'> | null;
    want: { app: DemoApp; claim: string; offered: boolean; unavailable: string | null };
  }>([
    {
      name: 'the Django variant, when chosen and the lab runs its routes',
      chosen: 'django',
      lab: all,
      want: { app: 'django', claim: 'django claim', offered: true, unavailable: null },
    },
    {
      name: 'the Node app when chosen, the switch still offered',
      chosen: 'node',
      lab: all,
      want: { app: 'node', claim: 'node claim', offered: true, unavailable: null },
    },
    {
      name: 'the Node app, and why, when the Django routes are off',
      chosen: 'django',
      lab: lab(['direct'], 'off'),
      want: {
        app: 'node',
        claim: 'node claim',
        offered: false,
        unavailable: 'the Django routes are off: install Python',
      },
    },
    {
      name: 'the Node app, naming what is missing, when the lab lacks a route of the variant',
      chosen: 'django',
      lab: lab(['direct', 'django-direct']),
      want: {
        app: 'node',
        claim: 'node claim',
        offered: false,
        unavailable: 'the lab has no django-statsd route',
      },
    },
    {
      name: 'the Node app, nothing said yet, before the first snapshot',
      chosen: 'django',
      lab: null,
      want: { app: 'node', claim: 'node claim', offered: false, unavailable: null },
    },
  ])('$name', ({ chosen, lab: snapshot, want }) => {
    expect(shownScene(scene, chosen, snapshot)).toMatchObject(want);
  });

  it('takes routes, view and notes from the app it shows', () => {
    const shown = shownScene(scene, 'django', all);
    expect(shown.routes).toEqual(['django-direct', 'django-statsd']);
    expect(shown.view).toBe(scene.django?.view);
    expect(shown.notes).toEqual(['django note']);
  });

  it('a variant without its own claim keeps the scene’s', () => {
    const variant = scene.django;
    if (variant === undefined) throw new Error('no variant');
    expect(shownScene({ ...scene, django: { ...variant, claim: undefined } }, 'django', all).claim).toBe(
      'node claim',
    );
  });

  it('a scene without a variant shows the Node app and offers nothing', () => {
    expect(shownScene({ ...scene, django: undefined }, 'django', lab(['direct'], 'off'))).toMatchObject({
      app: 'node',
      offered: false,
      unavailable: null,
    });
  });
});

describe('parseDemoApp and otherApp', () => {
  it.each([
    { stored: 'django', want: 'django' },
    { stored: 'node', want: 'node' },
    { stored: null, want: 'node' },
    { stored: undefined, want: 'node' },
    { stored: 'Django', want: 'node' },
  ])('$stored → $want', ({ stored, want }) => {
    expect(parseDemoApp(stored)).toBe(want);
  });

  it.each([
    { app: 'node', want: 'django' },
    { app: 'django', want: 'node' },
  ] as const)('the other of $app is $want', ({ app, want }) => {
    expect(otherApp(app)).toBe(want);
  });
});
