import type { FalseReset } from './false-resets';
import { dropsBelow, type ResponderSort } from './responders';
import type { ScrapeFeatures } from './scrape-features';

/** What each signal the endpoint offered showed, in a line: the evidence behind the verdict. */

export interface Signal {
  name: string;
  used: boolean;
  detail: string;
}

export interface SignalInput {
  /** When the request was sent, and when its answer had arrived (epoch ms). */
  at: number;
  end: number;
  features: ScrapeFeatures;
}

/** Each signal in a word or two, for a line on a screen; the name is what the terminal report shows. */
const LABELS: Record<string, string> = {
  process_start_time_seconds: 'start time',
  process_cpu_seconds_total: 'CPU seconds',
  'process_resident_memory_bytes, process_open_fds': 'memory, fds',
  '_created samples': '_created',
  'per-process labels': 'pid labels',
  'response headers': 'headers',
  'counter series present': 'series present',
  'counters going down': 'counters down',
  'kept-alive connection': 'keep-alive',
};

export function signalLabel(name: string): string {
  return LABELS[name] ?? name;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeSignals(
  inputs: readonly SignalInput[],
  sort: ResponderSort,
  falseResets: readonly FalseReset[],
): Signal[] {
  const sorted = [...inputs].sort((a, b) => a.at - b.at);
  const ordered = sorted.map((x) => x.features);
  const responders = sort.responders.length;
  return [
    startTime(ordered, responders),
    cpuSeconds(sorted),
    processGauges(ordered),
    created(ordered),
    processLabels(ordered),
    headers(sort),
    seriesSet(ordered),
    goingDown(falseResets),
  ];
}

function startTime(ordered: readonly ScrapeFeatures[], responders: number): Signal {
  const name = 'process_start_time_seconds';
  const values = new Set(ordered.flatMap((f) => (f.startTime === null ? [] : [f.startTime])));
  if (values.size === 0) {
    return { name, used: false, detail: 'absent (multiprocess mode and merging registries leave it out)' };
  }
  if (values.size === 1 && responders > 1) {
    return {
      name,
      used: true,
      detail: `one value shared by ${responders} responders: workers forked in the same second`,
    };
  }
  if (values.size < responders) {
    return {
      name,
      used: true,
      detail: `${values.size} values over ${responders} responders: some share one`,
    };
  }
  return {
    name,
    used: true,
    detail: values.size === 1 ? 'one value: one process' : `${values.size} values, one per process`,
  };
}

/** Each answer against the latest one that had arrived before it was sent: overlapping answers are not ordered. */
function cpuSeconds(sorted: readonly SignalInput[]): Signal {
  const name = 'process_cpu_seconds_total';
  const cpu = (x: SignalInput) => x.features.counters.get(name)?.value;
  if (!sorted.some((x) => cpu(x) !== undefined)) return { name, used: false, detail: 'absent' };
  let drops = 0;
  sorted.forEach((x, i) => {
    const value = cpu(x);
    let j = i - 1;
    while (j >= 0 && (sorted[j] as SignalInput).end > x.at) j -= 1;
    const before = j >= 0 ? cpu(sorted[j] as SignalInput) : undefined;
    if (value !== undefined && before !== undefined && dropsBelow(before, value)) drops += 1;
  });
  return {
    name,
    used: true,
    detail:
      drops === 0
        ? 'only rose from answer to answer'
        : `went down ${plural(drops, 'time')} from one answer to the next: more than one process`,
  };
}

function processGauges(ordered: readonly ScrapeFeatures[]): Signal {
  const name = 'process_resident_memory_bytes, process_open_fds';
  const present = ordered.some((f) => f.residentBytes !== null || f.openFds !== null);
  return present
    ? { name, used: true, detail: 'present: they pick the closest responder when the counters allow several' }
    : { name, used: false, detail: 'absent' };
}

function created(ordered: readonly ScrapeFeatures[]): Signal {
  const name = '_created samples';
  const byKey = new Map<string, Set<number>>();
  for (const f of ordered) {
    for (const [key, value] of f.created) byKey.set(key, (byKey.get(key) ?? new Set()).add(value));
  }
  if (byKey.size === 0) {
    return { name, used: false, detail: 'none (OpenMetrics and client_python write them)' };
  }
  const varying = [...byKey.values()].filter((v) => v.size > 1);
  const most = Math.max(...[...byKey.values()].map((v) => v.size));
  return {
    name,
    used: true,
    detail:
      varying.length === 0
        ? `${plural(byKey.size, 'series', 'series')} carry one, each with one value`
        : `${varying.length} of ${plural(byKey.size, 'series', 'series')} with more than one value (up to ${most}): ` +
          'each process created its own',
  };
}

function processLabels(ordered: readonly ScrapeFeatures[]): Signal {
  const name = 'per-process labels';
  const labels = new Map<string, { all: Set<string>; mostInOne: number }>();
  for (const f of ordered) {
    for (const [label, values] of f.processLabels) {
      const entry = labels.get(label) ?? { all: new Set<string>(), mostInOne: 0 };
      for (const v of values) entry.all.add(v);
      entry.mostInOne = Math.max(entry.mostInOne, values.size);
      labels.set(label, entry);
    }
  }
  if (labels.size === 0) return { name, used: false, detail: 'none (pid, worker, worker_id, hostname …)' };
  const parts = [...labels].map(([label, { all, mostInOne }]) =>
    mostInOne > 1
      ? `${label}: ${mostInOne} values within one answer (a merged view)`
      : `${label}: ${plural(all.size, 'value')}, one per answer`,
  );
  return { name, used: true, detail: parts.join('; ') };
}

function headers(sort: ResponderSort): Signal {
  const name = 'response headers';
  const header = sort.header;
  if (!header) return { name, used: false, detail: 'none that names a responder' };
  const values = plural(header.values.length, 'value');
  const detail =
    header.values.length === 1
      ? `${header.name}: one value (${header.values[0]})`
      : header.overOneRegistry
        ? `${header.name}: ${values}, but every answer fits one registry: the workers serve a merged view`
        : `${header.name}: ${values}; they separate the responders`;
  return { name, used: true, detail };
}

/** Counter series only: a gauge series may come and go within one process, a counter series never leaves it. */
function seriesSet(ordered: readonly ScrapeFeatures[]): Signal {
  const name = 'counter series present';
  const seen = new Set<string>();
  const gone = new Set<string>();
  const flapped = new Set<string>();
  let appeared = 0;
  ordered.forEach((f, i) => {
    for (const key of seen) if (!f.counters.has(key)) gone.add(key);
    for (const key of f.counters.keys()) {
      if (gone.delete(key)) flapped.add(key);
      else if (!seen.has(key) && i > 0) appeared += 1;
      seen.add(key);
    }
  });
  const size = ordered[0]?.counters.size ?? 0;
  const n = (count: number) => plural(count, 'series', 'series');
  let detail: string;
  if (flapped.size > 0) detail = `${n(flapped.size)} left and came back: answers from different registries`;
  else if (gone.size > 0) detail = `${n(gone.size)} left and did not come back`;
  else if (appeared > 0) detail = `${n(appeared)} appeared; none left`;
  else detail = `the same ${n(size)} in every answer`;
  return { name, used: ordered.length > 1, detail };
}

function goingDown(falseResets: readonly FalseReset[]): Signal {
  const name = 'counters going down';
  const real = falseResets.filter((r) => !r.rounding);
  const rounding = falseResets.length - real.length;
  const roundingNote =
    rounding > 0 ? `; ${plural(rounding, 'series', 'series')} dipped by float rounding only` : '';
  if (real.length === 0) return { name, used: true, detail: `none went down${roundingNote}` };
  const families = new Set(real.map((r) => r.family));
  const per = (c: 'kept-alive' | 'fresh') =>
    real.filter((r) => r.connection === c).reduce((n, r) => n + r.count, 0);
  return {
    name,
    used: true,
    detail:
      `${plural(new Set(real.map((r) => r.series)).size, 'series', 'series')} in ` +
      `${plural(families.size, 'family', 'families')} went down (drops: kept-alive ${per('kept-alive')}, ` +
      `fresh ${per('fresh')})${roundingNote}`,
  };
}
