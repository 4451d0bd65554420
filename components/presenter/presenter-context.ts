'use client';
/** What the audience window's frame shares with the scene it shows. */
import { createContext, useContext } from 'react';
import type { PresenterTheme } from './theme';
import type { DemoAppChoice } from './use-demo-app';
import type { EntryState } from './use-scene-entry';
import type { PresenterLab } from './use-presenter-lab';

export interface PresenterContextValue {
  lab: PresenterLab;
  theme: PresenterTheme;
  /** Shown as the speaker view's preview of the next scene: it watches, it never drives the lab. */
  preview: boolean;
  entry: EntryState;
  /** Which app the scenes that have a Django variant show, as the presenter chose it. */
  app: DemoAppChoice;
}

export const PresenterContext = createContext<PresenterContextValue | null>(null);

export function usePresenter(): PresenterContextValue {
  const value = useContext(PresenterContext);
  if (value === null) throw new Error('usePresenter: a scene must be rendered inside the PresenterStage');
  return value;
}
