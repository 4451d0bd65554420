import { describe, expect, it } from 'vitest';
import type { PresenterCommand } from './keymap';
import { runCommand, type CommandHandlers } from './run-command';

function recorder(helpOpen: boolean): { calls: string[]; handlers: CommandHandlers } {
  const calls: string[] = [];
  return {
    calls,
    handlers: {
      navigate: (to) => calls.push(`navigate ${to}`),
      togglePause: () => calls.push('togglePause'),
      crashWorker: () => calls.push('crashWorker'),
      killBridge: () => calls.push('killBridge'),
      toggleFullscreen: () => calls.push('toggleFullscreen'),
      toggleTheme: () => calls.push('toggleTheme'),
      toggleApp: () => calls.push('toggleApp'),
      setHelp: (update) => calls.push(`help ${update(helpOpen)}`),
    },
  };
}

describe('runCommand', () => {
  it.each<{ command: PresenterCommand; helpOpen: boolean; want: string }>([
    { command: 'previous', helpOpen: false, want: 'navigate previous' },
    { command: 'next', helpOpen: false, want: 'navigate next' },
    { command: 'first', helpOpen: false, want: 'navigate first' },
    { command: 'last', helpOpen: false, want: 'navigate last' },
    { command: 'toggle-pause', helpOpen: false, want: 'togglePause' },
    { command: 'crash-worker', helpOpen: false, want: 'crashWorker' },
    { command: 'kill-bridge', helpOpen: false, want: 'killBridge' },
    { command: 'fullscreen', helpOpen: false, want: 'toggleFullscreen' },
    { command: 'toggle-theme', helpOpen: false, want: 'toggleTheme' },
    { command: 'toggle-app', helpOpen: false, want: 'toggleApp' },
    { command: 'toggle-help', helpOpen: false, want: 'help true' },
    { command: 'toggle-help', helpOpen: true, want: 'help false' },
    { command: 'close-help', helpOpen: true, want: 'help false' },
  ])('$command (help open: $helpOpen) → $want', ({ command, helpOpen, want }) => {
    const { calls, handlers } = recorder(helpOpen);
    runCommand(command, handlers);
    expect(calls).toEqual([want]);
  });
});
