/**
 * What entering a scene does to the lab (entry-wording says it in words). Only settings that differ are
 * sent, and a reload of the scene just entered changes nothing: the presenter's own changes since entry stay.
 */
import type { LabSettings } from '../../server/lab/types';
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
export const SETTING_ORDER: readonly (keyof LabSettings)[] = [
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
