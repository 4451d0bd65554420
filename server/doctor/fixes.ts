import type { Runtime } from './scrape-features';

/** The fixes that fit what the doctor saw: the runtime's own way to merge workers first, then the general ones. */

export interface SuggestedFix {
  id: string;
  /** A few words, for a line of fixes on a screen; `text` says how. */
  title: string;
  text: string;
}

const FIXES = {
  'aggregator-registry': {
    title: 'AggregatorRegistry',
    text:
      "prom-client's AggregatorRegistry: the cluster primary asks every worker over IPC and serves the sum " +
      "on a port of its own (the lab's shared-mode route); scrape that port instead.",
  },
  'multiprocess-mode': {
    title: 'multiprocess mode',
    text:
      "prometheus_client's multiprocess mode: set PROMETHEUS_MULTIPROC_DIR (emptied) before gunicorn starts, " +
      'serve MultiProcessCollector from a fresh CollectorRegistry, and call mark_process_dead in child_exit ' +
      "(the lab's django-multiprocess route).",
  },
  'per-worker-ports': {
    title: 'one port per worker',
    text:
      "One metrics port per worker, each scraped as its own target (the lab's port-per-worker route); " +
      'sum in PromQL: sum(rate(...[1m])).',
  },
  'statsd-bridge': {
    title: 'a StatsD bridge',
    text:
      "Send StatsD from every worker to one statsd_exporter and scrape that one process (the lab's statsd " +
      'and django-statsd routes).',
  },
  'keep-alive-hides-it': {
    title: 'keep-alive only hides it',
    text:
      "Keep-alive only hides the braid: Prometheus then counts one worker's share, and lands on another " +
      'whenever the connection is rebuilt. Fix the exposition, not the connection.',
  },
} as const;

type FixId = keyof typeof FIXES;

export function suggestFixes(verdict: string, runtime: Runtime | null): SuggestedFix[] {
  if (verdict !== 'braided' && verdict !== 'pinned') return [];
  const own: FixId[] =
    runtime === 'node' ? ['aggregator-registry'] : runtime === 'python' ? ['multiprocess-mode'] : [];
  const ids: FixId[] = [
    ...(verdict === 'pinned' ? (['keep-alive-hides-it'] as const) : []),
    ...own,
    'per-worker-ports',
    'statsd-bridge',
  ];
  return ids.map((id) => ({ id, ...FIXES[id] }));
}
