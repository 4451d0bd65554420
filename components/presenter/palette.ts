/**
 * Colours of the presenter's own charts per theme. Lines differ by width and dash as well as hue, so they
 * stay apart on a washed-out projector, in greyscale and for colour-blind viewers.
 */
import type { PresenterTheme } from './theme';

export interface Palette {
  /** The truth: the boldest line, plain ink. */
  truth: string;
  /** The right way (deltas, the bridge): blue. */
  good: string;
  /** The wrong way (last writer): vermilion, dashed. */
  wrong: string;
  grid: string;
  axis: string;
}

export const PALETTES: Record<PresenterTheme, Palette> = {
  dark: { truth: '#ffffff', good: '#56b4e9', wrong: '#ff8a3d', grid: '#3a414d', axis: '#e6e9ee' },
  light: { truth: '#111111', good: '#0b62c4', wrong: '#b34700', grid: '#d5d8dd', axis: '#1f2937' },
};

export const DASH = { wrong: '10 6', none: undefined } as const;
