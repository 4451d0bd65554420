/** Colours and sizes shared by the charts and their legends, chosen to survive a projector. */

export const CHART_THEME = {
  truth: '#111111',
  /** Drawn over the markers, so narrower than a marker: the worker's colour shows on either side of it. */
  truthWidth: 2.5,
  scrapedLine: '#7b818c',
  unidentified: '#4b5563',
  failure: '#c40000',
  computedRate: '#0b62c4',
  /** Vermilion and dashed: apart from the lab's blue and the truth's black in hue, shape and greyscale. */
  prometheusRate: '#d55e00',
  prometheusDash: '9 5',
  /**
   * Another route's scraped counter beside this one's (the direct route in the bridge's scene): the same
   * vermilion, which the presenter's themes map, in a chart with no Prometheus line.
   */
  compareLine: '#d55e00',
  grid: '#d5d8dd',
  axis: '#1f2937',
  /** Legend marker area in px² (recharts' symbol size). */
  markerSize: 110,
  axisFontSize: 14,
} as const;

/** Marker areas in px²: the legend's size at most, never so small (5 px across) a shape cannot be told apart. */
const MARKER_AREA = { max: 110, min: 25 } as const;

/**
 * Marker area for `points` markers across a plot `plotWidth` px wide: each about as wide as 0.9 of the
 * room a marker has, so neighbours stay apart instead of merging into a band that hides the truth, and
 * as large as the legend's while they fit.
 */
export function markerArea(points: number, plotWidth: number): number {
  if (points <= 0) return MARKER_AREA.max;
  const width = (0.9 * Math.max(0, plotWidth)) / points;
  return Math.round(Math.min(MARKER_AREA.max, Math.max(MARKER_AREA.min, width * width)));
}
