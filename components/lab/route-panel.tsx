import type {
  BridgeView,
  ComponentStatus,
  KernelUdpView,
  PrometheusStatus,
  RouteView,
} from '../../server/lab/types';
import { BridgeFacts } from './bridge-facts';
import { CHART_THEME } from './chart-theme';
import { CounterChart } from './counter-chart';
import { formatCount, formatDuration } from './format';
import { HeadlineFigures } from './headline-figures';
import { LegendLine } from './markers';
import { MultiprocFacts } from './multiproc-facts';
import { PrometheusBlock } from './prometheus-block';
import { latestLabFigures, prometheusBlockState } from './prometheus-view';
import { RateChart } from './rate-chart';
import { WorkerLegend } from './worker-legend';
import { counterSeries, prometheusRateRows, rateRows, routeTitle, timeDomain } from './series';

export interface RoutePanelProps {
  route: RouteView;
  prometheus: PrometheusStatus;
  /** The lab's status for Prometheus, to tell "down" from "not answered yet". */
  prometheusComponent: ComponentStatus | undefined;
  /** The StatsD bridge's own figures, shown on the route that pushes to it; null when the lab has none. */
  bridge: BridgeView | null;
  kernelUdp: KernelUdpView;
  /** Configured worker count, for the `{workers}` placeholder in the title. */
  workers: number;
  /** The snapshot's clock, Unix ms. */
  now: number;
  slots: Readonly<Record<string, number>>;
  busy: boolean;
  onCrashWorker: (routeId: string, workerId?: number) => void;
}

/** Shortest time axis, so the first seconds after a reset do not fill the whole width. */
const MIN_WINDOW_SECONDS = 30;

/** One route: how wrong its scraped numbers are, and the charts that show why. */
export function RoutePanel({
  route,
  prometheus,
  prometheusComponent,
  bridge,
  kernelUdp,
  workers,
  now,
  slots,
  busy,
  onCrashWorker,
}: RoutePanelProps) {
  const id = route.spec.id;
  const series = counterSeries(route, now, slots);
  const rates = rateRows(route, now);
  const prometheusRates = prometheusRateRows(route, now);
  const prometheusOn = prometheus.mode !== 'off';
  const domain = timeDomain(route, now, MIN_WINDOW_SECONDS);
  const canCrash = route.spec.adminUrl !== undefined;
  const { truth } = route;
  const pushed = route.spec.topology.kind === 'pushed';

  return (
    <section
      className="route-panel"
      data-testid={`route-panel-${id}`}
      data-route={id}
      data-scrapes={series.counts.scrapes}
      data-ok-scrapes={series.counts.ok}
      data-failed-scrapes={series.counts.failed}
      data-rate-points={rates.filter((r) => r.computed !== null).length}
      data-sent={truth.sent}
    >
      <header className="panel-head">
        <h2 title={routeTitle(route.spec.title, workers)}>{routeTitle(route.spec.title, workers)}</h2>
        {canCrash && (
          <button
            type="button"
            className="button button-danger"
            data-testid={`control-crash-${id}`}
            disabled={busy}
            onClick={() => onCrashWorker(id)}
          >
            Crash a worker
          </button>
        )}
      </header>
      {/* On the bridge's route its own figures take the summary's line, and on a multiprocess route what
          each scrape merged: the projector has no height to spare. */}
      {pushed && bridge !== null ? (
        <BridgeFacts
          bridge={bridge}
          kernel={kernelUdp}
          answered={truth.answered}
          now={now}
          summary={route.spec.summary}
          testId={`bridge-facts-${id}`}
        />
      ) : route.spec.multiprocFilesMetric !== undefined ? (
        <MultiprocFacts scrapes={route.scrapes} summary={route.spec.summary} testId={`multiproc-${id}`} />
      ) : (
        <p className="panel-summary" title={route.spec.summary}>
          {route.spec.summary}
        </p>
      )}

      <HeadlineFigures headline={route.headline} testId={`headline-${id}`} />

      <PrometheusBlock
        state={prometheusBlockState({
          mode: prometheus.mode,
          scraped: route.spec.prometheusJob !== undefined,
          figures: route.prometheus,
          component: prometheusComponent,
          now,
        })}
        status={prometheus}
        windowSeconds={route.rateWindowSeconds}
        lab={latestLabFigures(route)}
        trueP90Seconds={truth.latencyP90Seconds}
        testId={`prometheus-${id}`}
      />

      <h3 className="chart-title">
        <span>
          Scraped <code>{route.spec.counterMetric}</code> vs truth
        </span>
      </h3>
      <CounterChart series={series} domain={domain} testId={`counter-chart-${id}`} />
      <WorkerLegend series={series} testId={`legend-${id}`} />

      <h3 className="chart-title">
        <span>
          rate() over {route.rateWindowSeconds}&thinsp;s <span className="chart-unit">req/s</span>
        </span>
        <span className="chart-title-legend">
          <LegendLine color={CHART_THEME.truth} /> true rate
          <LegendLine color={CHART_THEME.computedRate} /> lab’s rate()
          {prometheusOn && (
            <>
              <LegendLine color={CHART_THEME.prometheusRate} dash={CHART_THEME.prometheusDash} /> Prometheus
              rate()
            </>
          )}
        </span>
      </h3>
      <RateChart rows={rates} prometheus={prometheusRates} domain={domain} testId={`rate-chart-${id}`} />

      <footer className="panel-foot">
        <span data-testid={`truth-${id}`} title="the load generator's requests to this route">
          {formatCount(truth.sent)} sent · {formatCount(truth.answered)} answered ·{' '}
          {formatCount(truth.failed)} failed
          {/* Skips only happen at the concurrency cap; a standing "0 skipped" would crowd the line. */}
          {truth.skipped > 0 && ` · ${formatCount(truth.skipped)} skipped`}
          {/* Timed across a stall of the lab's own loop: counted here, kept out of the true p50/p90. */}
          {truth.latencyDelayed > 0 && ` · ${formatCount(truth.latencyDelayed)} latencies delayed by the lab`}
        </span>
        {route.workers && route.workers.length > 0 && (
          <span className="worker-chips" data-testid={`workers-${id}`}>
            {route.workers.map((w) => (
              <button
                key={w.id}
                type="button"
                className="chip"
                disabled={!canCrash || busy}
                title={canCrash ? `crash worker ${w.id} (pid ${w.pid})` : `pid ${w.pid}`}
                onClick={() => onCrashWorker(id, w.id)}
              >
                w{w.id} {formatDuration(w.uptimeSeconds)}
              </button>
            ))}
          </span>
        )}
      </footer>
    </section>
  );
}
