import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../config/env';
import { routeDefinitions } from '../routes/definitions';
import { prometheusDuration, prometheusValues, renderTemplate, TemplateError } from './config';

describe('prometheusDuration', () => {
  it.each([
    { seconds: 1, want: '1s' },
    { seconds: 30, want: '30s' },
    { seconds: 0.25, want: '250ms' },
    { seconds: 1.5, want: '1500ms' },
  ])('$seconds s → $want', ({ seconds, want }) => {
    expect(prometheusDuration(seconds)).toBe(want);
  });

  it.each([0, -1, Number.NaN, Infinity])('rejects %s', (seconds) => {
    expect(() => prometheusDuration(seconds)).toThrow(/seconds: must be positive/);
  });
});

describe('renderTemplate', () => {
  it.each<{ template: string; values: Record<string, string>; want: string }>([
    { template: 'a: ${A}', values: { A: '1' }, want: 'a: 1' },
    { template: '${A}-${A}', values: { A: 'x' }, want: 'x-x' },
    { template: 'no placeholders', values: {}, want: 'no placeholders' },
    { template: '$A and ${lower} stay', values: {}, want: '$A and ${lower} stay' },
  ])('$template', ({ template, values, want }) => {
    expect(renderTemplate(template, values)).toBe(want);
  });

  it('names every value the template needs but was not given', () => {
    expect(() => renderTemplate('${A} ${B} ${C}', { B: '1' })).toThrow(TemplateError);
    expect(() => renderTemplate('${A} ${B} ${C}', { B: '1' })).toThrow(/not given: A, C$/);
  });
});

describe('the project template', () => {
  const template = fs.readFileSync('config/prometheus.template.yml', 'utf8');

  it.each([
    {
      name: 'native defaults',
      env: {},
      interval: 1,
      targets: [
        ['127.0.0.1:8081'],
        './port-per-worker-targets.json',
        ['127.0.0.1:8083'],
        ['127.0.0.1:9102'],
        ['127.0.0.1:9300'],
      ],
    },
    {
      name: 'service names',
      env: { DIRECT_HOST: 'direct', BRIDGE_HOST: 'statsd-exporter', LAB_HOST: 'lab' },
      interval: 15,
      targets: [
        ['direct:8081'],
        './port-per-worker-targets.json',
        ['direct:8083'],
        ['statsd-exporter:9102'],
        ['lab:9300'],
      ],
    },
  ])('renders one job per route, and the lab, to valid YAML with $name', ({ env, interval, targets }) => {
    const config = parse(renderTemplate(template, { ...prometheusValues(loadConfig(env), interval) })) as {
      global: Record<string, string>;
      scrape_configs: Array<{
        job_name: string;
        static_configs?: Array<{ targets: string[] }>;
        file_sd_configs?: Array<{ files: string[] }>;
      }>;
    };
    expect(config.global.scrape_interval).toBe(`${interval}s`);
    expect(config.scrape_configs.map((c) => c.job_name)).toEqual([
      ...routeDefinitions(loadConfig(env)).map((r) => r.prometheusJob),
      'lab',
    ]);
    expect(
      config.scrape_configs.map((c) => c.static_configs?.[0]?.targets ?? c.file_sd_configs?.[0]?.files[0]),
    ).toEqual(targets);
  });
});
