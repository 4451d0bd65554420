import type { Config } from '../config/env';
import { prometheusJobs, routeDefinitions, type ScrapeJob } from '../routes/definitions';

/** The values a Prometheus config template is rendered with. */
export interface PrometheusConfigValues {
  SCRAPE_INTERVAL: string;
  SCRAPE_TIMEOUT: string;
  /** One scrape job per route, from the route definitions. */
  ROUTE_JOBS: string;
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
export function prometheusValues(config: Config, scrapeIntervalSeconds: number): PrometheusConfigValues {
  // Target files sit beside the config file: Prometheus resolves a relative file_sd path from there.
  const jobs = prometheusJobs(routeDefinitions(config), '.');
  return {
    SCRAPE_INTERVAL: prometheusDuration(scrapeIntervalSeconds),
    SCRAPE_TIMEOUT: prometheusDuration(Math.min(10, scrapeIntervalSeconds)),
    ROUTE_JOBS: jobs.map(jobYaml).join('\n\n'),
    LAB_TARGET: `${config.LAB_HOST}:${config.LAB_PORT}`,
  };
}

/** One job as YAML, indented for the template's `scrape_configs:` list. */
function jobYaml(job: ScrapeJob): string {
  const lines = [`  # ${job.comment}`, `  - job_name: ${job.job}`];
  if ('targets' in job) {
    lines.push('    static_configs:', `      - targets: [${job.targets.map((t) => `'${t}'`).join(', ')}]`);
  } else {
    // The lab rewrites the file as workers come and go; Prometheus notices the change on its own.
    lines.push('    file_sd_configs:', `      - files: ['${job.targetsFile}']`);
  }
  return lines.join('\n');
}
