'use client';
/**
 * The audience window's frame, kept across scene changes (it is the scenes' layout): the lab stream, the
 * scene entry, keys, the speaker view's channel, and the footer saying what the scene set. The scene
 * itself (header and body) is the page inside it.
 */
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { EntryNote } from './entry-note';
import { KeyHelp } from './key-help';
import type { PresenterCommand } from './keymap';
import { runCommand } from './run-command';
import { PresenterContext } from './presenter-context';
import type { PresenterMessage } from './presenter-messages';
import { PresenterToolbar } from './presenter-toolbar';
import { navigationTarget, sceneHref, sceneIdFromPath, sceneIndex } from './scene-nav';
import { otherApp, shownScene } from './demo-app';
import { crashTarget } from './scene-routes';
import { SCENES } from './scenes';
import { useDemoApp } from './use-demo-app';
import { useFullscreen } from './use-fullscreen';
import { usePresenterChannel, type PostMessage } from './use-presenter-channel';
import { usePresenterKeys } from './use-presenter-keys';
import { usePresenterLab } from './use-presenter-lab';
import { usePresenterTheme } from './use-presenter-theme';
import { useSceneEntry } from './use-scene-entry';

export interface PresenterStageProps {
  /** The web app's proxy prefix for the lab API, e.g. `/api/lab`. */
  apiBase: string;
  /** Where the speaker view lives, opened in its own window. */
  speakerHref: string;
  children: ReactNode;
}

/** A preview is the same page with `?preview`: it shows the scene and leaves the lab and the keys alone. */
function isPreviewUrl(): boolean {
  return new URLSearchParams(window.location.search).has('preview');
}

export function PresenterStage({ apiBase, speakerHref, children }: PresenterStageProps) {
  const router = useRouter();
  const pathname = usePathname();
  const sceneId = sceneIdFromPath(pathname);
  const index = sceneId === null ? -1 : sceneIndex(SCENES, sceneId);
  const scene = SCENES[index] ?? null;

  // Unknown until mounted: nothing drives the lab before it is known that this window may.
  const [preview, setPreview] = useState<boolean | null>(null);
  useEffect(() => setPreview(isPreviewUrl()), []);
  const driving = preview === false;

  const lab = usePresenterLab(apiBase);
  const { snapshot } = lab.stream;
  const { commands } = lab;
  const theme = usePresenterTheme();
  const fullscreen = useFullscreen();
  const [help, setHelp] = useState(false);
  const entry = useSceneEntry({
    scene,
    settings: snapshot?.settings ?? null,
    epoch: snapshot?.epoch ?? null,
    enabled: driving,
    commands,
  });
  const app = useDemoApp();
  // What the scene shows on the app it shows it on: `k` crashes a worker of that app.
  const shown = scene === null ? null : shownScene(scene, app.chosen, snapshot);
  const crashRoute = shown === null || snapshot === null ? null : crashTarget(shown.routes, snapshot.routes);

  // The scene last asked for: a second press before the first navigation lands steps on from there.
  const target = useRef<string | null>(null);
  useEffect(() => {
    if (target.current === sceneId) target.current = null;
  }, [sceneId]);
  const goTo = useCallback(
    (id: string | undefined) => {
      if (id === undefined || id === (target.current ?? sceneId)) return;
      target.current = id;
      router.push(sceneHref(id));
    },
    [router, sceneId],
  );

  const onMessage = useCallback(
    (message: PresenterMessage, reply: PostMessage) => {
      if (message.type === 'hello' && sceneId !== null) reply({ type: 'scene', sceneId });
      if (message.type === 'go' && sceneIndex(SCENES, message.sceneId) !== -1) goTo(message.sceneId);
    },
    [sceneId, goTo],
  );
  const post = usePresenterChannel(onMessage, driving);

  useEffect(() => {
    if (driving && sceneId !== null) post({ type: 'scene', sceneId });
  }, [driving, sceneId, post]);

  useEffect(() => {
    if (!driving) return;
    const onPageHide = () => post({ type: 'bye' });
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, [driving, post]);

  const onCommand = (command: PresenterCommand) =>
    runCommand(command, {
      navigate: (to) => goTo(navigationTarget(SCENES, target.current ?? sceneId ?? '', to)),
      togglePause: () => void commands.togglePause(),
      crashWorker: () => (crashRoute === null ? undefined : void commands.crashWorker(crashRoute)),
      killBridge: () => void commands.killBridge(),
      toggleFullscreen: fullscreen.toggle,
      toggleTheme: theme.toggle,
      toggleApp: () => (shown?.offered ? app.choose(otherApp(shown.app)) : undefined),
      setHelp,
    });
  usePresenterKeys(onCommand, driving);

  const error = lab.actions.error ?? fullscreen.error;

  return (
    <div
      className="presenter presenter-stage"
      data-testid="presenter"
      data-scene={sceneId ?? undefined}
      data-preview={preview ?? undefined}
      data-entry={entry.sceneId === sceneId ? entry.status : 'waiting'}
      data-connection={lab.stream.connection}
      data-now={snapshot?.now}
      data-epoch={snapshot?.epoch}
      data-paused={snapshot?.settings.paused}
      data-workers={snapshot?.settings.workers}
      data-keep-alive={snapshot?.settings.metricsKeepAlive}
      data-buffer={snapshot?.settings.statsdBufferSize}
    >
      <PresenterContext.Provider value={{ lab, theme: theme.theme, preview: preview !== false, entry, app }}>
        <div className="stage-scene">{children}</div>
      </PresenterContext.Provider>
      {preview === false && (
        <footer className="stage-foot">
          {scene !== null && (
            <EntryNote
              scene={scene}
              settings={snapshot?.settings ?? null}
              status={entry.sceneId === scene.id ? entry.status : 'waiting'}
            />
          )}
          {error !== null && (
            <p className="stage-error" role="alert" data-testid="stage-error">
              {error}
              <button type="button" className="tool" onClick={lab.actions.dismissError} aria-label="dismiss">
                ✕
              </button>
            </p>
          )}
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
            onTogglePause={() => void commands.togglePause()}
            onCrashWorker={() => crashRoute !== null && void commands.crashWorker(crashRoute)}
            onKillBridge={() => void commands.killBridge()}
            onReset={() => void commands.reset()}
            onFullscreen={fullscreen.toggle}
            onTheme={theme.toggle}
            onHelp={() => setHelp((h) => !h)}
            onSpeakerView={() =>
              window.open(speakerHref, 'scrape-lab-speaker', 'popup,width=1280,height=800')
            }
          />
        </footer>
      )}
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
