/**
 * A scene's layout in words, for the speaker's preview of the next scene: which panels it will show, and
 * what beside them, without a figure from the lab as it is now (the scene's entry will change those).
 */
import type { Aside, SceneView } from './scenes';

export interface LayoutPanel {
  title: string;
  /** What the panel will show, in a few words. */
  detail: string;
}

export interface SceneLayout {
  /** The live panels, top to bottom (side by side for cards). */
  panels: LayoutPanel[];
  /** Cards sit side by side; charts stack. */
  arrangement: 'stack' | 'cards';
  /** What sits beside them: the source is static and can be shown as is; the architecture is drawn live. */
  aside: Aside;
}

const NO_ASIDE: Aside = { kind: 'none' };

function counterPanels(route: string): LayoutPanel[] {
  return [
    { title: 'Error now', detail: `${route}: scraped counter against the truth` },
    { title: 'Scraped counter vs truth', detail: 'one marker per scrape, in the answering worker’s style' },
  ];
}

export function sceneLayout(view: SceneView): SceneLayout {
  switch (view.kind) {
    case 'basics':
      return {
        panels: [
          { title: 'Counter', detail: `requests answered (${view.route})` },
          { title: 'Gauge', detail: 'requests being handled now' },
          { title: 'Histogram', detail: 'request durations in buckets, and a quantile from them' },
        ],
        arrangement: 'cards',
        aside: NO_ASIDE,
      };
    case 'scraped-counter':
      return { panels: counterPanels(view.route), arrangement: 'stack', aside: view.aside };
    case 'prometheus':
      return {
        panels: [
          { title: 'Connection policy', detail: 'pinned or hopping, switched on screen' },
          { title: 'Prometheus', detail: `its rate() and total for ${view.route}, against the truth` },
          { title: 'rate() vs true rate', detail: 'the lab’s and Prometheus’ rate() over time' },
        ],
        arrangement: 'stack',
        aside: view.aside,
      };
    case 'alternatives':
      return {
        panels: view.alternatives.map((a) => ({ title: a.title, detail: a.how })),
        arrangement: 'cards',
        aside: NO_ASIDE,
      };
    case 'bridge':
      return {
        panels: [
          ...counterPanels(view.route),
          {
            title: `Beside it: ${view.compareWith}`,
            detail: 'its error and scraped counter, under the same load',
          },
        ],
        arrangement: 'stack',
        aside: view.aside,
      };
    case 'deployment':
      return {
        panels: [{ title: 'Both topologies', detail: 'side-car and DaemonSet, with their manifests' }],
        arrangement: 'stack',
        aside: NO_ASIDE,
      };
    case 'bridge-dies':
      return {
        panels: [
          { title: 'Kill the bridge', detail: 'the button, and the bridge’s state' },
          ...counterPanels(view.route),
        ],
        arrangement: 'stack',
        aside: view.aside,
      };
    case 'udp-loss':
      return {
        panels: [
          {
            title: 'Buffering and burst',
            detail: `hot-shots buffering on or off; a burst of ${String(view.burstRequests)} requests`,
          },
          {
            title: 'What UDP lost',
            detail: 'truth − scraped after the burst, and the kernel’s receive errors',
          },
          ...counterPanels(view.route),
        ],
        arrangement: 'stack',
        aside: view.aside,
      };
    case 'gauges':
      return {
        panels: [
          { title: 'Mean requests in flight', detail: 'truth, deltas and last writer' },
          { title: 'Requests in flight', detail: `the three gauges over time (${view.route})` },
        ],
        arrangement: 'stack',
        aside: view.aside,
      };
    case 'scoreboard':
      return {
        panels: [
          { title: 'Scoreboard', detail: `one row per route: ${view.routes.join(', ')}` },
          { title: 'Crash one worker on every route', detail: 'and the crash column fills' },
        ],
        arrangement: 'stack',
        aside: NO_ASIDE,
      };
  }
}
