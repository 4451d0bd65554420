import { memo } from 'react';
import type { PrometheusFigure, PrometheusFigures, PrometheusStatus } from '../../server/lab/types';
import { formatCount, formatMilliseconds, formatRateValue } from './format';
import {
  rateRatioReading,
  totalRatioReading,
  type LabFigures,
  type PrometheusBlockState,
} from './prometheus-view';

export interface PrometheusBlockProps {
  /** What to show, from `prometheusBlockState`. */
  state: PrometheusBlockState;
  status: PrometheusStatus;
  /** The window to name before the first answer arrives. */
  windowSeconds: number;
  /** The lab's own computation from its scrapes, set beside Prometheus' answer. */
  lab: LabFigures;
  /** The load generator's own p90, the latency's truth. */
  trueP90Seconds: number | null;
  /** e.g. `prometheus-direct`; parts get `-ratio`, `-rate`, `-total`, `-p90`. */
  testId: string;
}

/** One of Prometheus' answers: its number, or its error in the number's place. */
function Answer({
  figure,
  format,
  testId,
}: {
  figure: PrometheusFigure;
  format: (value: number | null) => string;
  testId: string;
}) {
  return (
    <td
      data-testid={testId}
      data-value={figure.value ?? undefined}
      data-error={figure.error ?? undefined}
      title={figure.error ?? undefined}
    >
      {figure.error === null ? format(figure.value) : <span className="prom-error">⚠ {figure.error}</span>}
    </td>
  );
}

/** The headline: Prometheus' rate over the true rate (and its total over the true total). */
function RatioCell({ figures, testId }: { figures: PrometheusFigures; testId: string }) {
  const rate = rateRatioReading(figures);
  const total = totalRatioReading(figures);
  return (
    <div
      className={`figure prom-headline figure-${rate.severity}`}
      data-testid={`${testId}-ratio`}
      data-severity={rate.severity}
      data-value={figures.rateRatio ?? undefined}
      title={
        'Prometheus’ sum(rate()) over the true request rate in the same window; ' +
        'below, its sum(counter) over the requests answered so far'
      }
    >
      {figures.rateRatio === null ? (
        <div className="prom-no-ratio">{rate.verdict}</div>
      ) : (
        <div className="figure-value">{rate.text}</div>
      )}
      <div className="prom-headline-line">
        <span className="figure-label">rate ÷ truth</span>{' '}
        {figures.rateRatio !== null && <strong>{rate.verdict}</strong>}
      </div>
      <div
        // No ratio: its reason is words, which wrap rather than lose their end to an ellipsis.
        className={`prom-headline-line ${figures.totalRatio === null ? 'prom-headline-words' : ''}`}
        data-testid={`${testId}-total-ratio`}
        data-severity={total.severity}
        data-value={figures.totalRatio ?? undefined}
      >
        <span className="figure-label">total</span>{' '}
        <span className={`prom-ratio prom-ratio-${total.severity}`}>
          {total.text} {total.verdict}
        </span>
      </div>
    </div>
  );
}

function Figures({
  figures,
  lab,
  trueP90Seconds,
  testId,
}: Pick<PrometheusBlockProps, 'lab' | 'trueP90Seconds' | 'testId'> & { figures: PrometheusFigures }) {
  return (
    <div className="prom-figures">
      <RatioCell figures={figures} testId={testId} />
      <table className="prom-table">
        <thead>
          <tr>
            <td />
            <th scope="col" title={`sum(rate(counter[${figures.windowSeconds}s]))`}>
              rate() <span className="prom-unit">req/s</span>
            </th>
            <th scope="col" title="sum(counter)">
              total
            </th>
            <th scope="col" title="histogram_quantile(0.9, …)">
              p90 <span className="prom-unit">ms</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="prom-row-prometheus">
            <th scope="row">Prometheus</th>
            <Answer figure={figures.rate} format={formatRateValue} testId={`${testId}-rate`} />
            <Answer figure={figures.total} format={formatCount} testId={`${testId}-total`} />
            <Answer figure={figures.p90Seconds} format={formatMilliseconds} testId={`${testId}-p90`} />
          </tr>
          <tr
            className="prom-row-lab"
            title="the lab's own computation from its own scrapes of the route: rate() and its latest scraped counter, a second reading beside Prometheus'"
          >
            <th scope="row">lab’s own</th>
            <td>{formatRateValue(lab.rate)}</td>
            <td>{formatCount(lab.total)}</td>
            <td>{'\u2014'}</td>
          </tr>
          <tr
            className="prom-row-truth"
            title="the load generator's own record: answered requests, their rate and their latency"
          >
            <th scope="row">truth</th>
            <td data-testid={`${testId}-true-rate`} data-value={figures.trueRate ?? undefined}>
              {formatRateValue(figures.trueRate)}
            </td>
            <td>{formatCount(figures.trueTotal)}</td>
            <td>{formatMilliseconds(trueP90Seconds)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** What a Prometheus dashboard would say about this route, beside the truth over the same window. */
export const PrometheusBlock = memo(function PrometheusBlock({
  state,
  status,
  windowSeconds,
  lab,
  trueP90Seconds,
  testId,
}: PrometheusBlockProps) {
  const figures = state.kind === 'values' ? state.figures : null;
  return (
    <section className="prom" data-testid={testId} data-state={state.kind} aria-label="What Prometheus says">
      <h3 className="chart-title prom-title">
        <span>
          What Prometheus says{' '}
          <span className="prom-window">
            over the last {figures?.windowSeconds ?? windowSeconds}&thinsp;s
          </span>
        </span>
        {status.mode !== 'off' && (
          <a className="prom-link" href={status.url} target="_blank" rel="noreferrer">
            open Prometheus ↗
          </a>
        )}
      </h3>
      {state.kind === 'off' && (
        <p className="prom-note">Nothing: Prometheus is not installed (how to get it is above).</p>
      )}
      {state.kind === 'not-scraped' && <p className="prom-note">Prometheus does not scrape this route.</p>}
      {state.kind === 'waiting' && <p className="prom-note">Waiting for Prometheus’ first answer…</p>}
      {state.kind === 'error' && <p className="prom-error prom-error-wide">⚠ {state.message}</p>}
      {state.kind === 'values' && (
        <Figures figures={state.figures} lab={lab} trueP90Seconds={trueP90Seconds} testId={testId} />
      )}
    </section>
  );
});
