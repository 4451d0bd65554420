import { memo } from 'react';
import { CHART_THEME } from './chart-theme';
import { LegendLine, LegendSymbol } from './markers';
import styles from './worker-legend.module.css';
import type { CounterSeries } from './series';
import { compareAnswerers } from './worker-styles';

interface WorkerLegendProps {
  series: CounterSeries;
  /** The name of the route whose scraped counter the chart draws beside this one's, when it does. */
  compare?: string;
  testId: string;
}

/**
 * Says which marker is which process, by the name a room can follow (w1…wN, the bridge's uptime) with its
 * pid second and the lab's own key on hover, and how many of the window's scrapes each one answered.
 */
export const WorkerLegend = memo(function WorkerLegend({ series, compare, testId }: WorkerLegendProps) {
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
      {compare !== undefined && (
        <li data-testid={`${testId}-compare`}>
          <LegendLine color={CHART_THEME.compareLine} />
          {compare}, scraped
        </li>
      )}
      {/* By name (w1, w2, … then the rest), whichever answered first and took the first colour. */}
      {[...series.workers]
        .sort((a, b) => compareAnswerers(a.name.label, b.name.label))
        .map((w) => (
          <li
            key={w.answerer}
            data-answerer={w.answerer}
            data-label={w.name.label}
            title={w.name.detail ?? undefined}
          >
            <LegendSymbol shape={w.style.shape} color={w.style.color} />
            {w.name.label}
            {w.name.secondary !== null && (
              <span className={styles.pid} data-pid>
                {w.name.secondary}
              </span>
            )}
            <span className="legend-count">×{w.points.length}</span>
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
}, sameLegend);

/** A legend reads only the series' names, styles and counts: new points that leave those alone redraw nothing. */
export function sameLegend(a: WorkerLegendProps, b: WorkerLegendProps): boolean {
  const [s, t] = [a.series, b.series];
  return (
    a.compare === b.compare &&
    a.testId === b.testId &&
    s.unidentified.length === t.unidentified.length &&
    s.failures.length === t.failures.length &&
    s.workers.length === t.workers.length &&
    s.workers.every((w, i) => {
      const v = t.workers[i];
      return (
        v !== undefined &&
        w.answerer === v.answerer &&
        w.points.length === v.points.length &&
        w.style.shape === v.style.shape &&
        w.style.color === v.style.color &&
        w.name.label === v.name.label &&
        w.name.secondary === v.name.secondary &&
        w.name.detail === v.name.detail
      );
    })
  );
}
