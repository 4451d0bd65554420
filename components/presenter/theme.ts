/**
 * The presenter's two themes. Dark is the default: high contrast, and it keeps a dim room dim. The choice is
 * remembered per browser and applied before the first paint by a tiny inline script.
 */

export type PresenterTheme = 'dark' | 'light';

export const DEFAULT_THEME: PresenterTheme = 'dark';

/** localStorage key; the `storage` event carries changes to the other open windows. */
export const THEME_STORAGE_KEY = 'scrape-lab-presenter-theme';

/** The attribute on <html> the stylesheet keys the light theme on. */
export const THEME_ATTRIBUTE = 'data-presenter-theme';

/** A stored value as a theme; anything else (nothing stored, an old value) is the default. */
export function parseTheme(stored: string | null | undefined): PresenterTheme {
  return stored === 'light' || stored === 'dark' ? stored : DEFAULT_THEME;
}

export function otherTheme(theme: PresenterTheme): PresenterTheme {
  return theme === 'dark' ? 'light' : 'dark';
}

/** Runs in <head> before the page paints, so a light-theme room never sees a dark flash. */
export const THEME_BOOT_SCRIPT =
  `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});` +
  `document.documentElement.setAttribute(${JSON.stringify(THEME_ATTRIBUTE)},t==='light'?'light':'dark')}catch(e){}`;
