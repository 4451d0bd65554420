import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../server/lab/control-schema';
import { DJANGO_ROUTES, SCENES, sceneAside, type SceneView } from './scenes';

/** Every route a scene's view names, so the list of routes it shows cannot drift from what it renders. */
function viewRoutes(view: SceneView): string[] {
  switch (view.kind) {
    case 'basics':
      return [view.route];
    case 'gauges':
    case 'scraped-counter':
    case 'prometheus':
    case 'bridge-dies':
    case 'udp-loss':
      return [view.route, ...(view.aside.kind === 'architecture' ? [view.aside.route] : [])];
    case 'bridge':
      return [view.route, view.compareWith];
    case 'alternatives':
      return view.alternatives.map((a) => a.route);
    case 'scoreboard':
      return view.routes;
    case 'deployment':
      return [];
  }
}

const rows = SCENES.map((scene, index) => ({ id: scene.id, index, scene }));

describe('SCENES', () => {
  it('has unique ids', () => {
    expect(new Set(SCENES.map((s) => s.id)).size).toBe(SCENES.length);
  });

  it.each(rows)('$id is numbered in talk order and URL-safe', ({ scene, index }) => {
    expect(scene.id).toMatch(/^\d+-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(scene.id.startsWith(`${index + 1}-`)).toBe(true);
  });

  it.each(rows)('$id sets only what the lab accepts', ({ scene }) => {
    expect(settingsPatchSchema.safeParse(scene.settings).success).toBe(true);
  });

  it.each(rows)('$id shows exactly the routes its view renders', ({ scene }) => {
    expect(new Set(viewRoutes(scene.view))).toEqual(new Set(scene.routes));
  });

  it.each(rows)('$id has a title, one claim and notes', ({ scene }) => {
    expect(scene.title.trim()).not.toBe('');
    expect(scene.claim.trim()).not.toBe('');
    expect(scene.claim.split(/[.!?](\s|$)/).filter((p) => p.trim() !== '').length).toBe(1);
    expect(scene.notes.length).toBeGreaterThan(0);
  });

  it.each(rows.filter(({ scene }) => scene.resetOnEntry))(
    '$id starts from zero, so it names the worker count it needs',
    ({ scene }) => {
      expect(scene.settings.workers).toBeGreaterThanOrEqual(1);
    },
  );
});

const variants = SCENES.flatMap((scene) =>
  scene.django ? [{ id: scene.id, scene, variant: scene.django }] : [],
);
const django: readonly string[] = Object.values(DJANGO_ROUTES);

describe('the Django variants', () => {
  it('are offered by the scenes the talk tells on the Django app', () => {
    expect(variants.map((v) => v.id)).toEqual([
      '3-four-workers',
      '5-alternatives',
      '6-statsd-bridge',
      '11-scoreboard',
    ]);
  });

  it.each(variants)('$id shows exactly the routes its Django view renders', ({ variant }) => {
    expect(new Set(viewRoutes(variant.view))).toEqual(new Set(variant.routes));
  });

  it.each(variants)('$id shows a Django route, in the view its scene has', ({ scene, variant }) => {
    expect(variant.routes.some((id) => django.includes(id))).toBe(true);
    expect(variant.view.kind).toBe(scene.view.kind);
  });

  it.each(variants)('$id has notes of its own, and at most one claim', ({ scene, variant }) => {
    expect(variant.notes.length).toBeGreaterThan(0);
    expect(variant.notes).not.toEqual(scene.notes);
    const claim = variant.claim ?? scene.claim;
    expect(claim.split(/[.!?](\s|$)/).filter((p) => p.trim() !== '').length).toBe(1);
  });

  it('the scenes on the Node app show no Django route: they must work without Python', () => {
    expect(SCENES.flatMap((s) => s.routes).filter((id) => django.includes(id))).toEqual([]);
  });
});

describe('sceneAside', () => {
  it.each(rows)('$id: an aside only where its view has one', ({ scene }) => {
    const aside = sceneAside(scene.view);
    if ('aside' in scene.view) expect(aside).toBe(scene.view.aside);
    else expect(aside).toEqual({ kind: 'none' });
  });

  it.each([
    { walkthrough: 'direct', ids: ['3-four-workers'] },
    { walkthrough: 'statsd', ids: ['6-statsd-bridge', '10-gauges'] },
  ])('shows the $walkthrough source in $ids', ({ walkthrough, ids }) => {
    const showing = SCENES.filter((s) => {
      const aside = sceneAside(s.view);
      return aside.kind === 'source' && aside.walkthrough === walkthrough;
    }).map((s) => s.id);
    expect(showing).toEqual(ids);
  });
});
