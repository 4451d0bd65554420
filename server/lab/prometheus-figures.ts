import type { PrometheusFigure, PrometheusFigures } from './types';

export interface FigureAnswers {
  rate: PromiseSettledResult<number>;
  increase: PromiseSettledResult<number>;
  total: PromiseSettledResult<number>;
  p90Seconds: PromiseSettledResult<number>;
}

export function toFigure(answer: PromiseSettledResult<number>): PrometheusFigure {
  if (answer.status === 'rejected') {
    const reason = answer.reason as unknown;
    return { value: null, error: reason instanceof Error ? reason.message : String(reason) };
  }
  // histogram_quantile answers NaN when no request was observed in the window: that is no data, not a value.
  if (Number.isNaN(answer.value)) return { value: null, error: 'no data: nothing observed in the window' };
  return { value: answer.value, error: null };
}

function ratio(value: number | null, truth: number | null): number | null {
  return value === null || truth === null || truth === 0 ? null : value / truth;
}

/** Puts Prometheus' answers beside the truth over the same window. */
export function buildFigures(
  t: number,
  windowSeconds: number,
  answers: FigureAnswers,
  trueRate: number | null,
  trueTotal: number,
): PrometheusFigures {
  const rate = toFigure(answers.rate);
  const total = toFigure(answers.total);
  return {
    t,
    windowSeconds,
    rate,
    increase: toFigure(answers.increase),
    total,
    p90Seconds: toFigure(answers.p90Seconds),
    trueRate,
    trueTotal,
    rateRatio: ratio(rate.value, trueRate),
    totalRatio: ratio(total.value, trueTotal),
  };
}
