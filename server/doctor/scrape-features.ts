import type { Exposition } from '../lab/exposition-parser';

/**
 * What one answer says about the process behind it, read from its exposition and headers: the counters
 * (which only rise within one process, and whose series never leave it), the values fixed for a process's
 * life (its start time, each series' `_created`, a pid or worker label) and a few process gauges. Gauge
 * series are left out: they may come and go within one process (prom-client's per-type handle gauges do).
 */

export type CounterRole = 'counter' | 'count' | 'sum' | 'bucket';

interface CounterSeries {
  family: string;
  role: CounterRole;
  value: number;
}

export type Runtime = 'node' | 'python' | 'go';

export interface ScrapeFeatures {
  /** Series key (`name{label="value",…}`) → a sample that only rises in one process. */
  counters: Map<string, CounterSeries>;
  /** Series key of the `_created` sample → its value (when the series was created, in epoch seconds). */
  created: Map<string, number>;
  startTime: number | null;
  residentBytes: number | null;
  openFds: number | null;
  /** Label that names a process (pid, worker …) → the values it takes in this answer. */
  processLabels: Map<string, Set<string>>;
  runtime: Runtime | null;
}

/** Label names that carry one value per process when an app adds them. */
const PROCESS_LABEL = /^(pid|process_?id|worker|worker_?(id|pid|index|num)|hostname|pod(_name)?)$/i;

// A `_created` value is a Unix time; this range refuses counters that merely end in "_created".
const EPOCH_2000 = 946_684_800;
const EPOCH_2100 = 4_102_444_800;

function seriesKey(name: string, labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return name;
  const pairs = names.map((n) => `${n}="${(labels[n] as string).replace(/[\\"\n]/g, escapeChar)}"`);
  return `${name}{${pairs.join(',')}}`;
}

function escapeChar(c: string): string {
  return c === '\n' ? '\\n' : `\\${c}`;
}

export function scrapeFeatures(exposition: Exposition, headers: Record<string, string>): ScrapeFeatures {
  const features: ScrapeFeatures = {
    counters: new Map(),
    created: new Map(),
    startTime: null,
    residentBytes: null,
    openFds: null,
    processLabels: new Map(),
    runtime: runtimeFromHeaders(headers),
  };
  for (const sample of exposition.samples) {
    const key = seriesKey(sample.name, sample.labels);
    for (const [label, value] of Object.entries(sample.labels)) {
      if (!PROCESS_LABEL.test(label)) continue;
      const values = features.processLabels.get(label) ?? new Set<string>();
      values.add(value);
      features.processLabels.set(label, values);
    }
    const noLabels = Object.keys(sample.labels).length === 0;
    if (noLabels && sample.name === 'process_start_time_seconds') features.startTime = sample.value;
    if (noLabels && sample.name === 'process_resident_memory_bytes') features.residentBytes = sample.value;
    if (noLabels && sample.name === 'process_open_fds') features.openFds = sample.value;
    const runtime = RUNTIME_INFO[sample.name];
    if (runtime) features.runtime = runtime;
    const role = classify(sample.name, exposition.types, sample.value);
    if (role === 'created') features.created.set(key, sample.value);
    else if (role !== null && Number.isFinite(sample.value)) {
      features.counters.set(key, { ...role, value: sample.value });
    }
  }
  return features;
}

const RUNTIME_INFO: Record<string, Runtime> = {
  nodejs_version_info: 'node',
  python_info: 'python',
  go_info: 'go',
};

function runtimeFromHeaders(headers: Record<string, string>): Runtime | null {
  const server = headers.server?.toLowerCase() ?? '';
  return /gunicorn|uvicorn|werkzeug|waitress|hypercorn/.test(server) ? 'python' : null;
}

/**
 * The part a sample plays, from its name and its family's declared type: a counter-like sample, a
 * `_created` time, or neither (gauges and the rest). Untyped `_total` samples count as counters.
 */
function classify(
  name: string,
  types: ReadonlyMap<string, string>,
  value: number,
): { family: string; role: CounterRole } | 'created' | null {
  const own = types.get(name);
  if (own === 'counter') return { family: name, role: 'counter' };
  const suffix = /_(total|created|count|sum|bucket)$/.exec(name)?.[1];
  const base = suffix === undefined ? name : name.slice(0, -suffix.length - 1);
  const baseType = types.get(base);
  if (suffix === 'created') {
    const isTime = value >= EPOCH_2000 && value <= EPOCH_2100;
    // The text format writes _created as a gauge family of its own beside `<base>_total` or `<base>`.
    const parent =
      baseType === 'counter' ||
      baseType === 'histogram' ||
      baseType === 'summary' ||
      types.get(`${base}_total`) === 'counter';
    return isTime && parent ? 'created' : null;
  }
  if (suffix === 'total' && (baseType === 'counter' || ((own ?? 'untyped') === 'untyped' && !baseType))) {
    return { family: baseType === 'counter' ? base : name, role: 'counter' };
  }
  if (baseType === 'histogram' || baseType === 'summary') {
    if (suffix === 'count') return { family: base, role: 'count' };
    if (suffix === 'sum') return { family: base, role: 'sum' };
    if (suffix === 'bucket' && baseType === 'histogram') return { family: base, role: 'bucket' };
  }
  return null;
}
