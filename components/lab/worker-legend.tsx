import { memo } from 'react';
import { CHART_THEME } from './chart-theme';
import { LegendLine, LegendSymbol } from './markers';
import type { CounterSeries } from './series';

/** Says which marker is which process, and how many of the window's scrapes each one answered. */
export const WorkerLegend = memo(function WorkerLegend({
  series,
  testId,
}: {
  series: CounterSeries;
  testId: string;
}) {
  return (
    <ul className="legend" data-testid={testId} data-workers={series.workers.length}>
      <li>
        <LegendLine color={CHART_THEME.truth} />
        truth
      </li>
      <li>
        <LegendLine color={CHART_THEME.scrapedLine} />
        scraped
      </li>
      {series.workers.map((w) => (
        <li key={w.answerer} data-answerer={w.answerer}>
          <LegendSymbol shape={w.style.shape} color={w.style.color} />
          {w.answerer} <span className="legend-count">×{w.points.length}</span>
        </li>
      ))}
      {series.unidentified.length > 0 && (
        <li>
          <LegendSymbol shape="circle" color={CHART_THEME.unidentified} />
          unidentified <span className="legend-count">×{series.unidentified.length}</span>
        </li>
      )}
      <li className={series.failures.length > 0 ? 'legend-failure' : undefined}>
        <LegendSymbol shape="failure" color={CHART_THEME.failure} />
        failed scrape <span className="legend-count">×{series.failures.length}</span>
      </li>
    </ul>
  );
});
