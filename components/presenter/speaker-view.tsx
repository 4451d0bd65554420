'use client';
/**
 * The speaker's window: the current scene's notes, a timer, the next scene (what its entry will do to the
 * lab, and its layout), and every control.
 * It follows the audience window over a BroadcastChannel, and moves it when the speaker changes scene here.
 */
import { useCallback, useEffect, useState } from 'react';
import { ConnectionBadge } from '../lab/connection-badge';
import { formatClock, formatElapsed } from './elapsed';
import { EntryNote } from './entry-note';
import { KeyHelp } from './key-help';
import type { PresenterCommand } from './keymap';
import { runCommand } from './run-command';
import type { PresenterMessage } from './presenter-messages';
import { PresenterToolbar } from './presenter-toolbar';
import { navigationTarget, nextScene, sceneHref, sceneIndex } from './scene-nav';
import { ScenePreview } from './scene-preview';
import styles from './speaker-view.module.css';
import { otherApp, shownScene } from './demo-app';
import { crashTarget } from './scene-routes';
import { SCENES } from './scenes';
import { useDemoApp } from './use-demo-app';
import { useFullscreen } from './use-fullscreen';
import { usePresenterChannel } from './use-presenter-channel';
import { usePresenterKeys } from './use-presenter-keys';
import { usePresenterLab } from './use-presenter-lab';
import { usePresenterTheme } from './use-presenter-theme';

/** sessionStorage: when this talk started, so reloading the speaker view keeps the timer running. */
const TIMER_KEY = 'scrape-lab-talk-started';

function readStart(): number {
  try {
    const stored = Number(sessionStorage.getItem(TIMER_KEY));
    if (Number.isFinite(stored) && stored > 0) return stored;
  } catch {
    // No storage: the timer starts with this page.
  }
  return Date.now();
}

function writeStart(start: number): void {
  try {
    sessionStorage.setItem(TIMER_KEY, String(start));
  } catch {
    // No storage: the timer is not kept across reloads.
  }
}

function useTalkTimer(): { elapsed: string; clock: string; restart: () => void } {
  const [start, setStart] = useState<number | null>(null);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const s = readStart();
    writeStart(s);
    setStart(s);
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const restart = useCallback(() => {
    const s = Date.now();
    writeStart(s);
    setStart(s);
    setNow(s);
  }, []);
  return {
    elapsed: start === null || now === null ? '0:00' : formatElapsed(now - start),
    clock: now === null ? '--:--' : formatClock(new Date(now)),
    restart,
  };
}

export function SpeakerView({ apiBase }: { apiBase: string }) {
  const lab = usePresenterLab(apiBase);
  const { snapshot } = lab.stream;
  const { commands } = lab;
  const theme = usePresenterTheme();
  const fullscreen = useFullscreen();
  const timer = useTalkTimer();
  const [help, setHelp] = useState(false);
  const [current, setCurrent] = useState<string>(SCENES[0]?.id ?? '');
  const [audience, setAudience] = useState<'unknown' | 'connected' | 'closed'>('unknown');

  const onMessage = useCallback((message: PresenterMessage) => {
    if (message.type === 'scene' && sceneIndex(SCENES, message.sceneId) !== -1) {
      setCurrent(message.sceneId);
      setAudience('connected');
    }
    if (message.type === 'bye') setAudience('closed');
  }, []);
  const post = usePresenterChannel(onMessage, true);
  useEffect(() => post({ type: 'hello' }), [post]);

  const index = sceneIndex(SCENES, current);
  const scene = SCENES[index] ?? null;
  const next = nextScene(SCENES, current);
  const app = useDemoApp();
  const shown = scene === null ? null : shownScene(scene, app.chosen, snapshot);
  const shownNext = next === null ? null : shownScene(next, app.chosen, snapshot);
  const crashRoute = shown === null || snapshot === null ? null : crashTarget(shown.routes, snapshot.routes);

  const go = (id: string | undefined) => {
    if (id === undefined) return;
    setCurrent(id);
    post({ type: 'go', sceneId: id });
  };

  const onCommand = (command: PresenterCommand) =>
    runCommand(command, {
      navigate: (to) => go(navigationTarget(SCENES, current, to)),
      togglePause: () => void commands.togglePause(),
      crashWorker: () => (crashRoute === null ? undefined : void commands.crashWorker(crashRoute)),
      killBridge: () => void commands.killBridge(),
      toggleFullscreen: fullscreen.toggle,
      toggleTheme: theme.toggle,
      toggleApp: () => (shown?.offered ? app.choose(otherApp(shown.app)) : undefined),
      setHelp,
    });
  usePresenterKeys(onCommand, true);

  const openAudience = () => window.open(sceneHref(current), 'scrape-lab-audience');
  const error = lab.actions.error ?? fullscreen.error;

  return (
    <div
      className="presenter speaker"
      data-testid="speaker"
      data-scene={current}
      data-audience={audience}
      data-paused={snapshot?.settings.paused}
    >
      <header className="speaker-head">
        <div className="speaker-now">
          <span className="speaker-label">Now · {scene?.talkSection}</span>
          <h1 data-testid="speaker-current">
            {index + 1}. {scene?.title}
          </h1>
          <p className="scene-claim">{shown?.claim}</p>
        </div>
        <div className="speaker-clock">
          <span className="speaker-timer" data-testid="speaker-timer" title="time since the talk started">
            {timer.elapsed}
          </span>
          <span className="speaker-wall" title="the time">
            {timer.clock}
          </span>
          <button type="button" className="tool" onClick={timer.restart} data-testid="speaker-timer-restart">
            Restart timer
          </button>
        </div>
      </header>

      <div className="speaker-body">
        <section className="speaker-notes" data-testid="speaker-notes" aria-label="notes">
          <ul>
            {shown?.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          {shown !== null && (shown.offered || shown.unavailable !== null) && (
            <p className="speaker-app" data-testid="speaker-app" data-app={shown.app}>
              {shown.offered
                ? `On the ${shown.app === 'django' ? 'Django' : 'Node'} app (a switches).`
                : `On the Node app, as ${shown.unavailable ?? ''}`}
            </p>
          )}
          {scene && (
            <div className={styles.entry}>
              <EntryNote scene={scene} settings={snapshot?.settings ?? null} status="entered" />
            </div>
          )}
        </section>
        <section className="speaker-next" data-testid="speaker-next" data-next={next?.id}>
          {next === null ? (
            <p className="speaker-end">Last scene: next is questions.</p>
          ) : (
            <>
              <h2>
                Next: {index + 2}. {next.title}
              </h2>
              <p className="speaker-next-claim">{shownNext?.claim}</p>
              <div className={styles.entry}>
                <EntryNote
                  scene={next}
                  settings={snapshot?.settings ?? null}
                  status="waiting"
                  testId="speaker-next-entry"
                />
              </div>
              <ScenePreview src={`${sceneHref(next.id)}?preview=1`} title={`layout of ${next.title}`} />
            </>
          )}
        </section>
      </div>

      <div className="speaker-status">
        <ConnectionBadge
          connection={lab.stream.connection}
          attempts={lab.stream.attempts}
          problem={lab.stream.problem}
          badMessages={lab.stream.badMessages}
          lastBadMessage={lab.stream.lastBadMessage}
        />
        <span className="speaker-audience" data-testid="speaker-audience">
          {audience === 'connected'
            ? 'Audience window follows.'
            : audience === 'closed'
              ? 'The audience window was closed.'
              : 'No audience window answered yet.'}
        </span>
        {audience !== 'connected' && (
          <button type="button" className="tool" onClick={openAudience} data-testid="speaker-open-audience">
            Open the audience window
          </button>
        )}
        {error !== null && (
          <span className="stage-error" role="alert">
            {error}
            <button type="button" className="tool" onClick={lab.actions.dismissError} aria-label="dismiss">
              ✕
            </button>
          </span>
        )}
      </div>

      <footer className="stage-foot">
        <nav className="speaker-jump" aria-label="scenes">
          {SCENES.map((s, i) => (
            <button
              key={s.id}
              type="button"
              className={`tool ${s.id === current ? 'tool-on' : ''}`}
              aria-current={s.id === current ? 'step' : undefined}
              title={s.title}
              data-testid={`speaker-jump-${i + 1}`}
              onClick={() => go(s.id)}
            >
              {i + 1}
            </button>
          ))}
        </nav>
        <PresenterToolbar
          position={scene === null ? null : index + 1}
          total={SCENES.length}
          canGoBack={index > 0}
          canGoForward={index < SCENES.length - 1}
          paused={snapshot?.settings.paused ?? null}
          crashRoute={crashRoute}
          busy={lab.actions.pending !== null}
          fullscreen={fullscreen.fullscreen}
          theme={theme.theme}
          onPrevious={() => onCommand('previous')}
          onNext={() => onCommand('next')}
          onTogglePause={() => onCommand('toggle-pause')}
          onCrashWorker={() => onCommand('crash-worker')}
          onKillBridge={() => onCommand('kill-bridge')}
          onReset={() => void commands.reset()}
          onFullscreen={fullscreen.toggle}
          onTheme={theme.toggle}
          onHelp={() => setHelp((h) => !h)}
        />
      </footer>
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
