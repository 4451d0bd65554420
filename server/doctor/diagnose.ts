import { defaultRateWindowSeconds } from '../lab/rate-math';
import type { MetricsFetch } from './fetch-metrics';
import { findFalseResets, type Connection, type FalseReset } from './false-resets';
import { suggestFixes, type SuggestedFix } from './fixes';
import { sortResponders, type ResponderInput } from './responders';
import { scrapeFeatures, type Runtime } from './scrape-features';
import { describeSignals, type Signal } from './signals';

/**
 * The verdict on a run of scrapes, from the scrapes alone (no I/O): how many processes answered, whether
 * the connection Prometheus would use hops between them (braided) or sticks to one while others answer new
 * connections (pinned), and what rate() would make of the counters that went down.
 */

export interface DoctorScrape {
  connection: Connection;
  fetch: MetricsFetch;
}

export type Verdict = 'braided' | 'pinned' | 'consistent' | 'insufficient';

export interface Diagnosis {
  verdict: Verdict;
  /** e.g. "braided across 4 responders". */
  summary: string;
  responders: { fresh: number; keptAlive: number; ids: string[] };
  signals: Signal[];
  falseResets: FalseReset[];
  suggestedFixes: SuggestedFix[];
  /** Good scrapes on each connection, and failed ones on either. */
  scrapes: { fresh: number; keptAlive: number; failed: number };
  /** The rate() window the invented increases are estimated for, in seconds. */
  rateWindowSeconds: number;
  /** Facts beside the verdict: restarts, a kept-alive connection that moved, a merged view. */
  notes: string[];
}

/** Fewer good answers than this cannot show a responder coming back. */
const MIN_GOOD_SCRAPES = 3;

export function diagnose(
  scrapes: readonly DoctorScrape[],
  options: { rateWindowSeconds?: number } = {},
): Diagnosis {
  const good = scrapes.flatMap((s) => (s.fetch.ok ? [{ connection: s.connection, fetch: s.fetch }] : []));
  const counts = {
    fresh: good.filter((g) => g.connection === 'fresh').length,
    keptAlive: good.filter((g) => g.connection === 'kept-alive').length,
    failed: scrapes.length - good.length,
  };
  const inputs: ResponderInput[] = good
    .map(({ connection, fetch }) => ({
      connection,
      connectionReused: fetch.connectionReused,
      at: fetch.at,
      end: fetch.at + fetch.durationMs,
      headers: fetch.headers,
      features: scrapeFeatures(fetch.exposition, fetch.headers),
    }))
    .sort((a, b) => a.at - b.at);
  const primary: Connection = counts.keptAlive >= 2 ? 'kept-alive' : 'fresh';
  const rateWindowSeconds =
    options.rateWindowSeconds ??
    defaultRateWindowSeconds(medianGapSeconds(inputs.filter((x) => x.connection === primary)));
  const empty = { fresh: 0, keptAlive: 0, ids: [] };
  if (good.length < MIN_GOOD_SCRAPES) {
    return {
      verdict: 'insufficient',
      summary: `insufficient: ${good.length} good of ${scrapes.length} scrapes (at least ${MIN_GOOD_SCRAPES} needed)`,
      responders: empty,
      signals: [],
      falseResets: [],
      suggestedFixes: [],
      scrapes: counts,
      rateWindowSeconds,
      notes: [],
    };
  }

  const sort = sortResponders(inputs);
  const withResponder = inputs.map((x, i) => ({ ...x, responder: sort.assignment[i] as number }));
  const sequence = (c: Connection) => withResponder.filter((x) => x.connection === c).map((x) => x.responder);
  const fresh = sequence('fresh');
  const keptAlive = sequence('kept-alive');
  const all = withResponder.map((x) => x.responder);
  const ids = sort.responders.map((r) => r.id);

  // Prometheus' connection seeing two live processes is a braid, whether they alternate or it hops once on a
  // reconnect (each hop is a false reset); seeing one while new connections reach others is pinned. Processes
  // that only follow one another are restarts.
  const live = comesBack(all);
  const seen = new Set(primary === 'kept-alive' ? keptAlive : fresh).size;
  let verdict: Verdict;
  let summary: string;
  if (live && seen > 1) {
    verdict = 'braided';
    summary = `braided across ${ids.length} responders`;
  } else if (live && primary === 'kept-alive') {
    verdict = 'pinned';
    summary = 'pinned to one responder (keep-alive)';
  } else {
    verdict = 'consistent';
    summary = 'consistent';
  }

  const falseResets = findFalseResets(withResponder, { rateWindowSeconds });
  return {
    verdict,
    summary,
    responders: { fresh: new Set(fresh).size, keptAlive: new Set(keptAlive).size, ids },
    signals: [
      ...describeSignals(inputs, sort, falseResets),
      keptAliveSignal(good.flatMap((g) => (g.connection === 'kept-alive' && g.fetch.ok ? [g.fetch] : []))),
    ],
    falseResets,
    suggestedFixes: suggestFixes(verdict, mostCommon(inputs.map((x) => x.features.runtime))),
    scrapes: counts,
    rateWindowSeconds,
    notes: notesFor(verdict, { fresh, keptAlive, all }, ids, sort.header?.overOneRegistry === true),
  };
}

/** True when some responder answers again after another one did: two processes answering in turn. */
function comesBack(sequence: readonly number[]): boolean {
  const seen = new Set<number>();
  let previous: number | undefined;
  for (const r of sequence) {
    if (r !== previous && seen.has(r)) return true;
    seen.add(r);
    previous = r;
  }
  return false;
}

function moves(sequence: readonly number[]): number {
  return sequence.filter((r, i) => i > 0 && r !== sequence[i - 1]).length;
}

function notesFor(
  verdict: Verdict,
  seq: { fresh: number[]; keptAlive: number[]; all: number[] },
  ids: readonly string[],
  mergedView: boolean,
): string[] {
  const notes: string[] = [];
  const keptMoves = moves(seq.keptAlive);
  if (verdict === 'pinned') {
    const held = ids[seq.keptAlive[0] as number] ?? 'one responder';
    notes.push(
      `the kept-alive connection read only ${held} while new connections reached ` +
        `${new Set(seq.fresh).size}: Prometheus would count one worker's share`,
    );
  }
  if (verdict === 'braided') {
    notes.push(
      `each answer holds one worker's counts: about 1/${ids.length} of the traffic, and a different 1/${ids.length} each time`,
    );
  }
  if (verdict === 'braided' && keptMoves > 0 && !comesBack(seq.keptAlive)) {
    notes.push(
      `the kept-alive connection moved to another responder ${keptMoves} time(s), each a jump from one worker's counts to another's`,
    );
  }
  if (verdict === 'consistent' && ids.length > 1 && !comesBack(seq.all)) {
    notes.push(`${ids.length} processes answered one after another, never in turn: a restart, not a braid`);
  }
  if (mergedView) notes.push('many workers answered, each with the same merged registry');
  return notes;
}

/** Whether the server kept the connection open: one that closes after every answer cannot pin anything. */
function keptAliveSignal(fetches: readonly { connectionReused: boolean }[]): Signal {
  const name = 'kept-alive connection';
  if (fetches.length < 2) return { name, used: false, detail: 'too few scrapes on it' };
  // The first scrape opens the connection; every later one could reuse it.
  const reused = fetches.filter((f) => f.connectionReused).length;
  const could = fetches.length - 1;
  const detail =
    reused === 0
      ? `the server closed it after every answer (${could} of ${could} scrapes on a new one): Prometheus' scrapes reach any worker`
      : reused === could
        ? `reused for every scrape after the first (${reused} of ${could})`
        : `reused for ${reused} of ${could} scrapes; the server closed it ${could - reused} time(s)`;
  return { name, used: true, detail };
}

function mostCommon(values: readonly (Runtime | null)[]): Runtime | null {
  const counts = new Map<Runtime, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function medianGapSeconds(sequence: readonly { at: number }[]): number {
  const gaps = sequence
    .slice(1)
    .map((x, i) => (x.at - (sequence[i] as { at: number }).at) / 1000)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 1;
}
