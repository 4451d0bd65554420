/**
 * The scenes built on one route's live panels: the lab's own charts and figures, laid out for a projector,
 * with the route's architecture or the demo's source beside them.
 */
import type { ReactNode } from 'react';
import type { LabSnapshot, RouteView } from '../../server/lab/types';
import { bridgeName } from '../lab/bridge-view';
import { CHART_THEME } from '../lab/chart-theme';
import { ConnectionPolicyNote, ConnectionPolicySwitch } from '../lab/connection-policy-control';
import { CounterChart } from '../lab/counter-chart';
import { formatCount, formatMilliseconds, formatPercent } from '../lab/format';
import { HeadlineFigures } from '../lab/headline-figures';
import { STATSD_BUFFER_ON } from '../lab/lab-controls';
import { LegendLine } from '../lab/markers';
import { PrometheusBlock } from '../lab/prometheus-block';
import {
  latestLabFigures,
  PROMETHEUS_COMPONENT,
  prometheusBlockState,
  rateRatioReading,
} from '../lab/prometheus-view';
import { RateChart } from '../lab/rate-chart';
import { counterSeries, errorSeverity, prometheusRateRows, rateRows, routeTitle } from '../lab/series';
import { StatusStrip } from '../lab/status-strip';
import { WorkerLegend } from '../lab/worker-legend';
import styles from './route-scenes.module.css';
import type { BurstOutcome, UdpOutcome } from './burst-outcome';
import { recentMean } from './metric-series';
import { ComponentBadge, MissingRoute, SceneAside } from './scene-parts';
import type { Aside, TimerUnits } from './scenes';
import { uptimeInflation } from './uptime-inflation';
import type { PresenterTheme } from './theme';

/** What every route scene gets from the frame. */
export interface RouteSceneProps {
  snapshot: LabSnapshot;
  route: RouteView;
  slots: Readonly<Record<string, Readonly<Record<string, number>>>>;
  domain: [number, number];
  theme: PresenterTheme;
  aside: Aside;
  source: ReactNode;
}

function Columns({ main, props }: { main: ReactNode; props: RouteSceneProps }) {
  const { aside, snapshot, slots, theme, source } = props;
  return (
    <div className={`scene-columns scene-columns-${aside.kind === 'none' ? 'single' : aside.kind}`}>
      <div className="scene-main">{main}</div>
      <SceneAside aside={aside} snapshot={snapshot} slots={slots} theme={theme} source={source} />
    </div>
  );
}

/**
 * The scraped counter against the truth, one marker per scrape in the answering worker's style; with
 * `compareWith`, that route's scraped counter as a line on the same axes (the same app, so the same truth).
 */
function ScrapedCounter({
  route,
  slots,
  now,
  domain,
  compareWith,
}: {
  route: RouteView;
  slots: Readonly<Record<string, number>>;
  now: number;
  domain: [number, number];
  compareWith?: { route: RouteView; name: string } | null;
}) {
  const series = counterSeries(route, now, slots);
  const id = route.spec.id;
  const compare = compareWith
    ? {
        name: compareWith.name,
        points: counterSeries(compareWith.route, now, {}).scraped,
        testId: `counter-compare-${compareWith.route.spec.id}`,
      }
    : undefined;
  return (
    <>
      <h3 className="chart-title">
        <span>
          Scraped <code>{route.spec.counterMetric}</code> vs truth
        </span>
      </h3>
      <CounterChart
        series={series}
        compare={compare}
        domain={domain}
        now={now}
        testId={`counter-chart-${id}`}
      />
      <WorkerLegend series={series} compare={compare?.name} testId={`legend-${id}`} />
    </>
  );
}

/** Scenes 2 and 3: how far the scraped counter is from the truth, and which worker answered each scrape. */
export function CounterScene(props: RouteSceneProps) {
  const { route, snapshot, slots, domain } = props;
  const id = route.spec.id;
  return (
    <Columns
      props={props}
      main={
        <>
          <HeadlineFigures headline={route.headline} testId={`headline-${id}`} />
          <ScrapedCounter route={route} slots={slots[id] ?? {}} now={snapshot.now} domain={domain} />
        </>
      }
    />
  );
}

export interface PrometheusSceneProps extends RouteSceneProps {
  busy: boolean;
  onKeepAlive: (keepAlive: boolean) => void;
}

/** Scene 4: what Prometheus itself answers about the route, under either connection policy. */
export function PrometheusScene(props: PrometheusSceneProps) {
  const { route, snapshot, domain, busy, onKeepAlive } = props;
  const id = route.spec.id;
  const prometheusOn = snapshot.prometheus.mode !== 'off';
  return (
    <Columns
      props={props}
      main={
        <>
          <div className="scene-controls">
            <ConnectionPolicySwitch
              keepAlive={snapshot.settings.metricsKeepAlive}
              disabled={busy}
              onChange={onKeepAlive}
            />
          </div>
          <ConnectionPolicyNote keepAlive={snapshot.settings.metricsKeepAlive} />
          <UptimeLine route={route} snapshot={snapshot} />
          <PrometheusBlock
            state={prometheusBlockState({
              mode: snapshot.prometheus.mode,
              scraped: route.spec.prometheusJob !== undefined,
              figures: route.prometheus,
              component: snapshot.components.find((c) => c.name === PROMETHEUS_COMPONENT),
              now: snapshot.now,
            })}
            status={snapshot.prometheus}
            windowSeconds={route.rateWindowSeconds}
            lab={latestLabFigures(route)}
            trueP90Seconds={route.truth.latencyP90Seconds}
            testId={`prometheus-${id}`}
          />
          <h3 className="chart-title">
            <span>
              rate() over {route.rateWindowSeconds}&thinsp;s <span className="chart-unit">req/s</span>
            </span>
            <span className="chart-title-legend">
              <LegendLine color={CHART_THEME.truth} /> true rate
              <LegendLine color={CHART_THEME.computedRate} /> lab’s rate()
              {prometheusOn && (
                <>
                  <LegendLine color={CHART_THEME.prometheusRate} dash={CHART_THEME.prometheusDash} />{' '}
                  Prometheus rate()
                </>
              )}
            </span>
          </h3>
          <RateChart
            rows={rateRows(route)}
            prometheus={prometheusRateRows(route)}
            domain={domain}
            now={snapshot.now}
            testId={`rate-chart-${id}`}
          />
        </>
      }
    />
  );
}

/** One route's verdict in two numbers: the scraped counter's error, and Prometheus' rate() over the truth. */
function Verdict({ route, workers }: { route: RouteView; workers: number }) {
  const severity = errorSeverity(route.headline.errorNowPercent);
  const ratio = route.prometheus === null ? null : rateRatioReading(route.prometheus);
  return (
    <section className={`verdict verdict-${severity}`} data-testid={`verdict-${route.spec.id}`}>
      <h3>{routeTitle(route.spec.title, workers)}</h3>
      <div className="verdict-figures">
        <div className={`figure figure-${severity}`}>
          <div
            className="figure-value"
            data-testid={`verdict-${route.spec.id}-error`}
            data-value={route.headline.errorNowPercent ?? undefined}
            data-in-transit={route.headline.inTransit ?? undefined}
          >
            {formatPercent(route.headline.errorNowPercent)}
          </div>
          <div className="figure-label">
            <span className={styles.labelLine}>counter vs truth</span>
            <span className={styles.labelLine}>error now</span>
          </div>
        </div>
        <div className={`figure figure-${ratio?.severity ?? 'unknown'}`}>
          <div
            className="figure-value"
            data-testid={`verdict-${route.spec.id}-rate-ratio`}
            data-value={route.prometheus?.rateRatio ?? undefined}
          >
            {ratio?.text ?? '\u2014'}
          </div>
          <div className="figure-label">
            <span className={styles.labelLine}>rate() ÷ truth</span>
            <span className={styles.labelLine}>{ratio ? ratio.verdict : 'no Prometheus'}</span>
          </div>
        </div>
      </div>
    </section>
  );
}

export interface BridgeSceneProps extends RouteSceneProps {
  compareWith: RouteView | null;
  compareId: string;
  /** A timer named in milliseconds that the bridge exports in seconds, to say so on screen; null if none. */
  timerUnits: TimerUnits | null;
}

/** Intervals between scrapes the timer's mean is taken over: ten seconds at the scenes' 1 s scrapes. */
const TIMER_MEAN_SPAN = 10;

/** What the talk's repo got wrong about its timer's unit, and what the route's histogram holds instead. */
function TimerUnitsLine({ route, units }: { route: RouteView; units: TimerUnits }) {
  const mean = recentMean(route.scrapes, TIMER_MEAN_SPAN);
  return (
    <p className="timer-units" data-testid="timer-units" data-mean-seconds={mean?.seconds}>
      <strong>What the talk’s repo got wrong:</strong> statsd_exporter exports a timer in seconds, so its{' '}
      <code>{units.talkName}</code> held seconds. Here <code>{units.sent}</code> is mapped to{' '}
      <code>{route.spec.histogramMetric}</code>:{' '}
      <strong data-testid="timer-units-mean">
        mean {mean === null ? '\u2014' : mean.seconds.toFixed(3)}
      </strong>
      {mean !== null && ` (${formatMilliseconds(mean.seconds)}\u2009ms)`}.
    </p>
  );
}

/** Scene 6: the bridge route under the same load, its error and its counter beside the direct route's. */
export function BridgeScene(props: BridgeSceneProps) {
  const { route, snapshot, slots, domain, compareWith, compareId, timerUnits } = props;
  return (
    <Columns
      props={props}
      main={
        <>
          <div className="verdicts">
            <Verdict route={route} workers={snapshot.settings.workers} />
            {compareWith === null ? (
              <MissingRoute id={compareId} />
            ) : (
              <Verdict route={compareWith} workers={snapshot.settings.workers} />
            )}
          </div>
          {timerUnits !== null && <TimerUnitsLine route={route} units={timerUnits} />}
          <ScrapedCounter
            route={route}
            slots={slots[route.spec.id] ?? {}}
            now={snapshot.now}
            domain={domain}
            compareWith={
              compareWith && {
                route: compareWith,
                name: routeTitle(compareWith.spec.title, snapshot.settings.workers),
              }
            }
          />
        </>
      }
    />
  );
}

export interface BridgeDiesSceneProps extends RouteSceneProps {
  busy: boolean;
  onKillBridge: () => void;
}

/** Scene 8: kill the bridge and watch the gap and the restart from zero; one more component to run. */
export function BridgeDiesScene(props: BridgeDiesSceneProps) {
  const { route, snapshot, slots, domain, busy, onKillBridge } = props;
  const bridge = snapshot.components.find((c) => c.name === 'bridge');
  return (
    <Columns
      props={props}
      main={
        <>
          <div className="scene-controls">
            <ComponentBadge component={bridge} label="bridge" />
            <button
              type="button"
              className="tool tool-danger tool-big"
              data-testid="scene-kill-bridge"
              disabled={busy}
              onClick={onKillBridge}
            >
              Kill the bridge <kbd className="key">b</kbd>
            </button>
          </div>
          <HeadlineFigures headline={route.headline} testId={`headline-${route.spec.id}`} />
          <ScrapedCounter
            route={route}
            slots={slots[route.spec.id] ?? {}}
            now={snapshot.now}
            domain={domain}
          />
          <div className="scene-components">
            <span className="scene-components-label">One more component to run:</span>
            <StatusStrip components={snapshot.components} />
          </div>
        </>
      }
    />
  );
}

export interface UdpLossSceneProps extends RouteSceneProps {
  busy: boolean;
  burstRequests: number;
  bursting: boolean;
  burstError: string | null;
  /** Since the last burst started; null before one, or when the bridge restarted since. */
  outcome: BurstOutcome | null;
  /** What UDP did over the same time; null under the same conditions as `outcome`. */
  udp: UdpOutcome | null;
  /** A burst was sent in this scene. */
  burstSent: boolean;
  /** A scrape of the bridge is in since the last reset: the mark a burst's outcome is measured from. */
  canBurst: boolean;
  /** The lab was reset since the burst began, so there is nothing to compare. */
  countersReset: boolean;
  onBuffer: (bytes: number) => void;
  onBurst: () => void;
}

/** Scene 9: hot-shots buffering on or off, a burst, and how many increments the bridge never saw. */
export function UdpLossScene(props: UdpLossSceneProps) {
  const { route, snapshot, slots, domain, busy, burstRequests, bursting, burstError, outcome, burstSent } =
    props;
  const buffered = snapshot.settings.statsdBufferSize > 0;
  const options = [
    { on: true, label: `buffered (${STATSD_BUFFER_ON}\u2009B)`, bytes: STATSD_BUFFER_ON },
    { on: false, label: 'off: a datagram per metric', bytes: 0 },
  ];
  return (
    <Columns
      props={props}
      main={
        <>
          <div className="scene-controls">
            <span className="field-label">hot-shots buffering</span>
            <span
              className="segmented"
              role="group"
              aria-label="hot-shots buffering"
              data-testid="scene-buffering"
            >
              {options.map((o) => (
                <button
                  key={String(o.on)}
                  type="button"
                  className={`segment ${o.on === buffered ? 'segment-on' : ''}`}
                  aria-pressed={o.on === buffered}
                  data-testid={`scene-buffering-${o.on ? 'on' : 'off'}`}
                  disabled={busy || bursting}
                  onClick={() => o.on !== buffered && props.onBuffer(o.bytes)}
                >
                  {o.label}
                </button>
              ))}
            </span>
            <button
              type="button"
              className="tool tool-big"
              data-testid="scene-burst"
              data-bursting={bursting}
              disabled={bursting || !props.canBurst}
              onClick={props.onBurst}
            >
              {bursting
                ? 'Burst running…'
                : props.canBurst
                  ? `Send a burst of ${formatCount(burstRequests)} requests`
                  : 'Waiting for a first scrape of the bridge…'}
            </button>
          </div>
          <p className="burst-outcome" data-testid="burst-outcome" data-lost={outcome?.lost}>
            {burstError !== null ? (
              <span className="burst-error">{burstError}</span>
            ) : !burstSent ? (
              'No burst sent yet in this scene.'
            ) : props.countersReset ? (
              'The counters were reset since the burst began: no comparison.'
            ) : outcome === null ? (
              'The bridge restarted since the burst began: no comparison.'
            ) : (
              <>
                Since the burst began: <strong>{formatCount(outcome.answered)}</strong> answered,{' '}
                <strong>{formatCount(outcome.counted)}</strong> counted by the bridge:{' '}
                <strong className={outcome.lost > 0 ? 'burst-lost' : 'burst-none'}>
                  {formatCount(outcome.lost)} lost
                  {outcome.lostPercent !== null &&
                    ` (${formatPercent(outcome.lostPercent).replace('+', '')})`}
                </strong>
              </>
            )}
          </p>
          {outcome !== null && props.udp !== null && burstError === null && (
            <UdpLine udp={props.udp} bridge={snapshot.bridge} kernel={snapshot.kernelUdp} />
          )}
          <HeadlineFigures headline={route.headline} testId={`headline-${route.spec.id}`} />
          <ScrapedCounter
            route={route}
            slots={slots[route.spec.id] ?? {}}
            now={snapshot.now}
            domain={domain}
          />
        </>
      }
    />
  );
}

/**
 * Where the lost increments went: the datagrams the bridge received, and the kernel's receive errors over
 * the same time, which count every UDP socket of the machine and say so.
 */
function UdpLine({
  udp,
  bridge,
  kernel,
}: {
  udp: UdpOutcome;
  bridge: LabSnapshot['bridge'];
  kernel: LabSnapshot['kernelUdp'];
}) {
  const { datagrams, kernelErrors, kernelBufferFull } = udp;
  return (
    <p
      className="burst-outcome"
      data-testid="burst-udp"
      data-datagrams={datagrams ?? undefined}
      data-kernel-errors={kernelErrors ?? undefined}
    >
      The bridge{bridge && ` (${bridgeName(bridge)})`} received{' '}
      <strong>{datagrams === null ? 'an unknown number of' : formatCount(datagrams)} datagrams</strong>;{' '}
      {!kernel.available ? (
        <>the kernel’s UDP counters are unavailable ({kernel.reason}).</>
      ) : kernelErrors === null ? (
        <>the kernel’s UDP count started again since the burst began: no comparison.</>
      ) : (
        <>
          the kernel counted{' '}
          <strong className={kernelErrors > 0 ? 'burst-lost' : 'burst-none'}>
            {formatCount(kernelErrors)} UDP receive errors
          </strong>
          {kernelErrors > 0 && ` (${formatCount(kernelBufferFull)} with the buffer full)`}, machine-wide:
          every UDP socket here, not only the bridge’s.
        </>
      )}
    </p>
  );
}

/** Scene 4's claim as a measured line: the error rate() makes grows with how long the app has run. */
function UptimeLine({ route, snapshot }: { route: RouteView; snapshot: LabSnapshot }) {
  const { uptimeSeconds, falseResets, ratio } = uptimeInflation(route, snapshot.epoch, snapshot.now);
  const reads = ratio === null ? 'has no figure yet' : `reads ×${ratio.toFixed(1)}`;
  return (
    <p className="uptime-line" data-testid="uptime-inflation">
      <strong>
        {uptimeSeconds}&thinsp;s of uptime · {falseResets} false resets · rate() {reads}
      </strong>
      {snapshot.settings.metricsKeepAlive
        ? ': pinned to one worker, no resets — and only that worker’s share.'
        : ': each reset adds the whole counter back, and the counter grows with uptime, so the longer it runs, the more rate() invents.'}
    </p>
  );
}
