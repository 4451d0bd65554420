'use client';
/**
 * The presenter's theme, kept on <html> (the boot script sets it before the first paint). Hydration renders
 * the default as the server did, then the attribute's value; a change reaches every open window through
 * localStorage's `storage` event.
 */
import { useCallback, useSyncExternalStore } from 'react';
import {
  DEFAULT_THEME,
  otherTheme,
  parseTheme,
  THEME_ATTRIBUTE,
  THEME_STORAGE_KEY,
  type PresenterTheme,
} from './theme';

function current(): PresenterTheme {
  return parseTheme(document.documentElement.getAttribute(THEME_ATTRIBUTE));
}

function apply(theme: PresenterTheme): void {
  document.documentElement.setAttribute(THEME_ATTRIBUTE, theme);
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: [THEME_ATTRIBUTE] });
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY) apply(parseTheme(event.newValue));
  };
  window.addEventListener('storage', onStorage);
  return () => {
    observer.disconnect();
    window.removeEventListener('storage', onStorage);
  };
}

export function usePresenterTheme(): { theme: PresenterTheme; toggle: () => void } {
  const theme = useSyncExternalStore(subscribe, current, () => DEFAULT_THEME);
  const toggle = useCallback(() => {
    const next = otherTheme(current());
    apply(next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode, quota): the theme still changes, it is just not remembered.
    }
  }, []);
  return { theme, toggle };
}
