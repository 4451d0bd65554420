'use client';
/**
 * The presenter's choice of demo app, kept in localStorage: a change reaches every open window (the speaker
 * view and its previews) through the `storage` event. Hydration renders the default, as the server did.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { APP_STORAGE_KEY, DEFAULT_APP, parseDemoApp, type DemoApp } from './demo-app';

const listeners = new Set<() => void>();
// Also kept here, so the switch works where storage is refused (it is then only not remembered).
let memory: DemoApp | null = null;

function current(): DemoApp {
  if (memory === null) {
    try {
      memory = parseDemoApp(localStorage.getItem(APP_STORAGE_KEY));
    } catch {
      memory = DEFAULT_APP;
    }
  }
  return memory;
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== APP_STORAGE_KEY) return;
    memory = parseDemoApp(event.newValue);
    onChange();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

export interface DemoAppChoice {
  chosen: DemoApp;
  choose: (app: DemoApp) => void;
}

export function useDemoApp(): DemoAppChoice {
  const chosen = useSyncExternalStore(subscribe, current, () => DEFAULT_APP);
  const choose = useCallback((app: DemoApp) => {
    memory = app;
    try {
      localStorage.setItem(APP_STORAGE_KEY, app);
    } catch {
      // Storage refused (private mode, quota): this window still switches, the others do not hear of it.
    }
    for (const listener of listeners) listener();
  }, []);
  return { chosen, choose };
}
