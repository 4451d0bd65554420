/**
 * The load-rate slider is quadratic: most demos live between 10 and 500 req/s, which a linear
 * 0–5000 slider would squeeze into its first tenth.
 */

/** Slider positions run 0…SLIDER_STEPS. */
export const SLIDER_STEPS = 1000;

/** Rounds a rate to a value a presenter would say out loud: 7, 45, 350, 2100. */
export function niceRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) return 0;
  const step = rate < 20 ? 1 : rate < 200 ? 5 : rate < 2000 ? 50 : 100;
  return Math.round(rate / step) * step;
}

export function rateFromSlider(position: number, maxRate: number): number {
  const f = Math.min(1, Math.max(0, position / SLIDER_STEPS));
  return Math.min(maxRate, niceRate(maxRate * f * f));
}

export function sliderFromRate(rate: number, maxRate: number): number {
  if (!Number.isFinite(rate) || rate <= 0 || maxRate <= 0) return 0;
  return Math.round(Math.sqrt(Math.min(1, rate / maxRate)) * SLIDER_STEPS);
}
