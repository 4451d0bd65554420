/**
 * What the dashboard draws, from one snapshot: the lab's state for the top bar and the controls, the routes
 * to choose from, and for the two routes side by side everything their panels show, the charts' series
 * already shaped. Built in the dashboard's stream worker, so the page's main thread never reads the
 * snapshot's history. Pure.
 */
import type {
  BridgeView,
  ComponentStatus,
  Headline,
  LabSettings,
  LabSnapshot,
  PrometheusStatus,
  RouteView,
  TruthView,
  WorkerInfo,
} from '../../server/lab/types';
import { kernelUdpReading, type KernelReading } from './bridge-view';
import { latestMultiproc, type MultiprocReading } from './multiproc-view';
import {
  latestLabFigures,
  PROMETHEUS_COMPONENT,
  prometheusBlockState,
  type LabFigures,
  type PrometheusBlockState,
} from './prometheus-view';
import { routePair } from './route-pair';
import {
  counterSeries,
  prometheusRateRows,
  rateRows,
  routeTitle,
  timeDomain,
  type CounterSeries,
  type PrometheusRateRow,
  type RateRow,
} from './series';
import type { RouteSlots } from './worker-styles';

/** Shortest time axis, so the first seconds after a reset do not fill the whole width. */
const MIN_WINDOW_SECONDS = 30;

/** What stands under a panel's title: the bridge's figures, a multiprocess folder, or the summary. */
export type PanelFacts =
  | { kind: 'bridge'; bridge: BridgeView; kernel: KernelReading; answered: number }
  | { kind: 'multiproc'; reading: MultiprocReading | null }
  | { kind: 'summary' };

export interface PanelView {
  id: string;
  /** The snapshot's clock, Unix ms: the right edge of the charts' time axis. */
  now: number;
  /** With the worker count in place of `{workers}`. */
  title: string;
  summary: string;
  counterMetric: string;
  /** The route's app has an admin API that crashes workers. */
  canCrash: boolean;
  facts: PanelFacts;
  headline: Headline;
  prometheus: {
    state: PrometheusBlockState;
    windowSeconds: number;
    lab: LabFigures;
    trueP90Seconds: number | null;
  };
  counter: CounterSeries;
  rates: RateRow[];
  prometheusRates: PrometheusRateRow[];
  /** The time axis both charts share, seconds relative to `now`. */
  domain: [number, number];
  truth: TruthView;
  workers: WorkerInfo[] | null;
}

export interface DashboardView {
  now: number;
  epoch: number;
  settings: LabSettings;
  components: ComponentStatus[];
  prometheus: PrometheusStatus;
  pythonDemos: LabSnapshot['pythonDemos'];
  /** Every route, for the side-by-side chooser. */
  choices: { id: string; title: string }[];
  /** The ids of the routes side by side. */
  pair: string[];
  panels: PanelView[];
}

export interface DashboardParams {
  /** The routes the visitor chose to set side by side, if any. */
  chosen: [string, string] | null;
}

export function panelView(
  route: RouteView,
  snapshot: Pick<LabSnapshot, 'now' | 'settings' | 'prometheus' | 'components' | 'bridge' | 'kernelUdp'>,
  slots: Readonly<Record<string, number>>,
): PanelView {
  const { now, prometheus, bridge } = snapshot;
  const { spec, truth } = route;
  const facts: PanelFacts =
    spec.topology.kind === 'pushed' && bridge !== null
      ? {
          kind: 'bridge',
          bridge,
          kernel: kernelUdpReading(snapshot.kernelUdp, now),
          answered: truth.answered,
        }
      : spec.multiprocFilesMetric !== undefined
        ? { kind: 'multiproc', reading: latestMultiproc(route.scrapes) }
        : { kind: 'summary' };
  return {
    id: spec.id,
    now,
    title: routeTitle(spec.title, snapshot.settings.workers),
    summary: spec.summary,
    counterMetric: spec.counterMetric,
    canCrash: spec.adminUrl !== undefined,
    facts,
    headline: route.headline,
    prometheus: {
      state: prometheusBlockState({
        mode: prometheus.mode,
        scraped: spec.prometheusJob !== undefined,
        figures: route.prometheus,
        component: snapshot.components.find((c) => c.name === PROMETHEUS_COMPONENT),
        now,
      }),
      windowSeconds: route.rateWindowSeconds,
      lab: latestLabFigures(route),
      trueP90Seconds: truth.latencyP90Seconds,
    },
    counter: counterSeries(route, now, slots),
    rates: rateRows(route),
    prometheusRates: prometheusRateRows(route),
    domain: timeDomain(route, now, MIN_WINDOW_SECONDS),
    truth,
    workers: route.workers,
  };
}

export function dashboardView(
  snapshot: LabSnapshot,
  { chosen }: DashboardParams,
  slots: Readonly<RouteSlots>,
): DashboardView {
  const pair = routePair(
    snapshot.routes.map((r) => r.spec),
    chosen,
  );
  return {
    now: snapshot.now,
    epoch: snapshot.epoch,
    settings: snapshot.settings,
    components: snapshot.components,
    prometheus: snapshot.prometheus,
    pythonDemos: snapshot.pythonDemos,
    choices: snapshot.routes.map((r) => ({
      id: r.spec.id,
      title: routeTitle(r.spec.title, snapshot.settings.workers),
    })),
    pair,
    panels: pair
      .map((id) => snapshot.routes.find((r) => r.spec.id === id))
      .filter((route) => route !== undefined)
      .map((route) => panelView(route, snapshot, slots[route.spec.id] ?? {})),
  };
}
