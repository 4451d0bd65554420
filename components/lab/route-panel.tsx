import { memo } from 'react';
import type { PrometheusStatus } from '../../server/lab/types';
import { workerPlace } from './answerer-label';
import { BridgeFacts } from './bridge-facts';
import { CHART_THEME } from './chart-theme';
import { CounterChart } from './counter-chart';
import type { PanelView } from './dashboard-view';
import { formatCount, formatDuration } from './format';
import { HeadlineFigures } from './headline-figures';
import { LegendLine } from './markers';
import { MultiprocFacts } from './multiproc-facts';
import { PrometheusBlock } from './prometheus-block';
import { RateChart } from './rate-chart';
import { WorkerLegend } from './worker-legend';

export interface RoutePanelProps {
  /** Everything the panel shows, from dashboard-view's panelView. */
  panel: PanelView;
  prometheus: PrometheusStatus;
  busy: boolean;
  onCrashWorker: (routeId: string, workerId?: number) => void;
}

/** One route: how wrong its scraped numbers are, and the charts that show why. */
export const RoutePanel = memo(function RoutePanel({
  panel,
  prometheus,
  busy,
  onCrashWorker,
}: RoutePanelProps) {
  const { id, canCrash, truth, counter, facts } = panel;
  // In slot order, so the chips read w1…wN.
  const workers = panel.workers && [...panel.workers].sort((a, b) => a.slot - b.slot);
  const prometheusOn = prometheus.mode !== 'off';

  return (
    <section
      className="route-panel"
      data-testid={`route-panel-${id}`}
      data-route={id}
      data-scrapes={counter.counts.scrapes}
      data-ok-scrapes={counter.counts.ok}
      data-failed-scrapes={counter.counts.failed}
      data-rate-points={panel.rates.filter((r) => r.computed !== null).length}
      data-sent={truth.sent}
    >
      <header className="panel-head">
        <h2 title={`${panel.title}: ${panel.summary}`}>{panel.title}</h2>
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
      {facts.kind === 'bridge' ? (
        <BridgeFacts
          bridge={facts.bridge}
          reading={facts.kernel}
          answered={facts.answered}
          summary={panel.summary}
          testId={`bridge-facts-${id}`}
        />
      ) : facts.kind === 'multiproc' ? (
        <MultiprocFacts reading={facts.reading} summary={panel.summary} testId={`multiproc-${id}`} />
      ) : (
        <p className="panel-summary" title={panel.summary}>
          {panel.summary}
        </p>
      )}

      <HeadlineFigures headline={panel.headline} testId={`headline-${id}`} />

      <PrometheusBlock
        state={panel.prometheus.state}
        status={prometheus}
        windowSeconds={panel.prometheus.windowSeconds}
        lab={panel.prometheus.lab}
        trueP90Seconds={panel.prometheus.trueP90Seconds}
        testId={`prometheus-${id}`}
      />

      <h3 className="chart-title">
        <span>
          Scraped <code>{panel.counterMetric}</code> vs truth
        </span>
      </h3>
      <CounterChart series={counter} domain={panel.domain} now={panel.now} testId={`counter-chart-${id}`} />
      <WorkerLegend series={counter} testId={`legend-${id}`} />

      <h3 className="chart-title">
        <span>
          rate() over {panel.prometheus.windowSeconds}&thinsp;s <span className="chart-unit">req/s</span>
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
      <RateChart
        rows={panel.rates}
        prometheus={panel.prometheusRates}
        domain={panel.domain}
        now={panel.now}
        testId={`rate-chart-${id}`}
      />

      <footer className="panel-foot">
        <span data-testid={`truth-${id}`} title="the load generator's requests to this route">
          {formatCount(truth.sent)} sent · {formatCount(truth.answered)} answered ·{' '}
          {formatCount(truth.failed)} failed
          {/* Skips only happen at the concurrency cap; a standing "0 skipped" would crowd the line. */}
          {truth.skipped > 0 && ` · ${formatCount(truth.skipped)} skipped`}
          {/* Timed across a stall of the lab's own loop: counted here, kept out of the true p50/p90. */}
          {truth.latencyDelayed > 0 && ` · ${formatCount(truth.latencyDelayed)} latencies delayed by the lab`}
        </span>
        {workers && workers.length > 0 && (
          <span className="worker-chips" data-testid={`workers-${id}`}>
            {workers.map((w) => {
              const name = `w${workerPlace(w, workers)}`;
              return (
                <button
                  key={w.id}
                  type="button"
                  className="chip"
                  disabled={!canCrash || busy}
                  title={`${canCrash ? 'crash ' : ''}${name}: worker ${w.id}, pid ${w.pid}`}
                  onClick={() => onCrashWorker(id, w.id)}
                >
                  {name} {formatDuration(w.uptimeSeconds)}
                </button>
              );
            })}
          </span>
        )}
      </footer>
    </section>
  );
});
