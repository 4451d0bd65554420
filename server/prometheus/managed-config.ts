import fs from 'node:fs';
import type { Config } from '../config/env';
import { prometheusValues, renderTemplate } from './config';

/**
 * Renders the project template for this config and scrape interval into `file` (written whole, then renamed,
 * so Prometheus never reads half a file). Used by the supervisor at start and by the lab when the interval
 * changes.
 */
export function writePrometheusConfig(file: string, config: Config, scrapeIntervalSeconds: number): void {
  const template = fs.readFileSync(config.PROMETHEUS_TEMPLATE, 'utf8');
  const rendered = renderTemplate(template, { ...prometheusValues(config, scrapeIntervalSeconds) });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, rendered);
  fs.renameSync(partial, file);
}
