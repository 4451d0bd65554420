import type { ScrapeFeatures } from './scrape-features';

/**
 * Sorts answers into responders: sets of answers that one registry could have given. Within one registry
 * every counter only rises, the values fixed for a process's life never change, and a series that left does
 * not come back. Each answer, in time order, joins the responder it fits whose counters are closest, or
 * starts a new one when none fits or the closest is a long jump away; then responders whose answers taken
 * together still fit one registry are joined, the closest pair first. (Joining at the first fit instead
 * would chain a low worker's answer to a higher one's and mislabel every answer after.) An answer over a
 * reused connection joins the responder of the previous answer on it when it fits: in a pre-fork server a
 * connection belongs to one worker (a proxy in front may not keep to that, so the numbers still decide).
 * A header that names
 * a worker separates responders only when the answers do not all fit one registry: a merged view served by
 * whichever worker, as multiprocess mode does, names many workers over one registry.
 */

export interface ResponderInput {
  /** Epoch milliseconds when the request was sent, and when its answer had arrived. */
  at: number;
  end: number;
  features: ScrapeFeatures;
  headers: Record<string, string>;
  connection: 'fresh' | 'kept-alive';
  /** Came over the connection the previous kept-alive answer came over. */
  connectionReused: boolean;
}

export interface Responder {
  id: string;
  /** Indices into the inputs, in time order. */
  members: number[];
}

export interface HeaderEvidence {
  name: string;
  values: string[];
  /** True when the header names more than one value but every answer fits one registry. */
  overOneRegistry: boolean;
}

export interface ResponderSort {
  responders: Responder[];
  /** For each input, the index of its responder. */
  assignment: number[];
  /** The header used to tell responders apart, if any. */
  header: HeaderEvidence | null;
}

/** Relative slack for a counter that "goes down": float sums merged in a different order differ in the last bits. */
const ROUNDING = 1e-9;

export function dropsBelow(previous: number, next: number): boolean {
  return next < previous - ROUNDING * Math.max(1, Math.abs(previous));
}

/** Headers that never name a process, or change on every answer by design. */
const NOT_IDENTITY = new Set([
  'date',
  'content-type',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'cache-control',
  'expires',
  'last-modified',
  'etag',
  'age',
  'set-cookie',
  'server-timing',
  'x-request-id',
  'x-correlation-id',
  'request-id',
  'traceparent',
  'tracestate',
  'x-amzn-trace-id',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'strict-transport-security',
  'content-security-policy',
  'cross-origin-opener-policy',
]);
const IDENTITY_NAME =
  /worker|pid|process|instance|served-by|answered-by|backend|upstream|replica|pod|node-id/i;
/** More values than this is no worker id but a per-request one. */
const MAX_HEADER_VALUES = 64;

/** Headers that could name the responder: their values across the answers. */
function candidateHeaders(inputs: readonly ResponderInput[]): { name: string; values: string[] }[] {
  const seen = new Map<string, string[]>();
  for (const input of inputs) {
    for (const [name, value] of Object.entries(input.headers)) {
      if (NOT_IDENTITY.has(name) || name.startsWith('access-control-')) continue;
      const values = seen.get(name) ?? [];
      values.push(value);
      seen.set(name, values);
    }
  }
  const candidates: { name: string; values: string[] }[] = [];
  for (const [name, all] of seen) {
    const values = [...new Set(all)];
    const repeats = values.length <= all.length / 2;
    if (values.length > MAX_HEADER_VALUES) continue;
    if (IDENTITY_NAME.test(name) || (values.length > 1 && repeats)) candidates.push({ name, values });
  }
  return candidates.sort((a, b) => b.values.length - a.values.length || a.name.localeCompare(b.name));
}

/**
 * A counter's step, as a share of its whole range over the run, beyond which an answer starts a responder
 * of its own rather than joining the closest; the joining pass puts it back if it was the same registry.
 */
const JOIN_LIMIT = 0.1;
/** Joining compares every pair of responders; past this many it is skipped, to bound the work. */
const MAX_JOINED = 48;

export function sortResponders(inputs: readonly ResponderInput[]): ResponderSort {
  const at = (i: number) => (inputs[i] as ResponderInput).at;
  const order = inputs.map((_, i) => i).sort((a, b) => at(a) - at(b));
  const scale = counterScale(inputs);
  const best = candidateHeaders(inputs)[0];
  let groups: number[][];
  let header: HeaderEvidence | null = null;
  if (best && best.values.length > 1) {
    const oneRegistry = fitsOne(order.map((i) => inputs[i] as ResponderInput));
    header = { name: best.name, values: best.values, overOneRegistry: oneRegistry };
    groups = oneRegistry
      ? [order]
      : splitByHeader(order, inputs, best.name).flatMap((g) => join(split(g, inputs, scale), inputs, scale));
  } else {
    if (best) header = { name: best.name, values: best.values, overOneRegistry: false };
    groups = join(split(order, inputs, scale), inputs, scale);
  }
  groups.sort((a, b) => (a[0] as number) - (b[0] as number));
  const assignment: number[] = new Array<number>(inputs.length).fill(-1);
  groups.forEach((members, r) => members.forEach((i) => (assignment[i] = r)));
  const responders = nameResponders(groups, inputs, header);
  return { responders, assignment, header };
}

/** Each counter's range over the run: its steps are measured against it. */
function counterScale(inputs: readonly ResponderInput[]): Map<string, number> {
  const range = new Map<string, { low: number; high: number }>();
  for (const { features } of inputs) {
    for (const [key, { value }] of features.counters) {
      const r = range.get(key);
      if (r) {
        r.low = Math.min(r.low, value);
        r.high = Math.max(r.high, value);
      } else range.set(key, { low: value, high: value });
    }
  }
  return new Map([...range].map(([key, { low, high }]) => [key, high - low > 0 ? high - low : 1]));
}

function splitByHeader(order: number[], inputs: readonly ResponderInput[], name: string): number[][] {
  const byValue = new Map<string, number[]>();
  for (const i of order) {
    const value = (inputs[i] as ResponderInput).headers[name] ?? '';
    byValue.set(value, [...(byValue.get(value) ?? []), i]);
  }
  return [...byValue.values()];
}

/** Each answer, in time order, joins the closest responder it fits, or starts one. */
function split(
  order: readonly number[],
  inputs: readonly ResponderInput[],
  scale: Map<string, number>,
): number[][] {
  const chains: Chain[] = [];
  let keptAlive = null as Chain | null;
  for (const i of order) {
    const input = inputs[i] as ResponderInput;
    let best = input.connectionReused && keptAlive?.fits(input) ? keptAlive : null;
    if (!best) {
      let bestCost = JOIN_LIMIT;
      for (const chain of chains) {
        if (!chain.fits(input)) continue;
        const cost = chain.cost(input, scale);
        if (cost <= bestCost) {
          best = chain;
          bestCost = cost;
        }
      }
    }
    if (!best) {
      best = new Chain();
      chains.push(best);
    }
    best.add(i, input);
    if (input.connection === 'kept-alive') keptAlive = best;
  }
  return chains.map((c) => c.members);
}

/** Joins responders whose answers together still fit one registry, the pair that adds the least growth first. */
function join(groups: number[][], inputs: readonly ResponderInput[], scale: Map<string, number>): number[][] {
  if (groups.length > MAX_JOINED) return groups;
  let chains = groups.map((members) => ({ members, growth: growth(members, inputs, scale) }));
  const cache = new Map<string, number | null>();
  const pairCost = (a: (typeof chains)[number], b: (typeof chains)[number]) => {
    const key = `${a.members.join(',')}|${b.members.join(',')}`;
    if (!cache.has(key)) {
      const union = [...a.members, ...b.members].sort(
        (x, y) => (inputs[x] as ResponderInput).at - (inputs[y] as ResponderInput).at,
      );
      const fits = fitsOne(union.map((i) => inputs[i] as ResponderInput));
      cache.set(key, fits ? growth(union, inputs, scale) - a.growth - b.growth : null);
    }
    return cache.get(key) ?? null;
  };
  for (;;) {
    let best: { a: number; b: number; cost: number } | null = null;
    for (let a = 0; a < chains.length; a += 1) {
      for (let b = a + 1; b < chains.length; b += 1) {
        const cost = pairCost(chains[a] as (typeof chains)[number], chains[b] as (typeof chains)[number]);
        if (cost !== null && (best === null || cost < best.cost)) best = { a, b, cost };
      }
    }
    if (best === null) return chains.map((c) => c.members);
    const a = chains[best.a] as (typeof chains)[number];
    const b = chains[best.b] as (typeof chains)[number];
    const members = [...a.members, ...b.members].sort(
      (x, y) => (inputs[x] as ResponderInput).at - (inputs[y] as ResponderInput).at,
    );
    chains = chains.filter((c) => c !== a && c !== b);
    chains.push({ members, growth: growth(members, inputs, scale) });
  }
}

/** How much a responder's counters grew from its first answer to its last, in shares of their ranges. */
function growth(
  members: readonly number[],
  inputs: readonly ResponderInput[],
  scale: Map<string, number>,
): number {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const i of members) {
    for (const [key, { value }] of (inputs[i] as ResponderInput).features.counters) {
      if (!first.has(key)) first.set(key, value);
      last.set(key, value);
    }
  }
  let total = 0;
  for (const [key, value] of last) total += (value - (first.get(key) as number)) / (scale.get(key) ?? 1);
  return total / Math.max(1, scale.size);
}

function fitsOne(sequence: readonly ResponderInput[]): boolean {
  const chain = new Chain();
  return sequence.every((input, i) => {
    if (!chain.fits(input)) return false;
    chain.add(i, input);
    return true;
  });
}

/** One registry as its answers so far describe it. */
class Chain {
  readonly members: number[] = [];
  /** Answers still in flight when the latest answer was sent: they may have been read after it. */
  private pending: ResponderInput[] = [];
  /** Highest value of each counter among answers complete before the latest was sent. */
  private readonly highest = new Map<string, number>();
  private readonly created = new Map<string, number>();
  private readonly labels = new Map<string, string>();
  private startTime: number | null = null;
  private readonly present = new Set<string>();
  private readonly gone = new Set<string>();
  private last: ResponderInput | null = null;

  fits(input: ResponderInput): boolean {
    this.complete(input.at);
    const f = input.features;
    if (f.startTime !== null && this.startTime !== null && f.startTime !== this.startTime) return false;
    for (const [key, value] of f.created) {
      const known = this.created.get(key);
      if (known !== undefined && known !== value) return false;
    }
    for (const [label, values] of f.processLabels) {
      const known = this.labels.get(label);
      if (values.size === 1 && known !== undefined && !values.has(known)) return false;
    }
    for (const [key, series] of f.counters) {
      const highest = this.highest.get(key);
      if (highest !== undefined && dropsBelow(highest, series.value)) return false;
    }
    for (const key of f.counters.keys()) if (this.gone.has(key)) return false;
    return true;
  }

  /**
   * How far the answer is from this registry's last one: its counters' mean step as a share of their
   * ranges, then the process gauges' relative change and the share of counter series only one of them has.
   */
  cost(input: ResponderInput, scale: Map<string, number>): number {
    const f = input.features;
    let step = 0;
    let shared = 0;
    for (const [key, series] of f.counters) {
      const highest = this.highest.get(key);
      if (highest === undefined) continue;
      step += (series.value - highest) / (scale.get(key) ?? 1);
      shared += 1;
    }
    const last = this.last?.features;
    const gauge = (a: number | null | undefined, b: number | null) =>
      a === null || a === undefined || b === null ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(a));
    let otherSeries = 0;
    if (last) {
      for (const key of f.counters.keys()) if (!last.counters.has(key)) otherSeries += 1;
      for (const key of last.counters.keys()) if (!f.counters.has(key)) otherSeries += 1;
    }
    return (
      (shared > 0 ? step / shared : 0) +
      gauge(last?.residentBytes, f.residentBytes) +
      gauge(last?.openFds, f.openFds) +
      otherSeries / Math.max(1, f.counters.size, last?.counters.size ?? 0)
    );
  }

  add(index: number, input: ResponderInput): void {
    this.members.push(index);
    this.pending.push(input);
    this.last = input;
    const f = input.features;
    this.startTime ??= f.startTime;
    for (const [key, value] of f.created) if (!this.created.has(key)) this.created.set(key, value);
    for (const [label, values] of f.processLabels) {
      const [only] = values;
      if (values.size === 1 && only !== undefined && !this.labels.has(label)) this.labels.set(label, only);
    }
  }

  private complete(at: number): void {
    const done = this.pending.filter((p) => p.end <= at).sort((a, b) => a.at - b.at);
    if (done.length === 0) return;
    this.pending = this.pending.filter((p) => p.end > at);
    for (const input of done) {
      const f = input.features;
      for (const [key, series] of f.counters) {
        this.highest.set(key, Math.max(series.value, this.highest.get(key) ?? -Infinity));
      }
      for (const key of this.present) if (!f.counters.has(key)) this.gone.add(key);
      for (const key of f.counters.keys()) {
        this.present.add(key);
        this.gone.delete(key);
      }
    }
  }
}

function nameResponders(
  groups: number[][],
  inputs: readonly ResponderInput[],
  header: HeaderEvidence | null,
): Responder[] {
  const names = groups.map((members) => {
    const of = (pick: (input: ResponderInput) => string | null) => [
      ...new Set(
        members.map((i) => pick(inputs[i] as ResponderInput)).filter((v): v is string => v !== null),
      ),
    ];
    if (header) {
      const values = of((input) => input.headers[header.name] ?? null);
      const named = `${header.name}=${values.join('|')}`;
      if (header.overOneRegistry) return `one registry (${named})`;
      if (values.length > 0) return named;
    }
    const first = (inputs[members[0] as number] as ResponderInput).features;
    for (const [label, values] of first.processLabels) {
      const [only] = values;
      if (values.size === 1 && only !== undefined) return `${label}=${only}`;
    }
    const starts = of((input) =>
      input.features.startTime === null ? null : String(input.features.startTime),
    );
    if (starts.length === 1) return `started ${startLabel(Number(starts[0]))}`;
    return 'responder';
  });
  // Workers forked in the same second share a start-time name: number them.
  return groups.map((members, r) => {
    const name = names[r] as string;
    const same = names.filter((n) => n === name).length;
    const nth = names.slice(0, r + 1).filter((n) => n === name).length;
    return { id: same > 1 || name === 'responder' ? `${name} #${nth}` : name, members };
  });
}

function startLabel(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return Number.isInteger(seconds) ? `${iso.slice(11, 19)}Z` : `${iso.slice(11, 22)}Z`;
}
