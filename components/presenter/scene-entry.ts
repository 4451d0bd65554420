/**
 * What entering a scene does to the lab, and how the screen says so. Only settings that differ are sent,
 * and a reload of the scene just entered changes nothing: the presenter's own changes since entry stay.
 */
import type { LabSettings } from '../../server/lab/types';
import { connectionPolicy } from '../lab/connection-policy';
import type { Scene } from './scenes';

export interface EntryPlan {
  /** Settings to send; empty when the lab already has them. */
  patch: Partial<LabSettings>;
  /** Restart every counter from zero after the settings are applied. */
  reset: boolean;
}

export interface EntryInput {
  scene: Pick<Scene, 'id' | 'settings' | 'resetOnEntry'>;
  current: LabSettings;
  /** The scene this window entered last (kept across reloads), or null. */
  lastEntered: string | null;
}

/** The order settings are listed in, on screen and in patches. */
const SETTING_ORDER: readonly (keyof LabSettings)[] = [
  'workers',
  'ratePerSecond',
  'paused',
  'metricsKeepAlive',
  'scrapeIntervalSeconds',
  'statsdBufferSize',
  'concurrency',
];

/** null when this is a reload of the scene entered last: entering it again would undo the presenter's changes. */
export function planEntry({ scene, current, lastEntered }: EntryInput): EntryPlan | null {
  if (lastEntered === scene.id) return null;
  const patch: Partial<LabSettings> = {};
  for (const key of SETTING_ORDER) {
    const wanted = scene.settings[key];
    if (wanted !== undefined && wanted !== current[key]) Object.assign(patch, { [key]: wanted });
  }
  return { patch, reset: scene.resetOnEntry };
}

/** One setting in words: `4 workers`, `close — hopping`, `StatsD buffering off`. */
export function describeSetting<K extends keyof LabSettings>(key: K, value: LabSettings[K]): string {
  switch (key) {
    case 'workers':
      return value === 1 ? '1 worker' : `${String(value)} workers`;
    case 'ratePerSecond':
      return `${String(value)} req/s per app`;
    case 'paused':
      return value ? 'load paused' : 'load running';
    case 'metricsKeepAlive':
      return `direct: ${connectionPolicy(Boolean(value)).name}`;
    case 'scrapeIntervalSeconds':
      return `scrape every ${String(value)}\u2009s`;
    case 'statsdBufferSize':
      return value === 0 ? 'StatsD buffering off' : `StatsD buffer ${String(value)}\u2009B`;
    case 'concurrency':
      return `concurrency ${String(value)}`;
    default:
      return `${String(key)} ${String(value)}`;
  }
}

export interface EntryItem {
  key: keyof LabSettings | 'reset';
  /** What the scene set, in words. */
  text: string;
  /** What the lab has now, when the presenter has changed it since; else null. */
  now: string | null;
}

/** The "set on entry" line: each setting the scene declares, and where the lab has moved since. */
export function entryItems(
  scene: Pick<Scene, 'settings' | 'resetOnEntry'>,
  current: LabSettings | null,
): EntryItem[] {
  const items: EntryItem[] = [];
  for (const key of SETTING_ORDER) {
    const wanted = scene.settings[key];
    if (wanted === undefined) continue;
    const now = current === null || current[key] === wanted ? null : describeSetting(key, current[key]);
    items.push({ key, text: describeSetting(key, wanted), now });
  }
  if (scene.resetOnEntry) items.push({ key: 'reset', text: 'counters from zero', now: null });
  return items;
}
