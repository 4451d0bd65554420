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
  severity,
  testId,
}: {
  label: string;
  /** What the number means, shown on hover. */
  hint: string;
  value: string;
  severity: Severity;
  testId: string;
}) {
  return (
    <div className={`figure figure-${severity}`} data-testid={testId} data-severity={severity} title={hint}>
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
    </div>
  );
}

/** The four numbers a room should read from the back: how wrong, by how much, and why. */
export const HeadlineFigures = memo(function HeadlineFigures({ headline, testId }: HeadlineFiguresProps) {
  const severity = errorSeverity(headline.errorNowPercent);
  return (
    <div className="headline">
      <Figure
        label="error now"
        hint="(scraped − truth) / truth at the latest successful scrape"
        value={formatPercent(headline.errorNowPercent)}
        severity={severity}
        testId={`${testId}-error`}
      />
      <Figure
        label="lost increments"
        hint="requests answered but missing from the scraped counter"
        value={formatCount(headline.lost)}
        severity={severity}
        testId={`${testId}-lost`}
      />
      <Figure
        label="processes"
        hint="distinct processes that answered the scrapes in this window"
        value={String(headline.distinctAnswerers)}
        severity="unknown"
        testId={`${testId}-answerers`}
      />
      <Figure
        label="resets"
        hint="scrapes where the counter went down: Prometheus reads each as a restart"
        value={formatCount(headline.resets)}
        severity={headline.resets > 0 ? 'bad' : 'good'}
        testId={`${testId}-resets`}
      />
    </div>
  );
});
