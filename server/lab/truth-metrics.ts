import { Counter, Registry } from 'prom-client';

export interface TruthSource {
  route: string;
  answered: () => number;
  sent: () => number;
}

/**
 * The lab's truth as Prometheus metrics, so Prometheus and Grafana can draw it beside the scraped series.
 * Values are read from the ledgers at scrape time; a lab reset is a genuine counter reset.
 */
export function createTruthRegistry(sources: () => TruthSource[]): Registry {
  const registry = new Registry();
  new Counter({
    name: 'scrape_lab_truth_requests_total',
    help: 'Requests the lab load generator saw answered, per route: what a correct counter would read.',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources()) this.inc({ route: s.route }, s.answered());
    },
  });
  new Counter({
    name: 'scrape_lab_requests_sent_total',
    help: 'Requests the lab load generator sent, per route, answered or not.',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources()) this.inc({ route: s.route }, s.sent());
    },
  });
  return registry;
}
