'use client';
/**
 * Applies a scene's lab settings when the audience window enters it: once per entry, one entry at a time
 * (a fast clicker queues them), and not again on a reload of the same scene.
 */
import { useEffect, useRef, useState } from 'react';
import type { LabSettings } from '../../server/lab/types';
import { planEntry } from './scene-entry';
import type { Scene } from './scenes';
import type { LabCommands } from './use-presenter-lab';

/** sessionStorage: per tab, so it survives a reload of that tab and nothing else. */
const LAST_ENTERED_KEY = 'scrape-lab-last-entered-scene';

export type EntryStatus = 'waiting' | 'applying' | 'applied' | 'kept' | 'failed';

export interface EntryState {
  sceneId: string | null;
  status: EntryStatus;
}

function readLastEntered(): string | null {
  try {
    return sessionStorage.getItem(LAST_ENTERED_KEY);
  } catch {
    return null;
  }
}

function writeLastEntered(id: string): void {
  try {
    sessionStorage.setItem(LAST_ENTERED_KEY, id);
  } catch {
    // Without storage a reload enters the scene again: its settings are sent again, nothing worse.
  }
}

export interface SceneEntryOptions {
  scene: Scene | null;
  /** The lab's settings from the latest snapshot; null before the first one. */
  settings: LabSettings | null;
  /** The latest snapshot's epoch: a reset is done for the page once a snapshot of a later epoch is in. */
  epoch: number | null;
  /** False in a preview or before it is known whether this window is one. */
  enabled: boolean;
  commands: LabCommands;
}

/**
 * A stream that stays silent this long after the lab accepted an entry is stuck: the entry is reported as
 * failed rather than holding every later entry in the queue.
 */
const SHOWN_WITHIN_MS = 20_000;

/** True when `promise` settles within `ms`, false when the time runs out first. */
function settle(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** What the page shows of the lab: enough to tell when an entry has landed on screen. */
interface Seen {
  settings: LabSettings;
  epoch: number;
}

export function useSceneEntry({ scene, settings, epoch, enabled, commands }: SceneEntryOptions): EntryState {
  const [state, setState] = useState<EntryState>({ sceneId: null, status: 'waiting' });
  // What the lab has, as far as this window knows: the latest snapshot, plus patches it has since sent.
  const known = useRef<LabSettings | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const entered = useRef<string | null>(null);
  const seen = useRef<Seen | null>(null);
  // An entry is done for the audience once a snapshot shows it, not when the lab answered: until then the
  // screen would show the settings, or the counters, from before it.
  const waiter = useRef<{ until: (s: Seen) => boolean; resolve: () => void } | null>(null);
  const hasSettings = settings !== null;

  useEffect(() => {
    if (settings === null || epoch === null) return;
    known.current = { ...settings };
    seen.current = { settings, epoch };
    const pending = waiter.current;
    if (pending !== null && pending.until(seen.current)) {
      waiter.current = null;
      pending.resolve();
    }
  }, [settings, epoch]);

  useEffect(() => {
    if (!enabled || scene === null || !hasSettings || entered.current === scene.id) return;
    entered.current = scene.id;
    const lastEntered = readLastEntered();
    writeLastEntered(scene.id);
    queue.current = queue.current.then(async () => {
      const current = known.current;
      const plan = current === null ? null : planEntry({ scene, current, lastEntered });
      if (plan === null) {
        setState({ sceneId: scene.id, status: 'kept' });
        return;
      }
      if (Object.keys(plan.patch).length === 0 && !plan.reset) {
        setState({ sceneId: scene.id, status: 'applied' });
        return;
      }
      setState({ sceneId: scene.id, status: 'applying' });
      const epochBefore = seen.current?.epoch ?? 0;
      const patch = Object.entries(plan.patch) as [keyof LabSettings, unknown][];
      const shown = new Promise<void>((resolve) => {
        waiter.current = {
          until: (s) =>
            patch.every(([key, value]) => s.settings[key] === value) &&
            (!plan.reset || s.epoch > epochBefore),
          resolve,
        };
      });
      let ok = true;
      if (patch.length > 0) {
        ok = await commands.settings(plan.patch);
        if (ok && known.current !== null) known.current = { ...known.current, ...plan.patch };
      }
      if (ok && plan.reset) ok = await commands.reset();
      if (ok) ok = await settle(shown, SHOWN_WITHIN_MS);
      waiter.current = null;
      setState({ sceneId: scene.id, status: ok ? 'applied' : 'failed' });
    });
  }, [enabled, scene, hasSettings, commands]);

  return state;
}
