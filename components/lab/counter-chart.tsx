import { memo } from 'react';
import { ChartFrame } from './chart-frame';
import { plotArea, timeTicks } from './chart-geometry';
import { crossesPath, linePath, markersPath } from './chart-paths';
import { SlidingSeries } from './chart-series';
import { CHART_THEME, markerArea } from './chart-theme';
import type { CounterSeries, GappedXY } from './series';
import { useElementSize } from './use-element-size';
import { useEqual } from './use-equal';
import { useValueAxis } from './use-value-axis';

/** Another route's scraped counter under the same load, drawn as a line beside this one's markers. */
export interface CounterComparison {
  points: GappedXY[];
  testId: string;
}

export interface CounterChartProps {
  series: CounterSeries;
  compare?: CounterComparison;
  domain: [number, number];
  /** The snapshot's clock, Unix ms: the right edge of the time axis. */
  now: number;
  testId: string;
}

/**
 * The scraped counter against the truth: one marker per scrape, in the style of the worker that answered.
 * The truth is drawn last, over the markers: where a route is right its markers sit on the line, and a
 * crowd of them would otherwise bury it. Time runs to "now" at the right edge, in seconds ago, as in the
 * rate chart below. The series slide left as one group and are drawn in pieces (chart-series): a snapshot
 * redraws the newest piece of each.
 */
export const CounterChart = memo(function CounterChart({
  series,
  compare,
  domain,
  now,
  testId,
}: CounterChartProps) {
  const [ref, size] = useElementSize<HTMLDivElement>();
  const plotted = series.workers.reduce((n, w) => n + w.points.length, series.unidentified.length);
  const plot = size && plotArea(size.width, size.height);
  const area = markerArea(plotted + series.failures.length, plot ? plot.right - plot.left : 0);
  const xDomain = useEqual(domain);
  const xTicks = useEqual(timeTicks(domain));
  const axis = useValueAxis([...series.truth, ...series.scraped, ...(compare?.points ?? [])].map((p) => p.y));
  return (
    <div
      ref={ref}
      className="chart chart-counter"
      data-testid={testId}
      data-points={plotted}
      data-failures={series.failures.length}
      data-truth-points={series.truth.length}
    >
      {size && (
        <>
          <svg width={size.width} height={size.height} className="chart-svg">
            <ChartFrame
              width={size.width}
              height={size.height}
              xDomain={xDomain}
              yDomain={axis.domain}
              xTicks={xTicks}
              yTicks={axis.ticks}
            />
          </svg>
          <SlidingSeries
            width={size.width}
            height={size.height}
            xDomain={xDomain}
            yDomain={axis.domain}
            now={now}
          >
            {({ sx, sy, paths }) => (
              <>
                <g
                  className="series-line"
                  data-series="scraped"
                  stroke={CHART_THEME.scrapedLine}
                  strokeWidth={1.5}
                  fill="none"
                >
                  {paths('scraped', series.scraped, true, '', (points) => linePath(points, sx, sy))}
                </g>
                {compare && (
                  <g
                    className="series-line"
                    data-series="compare"
                    data-testid={compare.testId}
                    data-points={compare.points.filter((p) => p.y !== null).length}
                    stroke={CHART_THEME.compareLine}
                    strokeWidth={2.5}
                    fill="none"
                  >
                    {paths('compare', compare.points, true, '', (points) => linePath(points, sx, sy))}
                  </g>
                )}
                {series.workers.map((w) => (
                  <g
                    key={w.answerer}
                    className="series-markers"
                    data-series={w.answerer}
                    data-label={w.name.label}
                    fill={w.style.color}
                  >
                    <title>
                      {w.name.detail === null ? w.name.label : `${w.name.label}: ${w.name.detail}`}
                    </title>
                    {paths(`worker ${w.answerer}`, w.points, false, `${w.style.shape} ${area}`, (points) =>
                      markersPath(points, w.style.shape, area, sx, sy),
                    )}
                  </g>
                ))}
                <g className="series-markers" data-series="unidentified" fill={CHART_THEME.unidentified}>
                  {paths('unidentified', series.unidentified, false, String(area), (points) =>
                    markersPath(points, 'circle', area, sx, sy),
                  )}
                </g>
                <path
                  className="series-failures"
                  data-series="failed scrape"
                  d={crossesPath(series.failures, Math.max(5, Math.sqrt(area) * 0.6), sx, sy)}
                  stroke={CHART_THEME.failure}
                  strokeWidth={3}
                  strokeLinecap="round"
                  fill="none"
                />
                <g
                  className="series-line"
                  data-series="truth"
                  stroke={CHART_THEME.truth}
                  strokeWidth={CHART_THEME.truthWidth}
                  fill="none"
                >
                  {paths('truth', series.truth, true, '', (points) => linePath(points, sx, sy))}
                </g>
              </>
            )}
          </SlidingSeries>
        </>
      )}
    </div>
  );
});
