import type { ComponentState, ComponentStatus } from '../../server/lab/types';

/**
 * The status strip's chips: every component on its own, except the demo apps that are up, which share one
 * chip, so the strip stays one line on a projector however many apps the lab runs. An app that is not up
 * keeps a chip of its own, with its detail. Pure.
 */

/** The lab names each demo app's component `<app id> app`. */
const APP_SUFFIX = ' app';

export interface StatusItem {
  /** Unique among the items; the chip's test id is `status-<key>`. */
  key: string;
  label: string;
  state: ComponentState;
  /** Shown beside the label when the item is not up; every member's detail is in the tooltip. */
  detail: string;
  /** Shown on the chip whatever its state. */
  note: string | null;
  lastOkAgeSeconds: number | null;
}

const single = (c: ComponentStatus): StatusItem => ({
  key: c.name,
  label: c.name,
  state: c.state,
  detail: c.detail,
  note: c.note,
  lastOkAgeSeconds: c.lastOkAgeSeconds,
});

export function statusItems(components: readonly ComponentStatus[]): StatusItem[] {
  const isApp = (c: ComponentStatus) => c.name.endsWith(APP_SUFFIX);
  const upApps = components.filter((c) => isApp(c) && c.state === 'up');
  if (upApps.length < 2) return components.map(single);
  const items: StatusItem[] = [];
  for (const c of components) {
    if (!upApps.includes(c)) items.push(single(c));
    else if (c === upApps[0])
      items.push({
        key: 'apps',
        label: `${upApps.length} apps`,
        state: 'up',
        detail: upApps.map((a) => `${a.name}: ${a.detail}`).join('; '),
        note: upApps.flatMap((a) => (a.note === null ? [] : [`${a.name}: ${a.note}`])).join('; ') || null,
        // The oldest contact among them: the chip is only as fresh as its stalest app.
        lastOkAgeSeconds: Math.max(...upApps.map((a) => a.lastOkAgeSeconds ?? Infinity)),
      });
  }
  return items;
}
