'use client';
/** The lab as the presenter uses it: the live snapshot, and the calls every button and key makes. */
import { useMemo } from 'react';
import type { LabSettings } from '../../server/lab/types';
import { useLabActions, type LabActions } from '../lab/use-lab-actions';
import { useLabStreamAt, type LabStream } from '../lab/use-lab-stream';

export interface LabCommands {
  settings: (patch: Partial<LabSettings>) => Promise<boolean>;
  togglePause: () => Promise<boolean>;
  /** Crashes one worker of `route` (the app picks which when `workerId` is left out). */
  crashWorker: (route: string, workerId?: number) => Promise<boolean>;
  /** Crashes one worker of every app at once, so every route shows what a crash does to it. */
  crashEverywhere: () => Promise<boolean>;
  killBridge: () => Promise<boolean>;
  reset: () => Promise<boolean>;
}

export interface PresenterLab {
  stream: LabStream;
  actions: LabActions;
  commands: LabCommands;
}

export function usePresenterLab(apiBase: string): PresenterLab {
  const stream = useLabStreamAt(apiBase);
  const actions = useLabActions(apiBase);
  const paused = stream.snapshot?.settings.paused;
  const { send } = actions;

  const commands = useMemo<LabCommands>(
    () => ({
      settings: (patch) => send('settings', 'settings', patch),
      togglePause: () =>
        paused === undefined
          ? Promise.resolve(false)
          : send(paused ? 'resume' : 'pause', 'settings', { paused: !paused }),
      crashWorker: (route, workerId) =>
        send('crash-worker', 'crash-worker', workerId === undefined ? { route } : { route, workerId }),
      crashEverywhere: () => send('crash-everywhere', 'crash-everywhere', {}),
      killBridge: () => send('kill-bridge', 'kill-bridge'),
      reset: () => send('reset', 'reset'),
    }),
    [send, paused],
  );

  return { stream, actions, commands };
}
