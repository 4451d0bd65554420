/** Colours and sizes shared by the charts and their legends, chosen to survive a projector. */

export const CHART_THEME = {
  truth: '#111111',
  scrapedLine: '#7b818c',
  unidentified: '#4b5563',
  failure: '#c40000',
  computedRate: '#0b62c4',
  /** Vermilion and dashed: apart from the lab's blue and the truth's black in hue, shape and greyscale. */
  prometheusRate: '#d55e00',
  prometheusDash: '9 5',
  grid: '#d5d8dd',
  axis: '#1f2937',
  /** Legend marker area in px² (recharts' symbol size). */
  markerSize: 110,
  axisFontSize: 14,
} as const;

/**
 * Marker area for a chart holding `points` markers: large while they can stand apart, smaller as a
 * long window or a fast scrape interval crowds them, so the braid stays visible instead of a solid band.
 */
export function markerArea(points: number): number {
  if (points <= 40) return 110;
  if (points <= 80) return 64;
  if (points <= 160) return 36;
  return 20;
}
