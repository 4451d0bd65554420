import type { Config } from '../config/env';

/** The values a Prometheus config template is rendered with. */
export interface PrometheusConfigValues {
  SCRAPE_INTERVAL: string;
  SCRAPE_TIMEOUT: string;
  DIRECT_TARGET: string;
  BRIDGE_TARGET: string;
  LAB_TARGET: string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A duration in Prometheus' notation: whole seconds as `2s`, anything finer in milliseconds (`250ms`). */
export function prometheusDuration(seconds: number): string {
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new RangeError(`seconds: must be positive, got ${seconds}`);
  const ms = Math.round(seconds * 1000);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Fills every `${NAME}` in the template; an unknown or unfilled name is an error, never left in place. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const missing = new Set<string>();
  const rendered = template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0)
    throw new TemplateError(`template names values that were not given: ${[...missing].join(', ')}`);
  return rendered;
}

/** Prometheus' values for a scrape interval: the timeout is the interval, capped at Prometheus' 10 s default. */
export function prometheusValues(
  config: Pick<
    Config,
    'DIRECT_HOST' | 'DIRECT_PORT' | 'BRIDGE_HOST' | 'BRIDGE_WEB_PORT' | 'LAB_HOST' | 'LAB_PORT'
  >,
  scrapeIntervalSeconds: number,
): PrometheusConfigValues {
  return {
    SCRAPE_INTERVAL: prometheusDuration(scrapeIntervalSeconds),
    SCRAPE_TIMEOUT: prometheusDuration(Math.min(10, scrapeIntervalSeconds)),
    DIRECT_TARGET: `${config.DIRECT_HOST}:${config.DIRECT_PORT}`,
    BRIDGE_TARGET: `${config.BRIDGE_HOST}:${config.BRIDGE_WEB_PORT}`,
    LAB_TARGET: `${config.LAB_HOST}:${config.LAB_PORT}`,
  };
}
