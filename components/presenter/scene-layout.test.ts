import { describe, expect, it } from 'vitest';
import { sceneLayout } from './scene-layout';
import { SCENES, type SceneView } from './scenes';

describe('sceneLayout', () => {
  it.each<{ name: string; view: SceneView; titles: string[]; arrangement: 'stack' | 'cards'; aside: string }>(
    [
      {
        name: 'basics: three cards',
        view: { kind: 'basics', route: 'statsd' },
        titles: ['Counter', 'Gauge', 'Histogram'],
        arrangement: 'cards',
        aside: 'none',
      },
      {
        name: 'scraped counter, with its architecture beside it',
        view: { kind: 'scraped-counter', route: 'direct', aside: { kind: 'architecture', route: 'direct' } },
        titles: ['Error now', 'Scraped counter vs truth'],
        arrangement: 'stack',
        aside: 'architecture',
      },
      {
        name: 'bridge: the compared route named',
        view: {
          kind: 'bridge',
          route: 'statsd',
          compareWith: 'direct',
          aside: { kind: 'source', walkthrough: 'statsd' },
        },
        titles: ['Error now', 'Scraped counter vs truth', 'Beside it: direct'],
        arrangement: 'stack',
        aside: 'source',
      },
      {
        name: 'alternatives: one card each, by their own titles',
        view: {
          kind: 'alternatives',
          alternatives: [{ route: 'a', title: 'Alt A', how: 'how A', costs: [], reference: 'ref' }],
        },
        titles: ['Alt A'],
        arrangement: 'cards',
        aside: 'none',
      },
    ],
  )('$name', ({ view, titles, arrangement, aside }) => {
    const layout = sceneLayout(view);
    expect(layout.panels.map((p) => p.title)).toEqual(titles);
    expect(layout.arrangement).toBe(arrangement);
    expect(layout.aside.kind).toBe(aside);
  });

  // The preview must never carry a figure: every word of it comes from the scene's own data.
  it.each(SCENES.map((s) => ({ id: s.id, view: s.view })))(
    '$id: panels, no digits but its own',
    ({ view }) => {
      const layout = sceneLayout(view);
      expect(layout.panels.length).toBeGreaterThan(0);
      const own = JSON.stringify(view);
      for (const panel of layout.panels)
        for (const digits of `${panel.title} ${panel.detail}`.match(/\d+/g) ?? [])
          expect(own).toContain(digits);
    },
  );
});
