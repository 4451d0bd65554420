'use client';
/**
 * One scene: its title and claim, then what its view renders from the live snapshot (in a preview, only its
 * layout: the next scene's entry will change the lab first). Everything stateful comes from the stage
 * around it; the only state here is the burst of the UDP scene.
 */
import { useState, type ReactNode } from 'react';
import type { LabSnapshot, RouteView } from '../../server/lab/types';
import { DeploymentDiagram } from '../diagram/deployment-diagram';
import { ConnectionBadge } from '../lab/connection-badge';
import { timeDomain } from '../lab/series';
import { useLabActions } from '../lab/use-lab-actions';
import { AlternativesScene } from './alternatives-scene';
import { BasicsScene } from './basics-scene';
import {
  burstOutcome,
  latestMark,
  udpMark,
  udpOutcome,
  type CounterMark,
  type UdpMark,
} from './burst-outcome';
import { shownScene, type DemoApp, type ShownScene } from './demo-app';
import { GaugesScene } from './gauges-scene';
import { PALETTES } from './palette';
import { usePresenter } from './presenter-context';
import {
  BridgeDiesScene,
  BridgeScene,
  CounterScene,
  PrometheusScene,
  UdpLossScene,
  type RouteSceneProps,
} from './route-scenes';
import { AppSwitch, AppUnavailable, MissingRoute } from './scene-parts';
import { findRoute } from './scene-routes';
import { SceneSketch } from './scene-sketch';
import { SCENES } from './scenes';
import { ScoreboardScene } from './scoreboard-scene';

export interface SceneViewProps {
  sceneId: string;
  /** The scene's source walkthrough on each app, rendered on the server; null where it shows none. */
  sources: Readonly<Record<DemoApp, ReactNode>>;
  /** The proxy prefix, for the burst's own control calls. */
  apiBase: string;
}

/** Shortest time axis, so the first seconds after a reset do not fill the whole width. */
const MIN_WINDOW_SECONDS = 30;

export function SceneView({ sceneId, sources, apiBase }: SceneViewProps) {
  const index = SCENES.findIndex((s) => s.id === sceneId);
  const scene = SCENES[index];
  if (scene === undefined) throw new Error(`SceneView: unknown scene "${sceneId}"`);
  const { lab, app, preview } = usePresenter();
  const { snapshot } = lab.stream;
  const stream = lab.stream;
  const shown = shownScene(scene, app.chosen, snapshot);

  return (
    <article
      className={`scene scene-${shown.view.kind}`}
      data-testid="scene"
      data-scene-id={scene.id}
      data-app={shown.app}
    >
      <header className="scene-head">
        <span className="scene-number" aria-label={`scene ${index + 1}`}>
          {index + 1}
        </span>
        <div className="scene-titles">
          <h1 data-testid="scene-title">{scene.title}</h1>
          <p className="scene-claim">{shown.claim}</p>
          <AppUnavailable shown={shown} />
        </div>
        <AppSwitch shown={shown} disabled={preview} onChoose={app.choose} />
        <ConnectionBadge
          connection={stream.connection}
          attempts={stream.attempts}
          problem={stream.problem}
          badMessages={stream.badMessages}
          lastBadMessage={stream.lastBadMessage}
        />
      </header>
      <div className="scene-body">
        {shown.view.kind === 'deployment' ? (
          <DeploymentBody manifests={sources.node} />
        ) : snapshot === null ? (
          <p className="waiting" data-testid="waiting">
            Waiting for the lab’s first snapshot…
          </p>
        ) : preview ? (
          <SceneSketch view={shown.view} source={sources[shown.app]} />
        ) : (
          <LiveBody
            sceneId={scene.id}
            shown={shown}
            snapshot={snapshot}
            source={sources[shown.app]}
            apiBase={apiBase}
          />
        )}
      </div>
    </article>
  );
}

function DeploymentBody({ manifests }: { manifests: ReactNode }) {
  const { theme } = usePresenter();
  return (
    <div className="deployment" data-testid="deployment">
      <DeploymentDiagram theme={theme} />
      <div className="deployment-manifests" data-testid="deployment-manifests">
        {manifests}
      </div>
    </div>
  );
}

function LiveBody({
  sceneId,
  shown,
  snapshot,
  source,
  apiBase,
}: {
  sceneId: string;
  shown: ShownScene;
  snapshot: LabSnapshot;
  source: ReactNode;
  apiBase: string;
}) {
  const { lab, theme } = usePresenter();
  const { view } = shown;
  const slots = lab.stream.workerSlots;
  const busy = lab.actions.pending !== null;
  const palette = PALETTES[theme];

  const withRoute = (id: string, render: (route: RouteView, domain: [number, number]) => ReactNode) => {
    const route = findRoute(snapshot.routes, id);
    if (route === null) return <MissingRoute id={id} />;
    return render(route, timeDomain(route, snapshot.now, MIN_WINDOW_SECONDS));
  };
  const common = (route: RouteView, domain: [number, number], aside: RouteSceneProps['aside']) => ({
    snapshot,
    route,
    slots,
    domain,
    theme,
    aside,
    source,
  });

  switch (view.kind) {
    case 'basics':
      return withRoute(view.route, (route, domain) => (
        <BasicsScene route={route} now={snapshot.now} domain={domain} palette={palette} />
      ));
    case 'scraped-counter':
      return withRoute(view.route, (route, domain) => (
        <CounterScene {...common(route, domain, view.aside)} />
      ));
    case 'prometheus':
      return withRoute(view.route, (route, domain) => (
        <PrometheusScene
          {...common(route, domain, view.aside)}
          busy={busy}
          onKeepAlive={(metricsKeepAlive) => void lab.commands.settings({ metricsKeepAlive })}
        />
      ));
    case 'alternatives':
      return <AlternativesScene alternatives={view.alternatives} snapshot={snapshot} />;
    case 'bridge':
      return withRoute(view.route, (route, domain) => (
        <BridgeScene
          {...common(route, domain, view.aside)}
          compareWith={findRoute(snapshot.routes, view.compareWith)}
          compareId={view.compareWith}
          timerUnits={view.timerUnits ?? null}
        />
      ));
    case 'bridge-dies':
      return withRoute(view.route, (route, domain) => (
        <BridgeDiesScene
          {...common(route, domain, view.aside)}
          busy={busy}
          onKillBridge={() => void lab.commands.killBridge()}
        />
      ));
    case 'udp-loss':
      return withRoute(view.route, (route, domain) => (
        <UdpLoss
          key={sceneId}
          props={common(route, domain, view.aside)}
          burstRequests={view.burstRequests}
          apiBase={apiBase}
        />
      ));
    case 'gauges':
      return withRoute(view.route, (route, domain) => (
        <GaugesScene route={route} now={snapshot.now} domain={domain} palette={palette} source={source} />
      ));
    case 'scoreboard':
      return (
        <ScoreboardScene
          routes={view.routes}
          snapshot={snapshot}
          busy={busy}
          onCrashEverywhere={() => void lab.commands.crashEverywhere()}
          theme={theme}
          slots={slots}
        />
      );
    case 'deployment':
      return null;
  }
}

/** The UDP scene's burst: its own control calls, so the toolbar stays usable while a burst runs. */
function UdpLoss({
  props,
  burstRequests,
  apiBase,
}: {
  props: RouteSceneProps;
  burstRequests: number;
  apiBase: string;
}) {
  const { lab } = usePresenter();
  const burst = useLabActions(apiBase);
  // The mark is only comparable within its epoch: a reset restarts every counter.
  const [start, setStart] = useState<{ mark: CounterMark | null; udp: UdpMark; epoch: number } | null>(null);
  const { route, snapshot } = props;
  const sameEpoch = start !== null && start.epoch === snapshot.epoch;

  const onBurst = () => {
    setStart({ mark: latestMark(route.scrapes), udp: udpMark(snapshot), epoch: snapshot.epoch });
    void burst.send('burst', 'burst', { route: route.spec.id, requests: burstRequests });
  };

  return (
    <UdpLossScene
      {...props}
      busy={lab.actions.pending !== null}
      burstRequests={burstRequests}
      bursting={burst.pending !== null}
      burstError={burst.error}
      outcome={sameEpoch ? burstOutcome(start.mark, latestMark(route.scrapes)) : null}
      udp={sameEpoch ? udpOutcome(start.udp, udpMark(snapshot)) : null}
      burstSent={start !== null}
      // Without a scrape to start from, the burst's outcome could never be measured.
      canBurst={latestMark(route.scrapes) !== null}
      countersReset={start !== null && !sameEpoch}
      onBuffer={(statsdBufferSize) => void lab.commands.settings({ statsdBufferSize })}
      onBurst={onBurst}
    />
  );
}
