/**
 * The diagrams' colours for a dark and a light room. Text is ink or muted on the panel colour, both above
 * 7:1 contrast; worker hues come from the page's palette and always travel with a shape and a label.
 */

export type DiagramThemeName = 'dark' | 'light';

export interface DiagramTheme {
  background: string;
  panel: string;
  ink: string;
  muted: string;
  border: string;
  /** Request and packet flows: present but quieter than the scrapes. */
  flow: string;
  track: string;
  failure: string;
  good: string;
  /** A component that is down: its box and text. */
  downFill: string;
  downInk: string;
  bridge: string;
  bridgeFill: string;
  prometheus: string;
  prometheusFill: string;
  app: string;
  appFill: string;
  /** Drawn under coloured strokes so dark hues still stand out from the background. */
  casing: string;
}

export const DIAGRAM_THEMES: Record<DiagramThemeName, DiagramTheme> = {
  light: {
    background: '#ffffff',
    panel: '#f3f4f6',
    ink: '#0f1115',
    muted: '#3d4450',
    border: '#1f2937',
    flow: '#6b7280',
    track: '#d1d5db',
    failure: '#c40000',
    good: '#0a7a33',
    downFill: '#e5e7eb',
    downInk: '#4b5563',
    bridge: '#0a7a33',
    bridgeFill: '#e7f5ec',
    prometheus: '#b34700',
    prometheusFill: '#fdf0e7',
    app: '#0b62c4',
    appFill: '#e8f0fb',
    casing: '#ffffff',
  },
  dark: {
    background: '#0f1115',
    panel: '#1c2129',
    ink: '#f5f7fa',
    muted: '#c9ced6',
    border: '#d0d5dc',
    flow: '#9aa3b0',
    track: '#3a414d',
    failure: '#ff6b6b',
    good: '#4cc38a',
    downFill: '#2a2f37',
    downInk: '#a7aeb8',
    bridge: '#4cc38a',
    bridgeFill: '#13271d',
    prometheus: '#ff8a3d',
    prometheusFill: '#2d1c10',
    app: '#6cb2ff',
    appFill: '#14233a',
    casing: '#e6e9ee',
  },
};
