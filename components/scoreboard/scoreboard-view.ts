/**
 * The scoreboard's rows, from one snapshot: per route, how wrong its numbers are, what it costs and what a
 * worker crash did to it, and a verdict in plain words. Pure; every verdict comes from the numbers, so a
 * route is judged by what it does, never by its name.
 */
import type {
  ComponentStatus,
  CrashEffect,
  LabSettings,
  LabSnapshot,
  PrometheusStatus,
  RouteSpec,
  RouteView,
  ScrapePoint,
} from '../../server/lab/types';
import {
  formatAge,
  formatBytes,
  formatCount,
  formatMilliseconds,
  formatPercent,
  formatRatio,
} from '../lab/format';
import { connectionPolicy } from '../lab/connection-policy';
import { filesText, folderBytesText, latestMultiproc } from '../lab/multiproc-view';
import { PROMETHEUS_COMPONENT, prometheusBlockState, rateRatioReading } from '../lab/prometheus-view';
import { errorSeverity, routeTitle, type Severity } from '../lab/series';
// How long after a crash the lab looks for its effect: one number, the lab's.
import { CRASH_WINDOW_MS } from '../../server/lab/route-cost';

/** One figure of a row: the value in large type, and a few words under it ('' when it says it all). */
export interface Cell {
  value: string;
  note: string;
  severity: Severity;
}

/** The crash column's cell: when the crash was, and a note short enough for a dense table's one line. */
export type CrashCell = Cell & { at: number | null; brief: string };

export interface Verdict {
  /** A word or three: `braided`, `exact`, `drops on crash`… */
  text: string;
  severity: Severity;
  /** The numbers behind it, in one short sentence. */
  why: string;
}

export interface ScoreRow {
  id: string;
  title: string;
  /** How the route gets one number out of many workers. */
  shape: string;
  error: Cell;
  prometheus: Cell;
  scrape: Cell;
  size: Cell;
  processes: Cell;
  crash: CrashCell;
  /** A multiprocess route's folder: the files (and bytes) every scrape merges; null for other routes. */
  multiproc: Cell | null;
  verdict: Verdict;
}

/** A severity as a symbol, so a verdict never rests on colour alone. */
export const SEVERITY_SYMBOL: Record<Severity, string> = {
  good: '\u2713',
  warn: '\u25b2',
  bad: '\u2715',
  unknown: '\u2026',
};

/** Counter drops outside a crash's window, as a share of the scrapes there, that make a braid. */
const BRAID_SHARE = 0.1;
/** Below this a counter may be off and still exact: scrapes and StatsD flushes lag the truth a little. */
const EXACT_SHARE = 0.01;
/** Intervals of traffic the truth must hold before a counter is judged: the first seconds are all lag. */
const JUDGED_AFTER = 10;

const THIN_SPACE = '\u2009';
const plural = (n: number, one: string) => `${formatCount(n)} ${n === 1 ? one : `${one}s`}`;

/** The route's shape, from its topology; an aggregated route that reports a multiprocess folder merges files. */
export function topologyText(spec: Pick<RouteSpec, 'topology' | 'multiprocFilesMetric'>): string {
  switch (spec.topology.kind) {
    case 'direct':
      return 'any worker answers';
    case 'per-worker':
      return 'every worker scraped, summed';
    case 'aggregated':
      return spec.multiprocFilesMetric === undefined ? 'primary merges over IPC' : 'workers’ files merged';
    case 'pushed':
      return 'workers push to a bridge';
  }
}

/** A route's name: its title up to the dash, since the rest says what the shape line says. */
export function shortTitle(title: string, workers: number): string {
  return routeTitle(title, workers).split(/\s+[\u2014\u2013-]\s+/)[0] ?? title;
}

/** The newest successful scrape that carried the counter, or undefined before one. */
function latestCounted(scrapes: readonly ScrapePoint[]): (ScrapePoint & { counter: number }) | undefined {
  let latest: (ScrapePoint & { counter: number }) | undefined;
  for (const s of scrapes) {
    if (s.ok && s.counter !== null && (latest === undefined || s.t > latest.t))
      latest = { ...s, counter: s.counter };
  }
  return latest;
}

/** Requests missing from the counter at a scrape; negative when it counted ahead of the truth. */
const lostAt = (s: ScrapePoint & { counter: number }): number => s.truth - s.counter;

/** How far off a correct counter may be: half an interval of traffic, or 1 % of the truth. */
export function toleranceFor(truth: number, slack: number): number {
  return Math.max(slack / 2, EXACT_SHARE * truth);
}

export interface CrashReading {
  crash: CrashEffect;
  /** Counts the crash cost for good: lost now minus lost just before it; null before a scrape after it. */
  loss: number | null;
  /** It took counts away, or made the counter go down (a false reset to Prometheus). */
  hurt: boolean;
  /** Still inside the lab's window for measuring it. */
  measuring: boolean;
}

/**
 * What the last crash did, against the truth: the lab's counter drop only shows how far the scraped line
 * fell, which traffic since the last scrape hides; the lost count before and after says what is gone.
 * Null without a crash, or once the scrapes before it have left the window.
 */
export function crashReading(
  route: Pick<RouteView, 'lastCrash' | 'scrapes'>,
  now: number,
  tolerance: number,
): CrashReading | null {
  const crash = route.lastCrash;
  if (crash === null) return null;
  const counted = route.scrapes
    .flatMap((s) => (s.ok && s.counter !== null ? [{ ...s, counter: s.counter }] : []))
    .sort((a, b) => a.t - b.t);
  const before = counted.filter((s) => s.t < crash.at).at(-1);
  if (before === undefined) return null;
  const latest = counted.at(-1);
  const loss = latest && latest.t >= crash.at ? Math.max(0, lostAt(latest) - lostAt(before)) : null;
  return {
    crash,
    loss,
    hurt: (loss ?? 0) > tolerance || crash.falseResets > 0,
    measuring: now - crash.at < CRASH_WINDOW_MS,
  };
}

/**
 * Scrapes whose counter went down, leaving out the window after the last crash (where a drop is the
 * crash's doing), and how many scrapes that leaves: a braid drops again and again, a crash once.
 */
export function dropsOutsideCrash(
  scrapes: readonly ScrapePoint[],
  crashAt: number | null,
): { drops: number; scrapes: number } {
  const counted = scrapes
    .flatMap((s) => (s.ok && s.counter !== null ? [{ t: s.t, v: s.counter }] : []))
    .sort((a, b) => a.t - b.t);
  const afterCrash = (t: number) => crashAt !== null && t >= crashAt && t <= crashAt + CRASH_WINDOW_MS;
  let drops = 0;
  let outside = 0;
  counted.forEach((p, i) => {
    if (afterCrash(p.t)) return;
    outside += 1;
    const previous = counted[i - 1];
    if (previous !== undefined && p.v < previous.v) drops += 1;
  });
  return { drops, scrapes: outside };
}

export interface VerdictInput {
  route: Pick<RouteView, 'scrapes' | 'lastCrash'>;
  /** The snapshot's clock, Unix ms. */
  now: number;
  /** About one scrape interval of traffic: half of it is a lag, never an error. */
  slack: number;
  /** The rate each app is sent: the truth is taken as a scrape starts, so a slow one reads ahead of it. */
  ratePerSecond: number;
}

/**
 * The route in plain words. A counter that keeps going down without a crash to explain it is braided;
 * otherwise it is exact when it matched the truth up to the last crash, and a crash that took counts away
 * (or made the counter go down) makes it "drops on crash".
 */
export function routeVerdict({ route, now, slack, ratePerSecond }: VerdictInput): Verdict {
  const latest = latestCounted(route.scrapes);
  if (latest === undefined)
    return { text: 'no data yet', severity: 'unknown', why: 'no successful scrape yet' };
  const tolerance = toleranceFor(latest.truth, slack);
  const reading = crashReading(route, now, tolerance);
  const loss = reading?.loss ?? 0;
  const braid = dropsOutsideCrash(route.scrapes, route.lastCrash?.at ?? null);
  const crashNote = reading?.hurt ? `; a crash took ${formatCount(loss)}` : '';

  if (braid.drops >= 2 && braid.drops >= BRAID_SHARE * braid.scrapes) {
    return {
      text: 'braided',
      severity: 'bad',
      why: `down ${plural(braid.drops, 'time')}, no crash to blame${crashNote}`,
    };
  }
  if (latest.truth < JUDGED_AFTER * slack) {
    return { text: 'measuring', severity: 'unknown', why: `${plural(latest.truth, 'request')} so far` };
  }
  const missing = lostAt(latest) - loss;
  // What was answered while the scrape read the counter: ahead of the truth, never too many.
  const readAhead = (ratePerSecond * latest.durationMs) / 1000;
  if (missing > tolerance || -missing > tolerance + readAhead) {
    return missing > 0
      ? {
          text: 'undercounts',
          severity: 'bad',
          why: `misses ${formatCount(missing)} of ${formatCount(latest.truth)}${crashNote}`,
        }
      : { text: 'overcounts', severity: 'bad', why: `counts ${formatCount(-missing)} too many${crashNote}` };
  }
  if (reading?.hurt) {
    return {
      text: 'drops on crash',
      severity: 'warn',
      why:
        loss > tolerance
          ? `exact, until a crash took ${formatCount(loss)}`
          : `exact, but a crash made ${plural(reading.crash.falseResets, 'false reset')}`,
    };
  }
  if (reading !== null && !reading.measuring) {
    return { text: 'exact, survives a crash', severity: 'good', why: 'a crash changed nothing' };
  }
  return {
    text: 'exact',
    severity: 'good',
    why: reading === null ? 'matches the truth' : 'matches; measuring the crash',
  };
}

/** What the last worker crash did (counts lost for good, false resets, rate spike), or that there was none. */
export function crashCell(
  route: Pick<RouteView, 'lastCrash' | 'scrapes'>,
  now: number,
  tolerance: number,
): CrashCell {
  const crash = route.lastCrash;
  if (crash === null) return { value: 'no crash yet', note: '', brief: '', severity: 'unknown', at: null };
  // Said by age alone: the crashed worker's cluster id grows with every restart and names nothing on screen.
  const when = `crashed ${formatAge((now - crash.at) / 1000)}`;
  const reading = crashReading(route, now, tolerance);
  if (reading === null) {
    return {
      value: 'too old',
      note: `${when}: out of the window`,
      brief: 'out of the window',
      severity: 'unknown',
      at: crash.at,
    };
  }
  const { loss, measuring, hurt } = reading;
  const parts = [
    plural(crash.falseResets, 'false reset'),
    ...(crash.rateSpike === null ? [] : [`rate ${formatRatio(crash.rateSpike)}`]),
    measuring ? `measuring, ${when}` : when,
  ];
  return {
    value: loss === null ? 'measuring' : loss > tolerance ? `\u2212${formatCount(loss)}` : 'no loss',
    note: parts.join(' · '),
    brief: plural(crash.falseResets, 'false reset'),
    severity: hurt ? 'bad' : measuring ? 'unknown' : 'good',
    at: crash.at,
  };
}

/** Prometheus' rate() against the true rate, or "no Prometheus" and why. */
export function prometheusCell(
  route: Pick<RouteView, 'spec' | 'prometheus'>,
  status: Pick<PrometheusStatus, 'mode'>,
  component: ComponentStatus | undefined,
  now: number,
): Cell {
  const state = prometheusBlockState({
    mode: status.mode,
    scraped: route.spec.prometheusJob !== undefined,
    figures: route.prometheus,
    component,
    now,
  });
  switch (state.kind) {
    case 'off':
      return { value: 'no Prometheus', note: 'not installed', severity: 'unknown' };
    case 'not-scraped':
      return { value: 'no Prometheus', note: 'not scraped by it', severity: 'unknown' };
    case 'waiting':
      return { value: '\u2014', note: 'waiting for Prometheus', severity: 'unknown' };
    case 'error':
      return { value: 'no Prometheus', note: state.message, severity: 'unknown' };
    case 'values': {
      const reading = rateRatioReading(state.figures);
      return { value: reading.text, note: reading.verdict, severity: reading.severity };
    }
  }
}

/**
 * Requests missing from the counter, or counted ahead of the truth (answered while the scrape ran). On a
 * pushed route the ones answered within a flush are still on their way: lag, said apart from loss.
 */
export function lostText(lost: number | null, inTransit: number | null = null): string {
  if (lost === null) return 'no scrape yet';
  const transit = inTransit !== null && inTransit > 0 ? `${formatCount(inTransit)} in transit` : null;
  if (lost === 0 && transit !== null) return transit;
  const counted = lost < 0 ? `${formatCount(-lost)} ahead` : `${formatCount(lost)} lost`;
  return transit === null ? counted : `${counted}, ${transit}`;
}

/** What a route costs to run and scrape, in one line, for a card that has no room for columns. */
export function priceText(row: Pick<ScoreRow, 'processes' | 'size' | 'scrape'>): string {
  return [
    `${row.processes.value} processes`,
    row.processes.note,
    `${row.size.value} of /metrics`,
    `scrape ${row.scrape.value}${THIN_SPACE}ms`,
  ].join(' · ');
}

export type ScoreboardInput = Pick<LabSnapshot, 'routes' | 'settings' | 'prometheus' | 'components' | 'now'>;

/** A lag of one scrape interval's traffic is what a correct counter can be behind by. */
export function slackFor(settings: Pick<LabSettings, 'ratePerSecond' | 'scrapeIntervalSeconds'>): number {
  return settings.ratePerSecond * Math.max(1, settings.scrapeIntervalSeconds);
}

/** One row per route, in the snapshot's order or in `ids`' order (ids the lab lacks are left out). */
export function scoreboardRows(snapshot: ScoreboardInput, ids?: readonly string[]): ScoreRow[] {
  const { settings, now } = snapshot;
  const routes =
    ids === undefined
      ? snapshot.routes
      : ids.flatMap((id) => snapshot.routes.filter((r) => r.spec.id === id));
  const component = snapshot.components.find((c) => c.name === PROMETHEUS_COMPONENT);
  return routes.map((route) => {
    const { cost, headline } = route;
    const folder = route.spec.multiprocFilesMetric === undefined ? null : latestMultiproc(route.scrapes);
    return {
      id: route.spec.id,
      title: shortTitle(route.spec.title, settings.workers),
      shape: topologyText(route.spec),
      error: {
        value: formatPercent(headline.errorNowPercent),
        note: lostText(headline.lost, headline.inTransit),
        severity: errorSeverity(headline.errorNowPercent),
      },
      prometheus: prometheusCell(route, snapshot.prometheus, component, now),
      scrape: {
        value:
          cost.scrapeP50Ms === null
            ? '\u2014'
            : `${formatMilliseconds(cost.scrapeP50Ms / 1000)} / ${formatMilliseconds((cost.scrapeP95Ms ?? cost.scrapeP50Ms) / 1000)}`,
        note: 'p50 / p95',
        severity: 'unknown',
      },
      size: {
        value: formatBytes(cost.metricsBytes),
        note: route.spec.multiprocFilesMetric === undefined ? 'per scrape' : `${filesText(folder)} merged`,
        severity: 'unknown',
      },
      processes: {
        value: formatCount(cost.processes),
        note: plural(cost.targets, 'target'),
        severity: 'unknown',
      },
      crash: crashCell(
        route,
        now,
        toleranceFor(latestCounted(route.scrapes)?.truth ?? 0, slackFor(settings)),
      ),
      multiproc:
        route.spec.multiprocFilesMetric === undefined
          ? null
          : { value: filesText(folder), note: `${folderBytesText(folder)} merged`, severity: 'unknown' },
      verdict: routeVerdict({
        route,
        now,
        slack: slackFor(settings),
        ratePerSecond: settings.ratePerSecond,
      }),
    };
  });
}

/** The one load every route is under, in a line: what makes the rows comparable. */
export function loadSummary(snapshot: Pick<LabSnapshot, 'routes' | 'settings'>): string {
  const { settings, routes } = snapshot;
  const apps = new Set(routes.map((r) => r.spec.appId)).size;
  const load = settings.paused ? 'load paused' : `${formatCount(settings.ratePerSecond)} req/s to each app`;
  return [
    `${plural(routes.length, 'route')} on ${plural(apps, 'app')}`,
    load,
    plural(settings.workers, 'worker'),
    `a scrape every ${Number(settings.scrapeIntervalSeconds.toFixed(2))}${THIN_SPACE}s`,
    `direct: ${connectionPolicy(settings.metricsKeepAlive).name}`,
  ].join(' · ');
}
