import { memo } from 'react';
import type { Headline } from '../../server/lab/types';
import { formatCount, formatPercent } from './format';
import { errorSeverity, type Severity } from './series';

export interface HeadlineFiguresProps {
  headline: Headline;
  /** Prefix for the figures' test ids, e.g. `headline-direct`. */
  testId: string;
}

function Figure({
  label,
  hint,
  value,
  raw,
  severity,
  testId,
  extra,
}: {
  label: string;
  /** What the number means, shown on hover. */
  hint: string;
  value: string;
  /** The number behind `value`, unformatted, for whoever checks what the page shows. */
  raw: number | null;
  severity: Severity;
  testId: string;
  extra?: Record<`data-${string}`, number | undefined>;
}) {
  return (
    <div
      className={`figure figure-${severity}`}
      data-testid={testId}
      data-severity={severity}
      data-value={raw ?? undefined}
      title={hint}
      {...extra}
    >
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
    </div>
  );
}

/** The four numbers a room should read from the back: how wrong, by how much, and why. */
export const HeadlineFigures = memo(function HeadlineFigures({ headline, testId }: HeadlineFiguresProps) {
  const severity = errorSeverity(headline.errorNowPercent);
  const inTransit = headline.inTransit ?? 0;
  return (
    <div className="headline">
      <Figure
        label="error now"
        hint="(scraped − truth) / truth at the latest successful scrape"
        value={formatPercent(headline.errorNowPercent)}
        raw={headline.errorNowPercent}
        severity={severity}
        testId={`${testId}-error`}
      />
      <Figure
        // A pushed route's last second or so is on its way to the bridge: said as lag, never as loss.
        label={inTransit > 0 ? `lost · ${formatCount(inTransit)} in transit` : 'lost increments'}
        hint="requests answered but missing from the scraped counter; on a pushed route, those answered in the last 1.5 s are in transit (sent, not yet flushed by the bridge), not lost"
        value={formatCount(headline.lost)}
        raw={headline.lost}
        severity={severity}
        testId={`${testId}-lost`}
        extra={{ 'data-in-transit': headline.inTransit ?? undefined }}
      />
      <Figure
        label="processes"
        hint="distinct processes that answered the scrapes in this window"
        value={String(headline.distinctAnswerers)}
        raw={headline.distinctAnswerers}
        severity="unknown"
        testId={`${testId}-answerers`}
      />
      <Figure
        label="resets"
        hint="scrapes where the counter went down: Prometheus reads each as a restart"
        value={formatCount(headline.resets)}
        raw={headline.resets}
        severity={headline.resets > 0 ? 'bad' : 'good'}
        testId={`${testId}-resets`}
      />
    </div>
  );
});
