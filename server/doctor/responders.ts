import type { ScrapeFeatures } from './scrape-features';

/**
 * Sorts answers into responders: sets of answers that one registry could have given. Within one registry
 * every counter only rises, the values fixed for a process's life never change, and a series that left does
 * not come back. An answer that breaks any of these against every responder so far starts a new one; among
 * those it fits, it joins the one whose numbers are closest. A header that names a worker is trusted to
 * separate responders only when the answers do not all fit one registry (a merged view served by
 * whichever worker, as multiprocess mode does, names many workers over one registry).
 */

export interface ResponderInput {
  /** Epoch milliseconds when the request was sent, and when its answer had arrived. */
  at: number;
  end: number;
  features: ScrapeFeatures;
  headers: Record<string, string>;
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
export const ROUNDING = 1e-9;

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
export function candidateHeaders(inputs: readonly ResponderInput[]): { name: string; values: string[] }[] {
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

export function sortResponders(inputs: readonly ResponderInput[]): ResponderSort {
  const order = inputs
    .map((_, i) => i)
    .sort((a, b) => (inputs[a] as ResponderInput).at - (inputs[b] as ResponderInput).at);
  const best = candidateHeaders(inputs)[0];
  let groups: number[][];
  let header: HeaderEvidence | null = null;
  if (best && best.values.length > 1) {
    const oneRegistry = fitsOne(order.map((i) => inputs[i] as ResponderInput));
    header = { name: best.name, values: best.values, overOneRegistry: oneRegistry };
    groups = oneRegistry ? [order] : splitByHeader(order, inputs, best.name).flatMap((g) => split(g, inputs));
  } else {
    if (best) header = { name: best.name, values: best.values, overOneRegistry: false };
    groups = merge(split(order, inputs), inputs);
  }
  groups.sort((a, b) => (a[0] as number) - (b[0] as number));
  const assignment: number[] = new Array<number>(inputs.length).fill(-1);
  groups.forEach((members, r) => members.forEach((i) => (assignment[i] = r)));
  const responders = nameResponders(groups, inputs, header);
  return { responders, assignment, header };
}

function splitByHeader(order: number[], inputs: readonly ResponderInput[], name: string): number[][] {
  const byValue = new Map<string, number[]>();
  for (const i of order) {
    const value = (inputs[i] as ResponderInput).headers[name] ?? '';
    byValue.set(value, [...(byValue.get(value) ?? []), i]);
  }
  return [...byValue.values()];
}

/** Greedy: each answer, in time order, joins the closest responder it fits, or starts one. */
function split(order: readonly number[], inputs: readonly ResponderInput[]): number[][] {
  const chains: Chain[] = [];
  for (const i of order) {
    const input = inputs[i] as ResponderInput;
    let best: Chain | null = null;
    let bestCost = Infinity;
    for (const chain of chains) {
      if (!chain.fits(input)) continue;
      const cost = chain.cost(input);
      if (cost < bestCost) {
        best = chain;
        bestCost = cost;
      }
    }
    if (!best) {
      best = new Chain();
      chains.push(best);
    }
    best.add(i, input);
  }
  return chains.map((c) => c.members);
}

/** Joins responders whose answers, taken together, still fit one registry. */
function merge(groups: number[][], inputs: readonly ResponderInput[]): number[][] {
  const merged = [...groups];
  for (let changed = true; changed;) {
    changed = false;
    outer: for (let a = 0; a < merged.length; a += 1) {
      for (let b = a + 1; b < merged.length; b += 1) {
        const union = [...(merged[a] as number[]), ...(merged[b] as number[])].sort(
          (x, y) => (inputs[x] as ResponderInput).at - (inputs[y] as ResponderInput).at,
        );
        if (fitsOne(union.map((i) => inputs[i] as ResponderInput))) {
          merged.splice(b, 1);
          merged[a] = union;
          changed = true;
          break outer;
        }
      }
    }
  }
  return merged;
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
    for (const key of f.series) if (this.gone.has(key)) return false;
    return true;
  }

  /** How far the answer is from this registry's last one: counters' relative growth, process gauges, series. */
  cost(input: ResponderInput): number {
    const f = input.features;
    let growth = 0;
    let shared = 0;
    for (const [key, series] of f.counters) {
      const highest = this.highest.get(key);
      if (highest === undefined) continue;
      growth += (series.value - highest) / Math.max(1, Math.abs(highest));
      shared += 1;
    }
    const last = this.last?.features;
    const gauge = (a: number | null | undefined, b: number | null) =>
      a === null || a === undefined || b === null ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(a));
    let differentSeries = 0;
    if (last) for (const key of f.series) if (!last.series.has(key)) differentSeries += 1;
    return (
      (shared > 0 ? growth / shared : 0) +
      gauge(last?.residentBytes, f.residentBytes) +
      gauge(last?.openFds, f.openFds) +
      differentSeries / Math.max(1, f.series.size)
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
      for (const key of this.present) if (!f.series.has(key)) this.gone.add(key);
      for (const key of f.series) {
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
    if (header && !header.overOneRegistry) {
      const values = of((input) => input.headers[header.name] ?? null);
      if (values.length > 0) return `${header.name}=${values.join('|')}`;
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
