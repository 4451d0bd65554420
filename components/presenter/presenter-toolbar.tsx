import type { PresenterTheme } from './theme';

export interface PresenterToolbarProps {
  /** 1-based position of the current scene, or null off the scene list. */
  position: number | null;
  total: number;
  canGoBack: boolean;
  canGoForward: boolean;
  /** null before the first snapshot. */
  paused: boolean | null;
  /** The app `k` crashes a worker of, or null when the scene has none. */
  crashRoute: string | null;
  /** A control call is in flight. */
  busy: boolean;
  fullscreen: boolean;
  theme: PresenterTheme;
  onPrevious: () => void;
  onNext: () => void;
  onTogglePause: () => void;
  onCrashWorker: () => void;
  onKillBridge: () => void;
  onReset: () => void;
  onFullscreen: () => void;
  onTheme: () => void;
  onHelp: () => void;
  /** Opens the speaker view; absent in the speaker view itself. */
  onSpeakerView?: () => void;
}

function Key({ children }: { children: string }) {
  return <kbd className="key">{children}</kbd>;
}

/** A button for every key, so everything the keys do can also be clicked. */
export function PresenterToolbar(p: PresenterToolbarProps) {
  return (
    <nav className="toolbar" aria-label="presenter controls" data-testid="presenter-toolbar">
      <span className="toolbar-group">
        <button
          type="button"
          className="tool"
          data-testid="tool-previous"
          disabled={!p.canGoBack}
          onClick={p.onPrevious}
          aria-label="previous scene"
        >
          ◀ <Key>←</Key>
        </button>
        <span className="toolbar-position" data-testid="scene-position">
          {p.position === null ? '–' : p.position} / {p.total}
        </span>
        <button
          type="button"
          className="tool"
          data-testid="tool-next"
          disabled={!p.canGoForward}
          onClick={p.onNext}
          aria-label="next scene"
        >
          <Key>→</Key> ▶
        </button>
      </span>
      <span className="toolbar-group">
        <button
          type="button"
          className={`tool ${p.paused ? 'tool-on' : ''}`}
          data-testid="tool-pause"
          data-paused={p.paused ?? undefined}
          disabled={p.paused === null || p.busy}
          onClick={p.onTogglePause}
        >
          {p.paused ? '▶ Resume' : '❚❚ Pause'} <Key>Space</Key>
        </button>
        <button
          type="button"
          className="tool tool-danger"
          data-testid="tool-crash"
          disabled={p.crashRoute === null || p.busy}
          onClick={p.onCrashWorker}
          title={
            p.crashRoute === null ? 'this scene shows no app' : `crash a worker of the ${p.crashRoute} app`
          }
        >
          Crash a worker <Key>k</Key>
        </button>
        <button
          type="button"
          className="tool tool-danger"
          data-testid="tool-kill-bridge"
          disabled={p.busy}
          onClick={p.onKillBridge}
        >
          Kill bridge <Key>b</Key>
        </button>
        <button type="button" className="tool" data-testid="tool-reset" disabled={p.busy} onClick={p.onReset}>
          Reset
        </button>
      </span>
      <span className="toolbar-group">
        <button
          type="button"
          className="tool"
          data-testid="tool-fullscreen"
          aria-pressed={p.fullscreen}
          onClick={p.onFullscreen}
        >
          {p.fullscreen ? 'Exit full screen' : 'Full screen'} <Key>f</Key>
        </button>
        <button
          type="button"
          className="tool"
          data-testid="tool-theme"
          data-theme={p.theme}
          onClick={p.onTheme}
        >
          {p.theme === 'dark' ? 'Light theme' : 'Dark theme'} <Key>t</Key>
        </button>
        <button type="button" className="tool" data-testid="tool-help" onClick={p.onHelp}>
          Keys <Key>?</Key>
        </button>
        {p.onSpeakerView && (
          <button type="button" className="tool" data-testid="tool-speaker" onClick={p.onSpeakerView}>
            Speaker view
          </button>
        )}
      </span>
    </nav>
  );
}
