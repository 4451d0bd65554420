import type { PresenterCommand } from './keymap';
import type { Navigation } from './scene-nav';

/** What a window does for each command; the two windows differ only in how they navigate. */
export interface CommandHandlers {
  navigate: (to: Navigation) => void;
  togglePause: () => void;
  crashWorker: () => void;
  killBridge: () => void;
  toggleFullscreen: () => void;
  toggleTheme: () => void;
  /** Switches between the Node and the Django app, where the scene offers both. */
  toggleApp: () => void;
  setHelp: (update: (open: boolean) => boolean) => void;
}

/** Runs one presenter command, from a key or a button, in the audience window or the speaker view. */
export function runCommand(command: PresenterCommand, handlers: CommandHandlers): void {
  switch (command) {
    case 'previous':
    case 'next':
    case 'first':
    case 'last':
      return handlers.navigate(command);
    case 'toggle-pause':
      return handlers.togglePause();
    case 'crash-worker':
      return handlers.crashWorker();
    case 'kill-bridge':
      return handlers.killBridge();
    case 'fullscreen':
      return handlers.toggleFullscreen();
    case 'toggle-theme':
      return handlers.toggleTheme();
    case 'toggle-app':
      return handlers.toggleApp();
    case 'toggle-help':
      return handlers.setHelp((open) => !open);
    case 'close-help':
      return handlers.setHelp(() => false);
  }
}
