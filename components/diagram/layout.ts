/**
 * Geometry of the architecture diagram, from one route's live data: where every box sits, which scrapes
 * are drawn and where each one lands. Pure, so the component only paints what this returns.
 * Units are the SVG's user units in one of two fixed frames (FRAMES), each drawn so that MIN_FONT units are
 * at least the room's smallest type: the wide one where the diagram has a whole screen's width, the narrow
 * one beside a scene's charts.
 */
import type {
  ComponentState,
  ComponentStatus,
  LabSettings,
  RouteTopology,
  RouteView,
  ScrapePoint,
  WorkerInfo,
} from '../../server/lab/types';
import { workerPlace } from '../lab/answerer-label';
import { answerersOf, assignWorkerSlots, workerStyle, type WorkerStyle } from '../lab/worker-styles';

/** How many of the latest scrapes are drawn: enough to see the answerer change, few enough to read. */
export const SCRAPES_SHOWN = 8;
/** The smallest text, in user units: a frame is only drawn where this comes out at the room's floor. */
export const MIN_FONT = 20;

const SCRAPER_HEADER = 64;
const SCRAPER_ROW = 44;
const SCRAPER_HEIGHT = SCRAPER_HEADER + SCRAPER_ROW * SCRAPES_SHOWN + 8;

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The scraper's name for a worker (`x-worker-id` 5 → `worker 5`), which is also its slot key. */
export function workerAnswerer(id: number): string {
  return `worker ${id}`;
}

/** What a worker box says: its place in the pool (1…N), which a replacement takes over, not its growing id. */
export function workerLabel(place: number): string {
  return `w${place}`;
}

/** Each worker's place in the pool (answerer-label's workerPlace), by worker id. */
function workerPlaces(workers: readonly WorkerInfo[]): Map<number, number> {
  return new Map(workers.map((w) => [w.id, workerPlace(w, workers)]));
}

/** The worker id in a scrape's `answeredBy`, or null when it names no worker. */
export function workerIdOf(answeredBy: string | null): number | null {
  const match = answeredBy === null ? null : /^worker (\d+)$/.exec(answeredBy);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Colour slots for the diagram's workers. On a direct route the workers that answered scrapes keep the
 * slots the page gives them (`previous` is the page's map when there is one); workers yet to answer take
 * the free ones. On every other route no single worker answers a scrape (a hub does, or every worker
 * does), so each worker takes the style of its place in the pool (w1 the first).
 */
export function diagramSlots(
  route: Pick<RouteView, 'spec' | 'scrapes' | 'workers'>,
  previous: Readonly<Record<string, number>>,
): Record<string, number> {
  const workers = (route.workers ?? []).map((w) => workerAnswerer(w.id));
  if (route.spec.topology.kind !== 'direct') {
    // No scrape picks out a worker: each takes its pool slot's style, so w1 looks alike on every route.
    const places = workerPlaces(route.workers ?? []);
    return Object.fromEntries([...places].map(([id, place]) => [workerAnswerer(id), place - 1]));
  }
  const page = assignWorkerSlots(previous, answerersOf(route.scrapes));
  return assignWorkerSlots(page, [...Object.keys(page), ...workers]);
}

/** Boxes stacked in a column, centred between top and bottom, as tall as `maxHeight` allows. */
export function stackBoxes(options: {
  count: number;
  x: number;
  width: number;
  top: number;
  bottom: number;
  maxHeight: number;
  gap: number;
}): Rect[] {
  const { count, x, width, top, bottom, maxHeight } = options;
  if (count <= 0) return [];
  const space = bottom - top;
  const gap = Math.min(options.gap, space / count / 5);
  const height = Math.min(maxHeight, (space - gap * (count - 1)) / count);
  const total = height * count + gap * (count - 1);
  const y0 = top + (space - total) / 2;
  return Array.from({ length: count }, (_, i) => ({ x, y: y0 + i * (height + gap), width, height }));
}

/** Label size for a box of this height: big, but never below MIN_FONT unless the box cannot hold it. */
export function labelSize(boxHeight: number): number {
  return Math.round(Math.min(24, Math.max(Math.min(MIN_FONT, boxHeight * 0.8), boxHeight * 0.55)));
}

export interface WorkerShare {
  count: number;
  /** Of all requests answered so far, 0 when none were. */
  fraction: number;
}

/** Each listed worker's share of the answered requests, and what went to anyone else (gone, unknown). */
export function workerShares(
  byWorker: Readonly<Record<string, number>>,
  ids: readonly number[],
): { shares: Map<number, WorkerShare>; other: WorkerShare; total: number } {
  const total = Object.values(byWorker).reduce((sum, n) => sum + n, 0);
  const share = (count: number): WorkerShare => ({ count, fraction: total > 0 ? count / total : 0 });
  const shares = new Map(ids.map((id) => [id, share(byWorker[String(id)] ?? 0)]));
  const listed = [...shares.values()].reduce((sum, s) => sum + s.count, 0);
  return { shares, other: share(total - listed), total };
}

/** The latest `count` scrapes, newest first. */
export function recentScrapes(scrapes: readonly ScrapePoint[], count: number): ScrapePoint[] {
  return [...scrapes].sort((a, b) => b.t - a.t).slice(0, Math.max(0, count));
}

/** Newest boldest: stroke width and opacity fall linearly with age rank (0 = newest). */
export function scrapeEmphasis(rank: number, shown: number): { width: number; opacity: number } {
  const age = shown > 1 ? Math.min(1, rank / (shown - 1)) : 0;
  return { width: round(7 - 4.5 * age), opacity: round(1 - 0.78 * age) };
}

/** How far the scraped counter was from the truth at that moment, in percent; null when unknown. */
export function scrapeErrorPercent(scrape: Pick<ScrapePoint, 'ok' | 'counter' | 'truth'>): number | null {
  if (!scrape.ok || scrape.counter === null) return null;
  if (scrape.truth === 0) return scrape.counter === 0 ? 0 : null;
  return ((scrape.counter - scrape.truth) / scrape.truth) * 100;
}

/** Down from `from`, then a rounded turn right into `to`: a feed from a band above into a box's left edge. */
export function elbowPath(from: Point, to: Point): string {
  const r = Math.max(0, Math.min(12, to.x - from.x, to.y - from.y));
  return `M${round(from.x)},${round(from.y)}V${round(to.y - r)}Q${round(from.x)},${round(to.y)} ${round(from.x + r)},${round(to.y)}H${round(to.x)}`;
}

/** A horizontal S-curve: leaves `from` and arrives at `to` travelling horizontally. */
export function curvePath(from: Point, to: Point): string {
  const mid = round((from.x + to.x) / 2);
  return `M${round(from.x)},${round(from.y)}C${mid},${round(from.y)} ${mid},${round(to.y)} ${round(to.x)},${round(to.y)}`;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** A filled arrowhead with its tip at `tip`, pointing in `direction`. */
export function arrowHeadPath(tip: Point, direction: Direction, size: number): string {
  const half = size * 0.6;
  const corners: [Point, Point] =
    direction === 'left' || direction === 'right'
      ? [
          { x: tip.x + (direction === 'left' ? size : -size), y: tip.y - half },
          { x: tip.x + (direction === 'left' ? size : -size), y: tip.y + half },
        ]
      : [
          { x: tip.x - half, y: tip.y + (direction === 'up' ? size : -size) },
          { x: tip.x + half, y: tip.y + (direction === 'up' ? size : -size) },
        ];
  return `M${round(tip.x)},${round(tip.y)}${corners.map((c) => `L${round(c.x)},${round(c.y)}`).join('')}Z`;
}

/** Where the parts of a worker box go: marker, label, share bar (none in a box too narrow), share number. */
export function workerBoxParts(rect: Rect): {
  fontSize: number;
  marker: Point;
  markerArea: number;
  labelX: number;
  bar: Rect | null;
  /** The share number's right edge, and the room it has (a bold "100 %"). */
  valueX: number;
  valueWidth: number;
} {
  const fontSize = labelSize(rect.height);
  const cy = rect.y + rect.height / 2;
  const markerRadius = Math.min(14, rect.height * 0.32);
  const marker = { x: rect.x + 12 + markerRadius, y: cy };
  const labelX = marker.x + markerRadius + 8;
  const valueWidth = fontSize * 2.7;
  // Room for a bold three-character label such as "w17" in a wide fallback font.
  const barX = labelX + fontSize * 2.4 + 8;
  const barHeight = Math.max(8, Math.min(20, rect.height * 0.36));
  const barWidth = rect.x + rect.width - 12 - valueWidth - barX;
  // A stub of a bar says nothing the share number does not: below this it is left out.
  const bar = barWidth >= 24 ? { x: barX, y: cy - barHeight / 2, width: barWidth, height: barHeight } : null;
  return {
    fontSize,
    marker,
    // Sized so the widest shape (the star) still stays inside the box.
    markerArea: Math.round(markerRadius * markerRadius * 2.4),
    labelX,
    bar,
    valueX: rect.x + rect.width - 12,
    valueWidth,
  };
}

export interface WorkerBox {
  id: number;
  label: string;
  style: WorkerStyle;
  rect: Rect;
  share: WorkerShare;
  /** Answered the newest successful scrape. */
  answeredLatest: boolean;
}

/** Requests and scrapes of processes that are not (or no longer) among the workers. */
export interface OtherBox {
  rect: Rect;
  share: WorkerShare;
}

export type ScrapeTarget =
  | { kind: 'worker'; id: number }
  | { kind: 'other' }
  | { kind: 'bridge' }
  | { kind: 'primary' }
  /** A per-worker scrape reads every worker's port; `up` of `of` answered. */
  | { kind: 'targets'; up: number; of: number }
  | { kind: 'failed' };

export interface ScrapeLine {
  /** Stable per scrape, so the newest line is a new element and plays its entrance. */
  key: string;
  rank: number;
  scrape: ScrapePoint;
  target: ScrapeTarget;
  /** The answering worker's colour and shape; null for a hub, unknown answerers and failures. */
  style: WorkerStyle | null;
  label: string;
  errorPercent: number | null;
  /** The row in the scraper box, where the line starts. */
  rowY: number;
  /** Null when the row is not drawn as one line: a per-worker scrape fans out to every port instead. */
  path: string | null;
  /** Arrowhead at the target; null for a failed scrape, which ends in `cross` instead. */
  head: string | null;
  cross: Point | null;
  width: number;
  opacity: number;
}

export interface FlowLine {
  key: string;
  path: string;
}

export interface ColumnHeading {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
}

interface CommonLayout {
  frame: FrameName;
  view: { width: number; height: number };
  headings: ColumnHeading[];
  /** The workers' column, top to bottom, also where "app not answering" goes when there are no workers. */
  workersColumn: Rect;
  /** A column left of the workers (wide frame), or a band over them that feeds them from its left edge. */
  load: Rect;
  loadShape: 'column' | 'band';
  workers: WorkerBox[];
  other: OtherBox | null;
  /** Requests from the load generator to each worker. */
  requestFlows: FlowLine[];
  loadActive: boolean;
  scraper: Rect;
  scrapes: ScrapeLine[];
  /** Age of the newest scrape in seconds, null before the first. */
  newestScrapeAgeSeconds: number | null;
  /** No scrape for much longer than the interval: the scraper is stuck or the lab is down. */
  scrapesStale: boolean;
  prometheus: Rect;
  prometheusState: ComponentState | 'unknown';
  /** The app's admin API did not answer, so there are no worker boxes. */
  appUnreachable: boolean;
}

export interface DirectLayout extends CommonLayout {
  kind: 'direct';
  /** Centre of the gap between the workers and the scraper, where the scrape request is named. */
  requestLabelX: number;
}

/** A worker's own `/metrics` port, drawn as a tab on the right of its box. */
export interface PortTag {
  workerId: number;
  rect: Rect;
  text: string;
}

/** One scrape target of the latest scrape: an arrow from the scraper to a worker's port. */
export interface TargetLine {
  key: string;
  workerId: number;
  ok: boolean;
  error: string | null;
  style: WorkerStyle;
  path: string;
  head: string | null;
  cross: Point | null;
}

export interface PerWorkerLayout extends CommonLayout {
  kind: 'per-worker';
  requestLabelX: number;
  ports: PortTag[];
  targetLines: TargetLine[];
  /** Targets of the latest scrape whose worker is no longer listed, so they have no box to land on. */
  unmatchedTargets: number;
}

/** A layout with one process in the middle that every scrape lands on. */
interface HubLayout extends CommonLayout {
  hub: Rect;
  hubState: ComponentState | 'unknown';
  /** From each worker to the hub: StatsD packets, or registries sent over IPC. */
  hubFlows: FlowLine[];
}

export interface StatsdLayout extends HubLayout {
  kind: 'statsd';
}

export interface AggregatedLayout extends HubLayout {
  kind: 'aggregated';
  /**
   * What the hub merges: the workers' registries, sent to the primary over IPC, or the files every worker
   * writes to one folder (multiprocess mode), which the worker that takes the scrape reads.
   */
  merges: 'registries' | 'files';
  /** Arrowheads where the workers' registries (or files) reach the hub. */
  hubHeads: string[];
}

export type ArchitectureLayout = DirectLayout | PerWorkerLayout | AggregatedLayout | StatsdLayout;
export type LayoutKind = ArchitectureLayout['kind'];

/** The drawing a route gets, from how it gets one number out of many workers. */
export function layoutKind(topology: RouteTopology): LayoutKind {
  switch (topology.kind) {
    case 'direct':
      return 'direct';
    case 'per-worker':
      return 'per-worker';
    case 'aggregated':
      return 'aggregated';
    case 'pushed':
      return 'statsd';
  }
}

export interface ArchitectureInput {
  frame: FrameName;
  route: RouteView;
  settings: LabSettings;
  components: readonly ComponentStatus[];
  now: number;
  /** The page's colour slots for this route, so a worker has the same colour here as in its charts. */
  slots: Readonly<Record<string, number>>;
}

export type FrameName = 'wide' | 'narrow';

interface Columns {
  workers: { x: number; width: number };
  scraperWidth: number;
  /** The load band's width (narrow frame): over the workers, and over the hub where there is one. */
  loadWidth: number;
}

interface FrameSpec {
  view: { width: number; height: number };
  margin: number;
  load: 'column' | 'band';
  /** The worker boxes are stacked between these. */
  workersTop: number;
  workersBottom: number;
  scraperTop: number;
  /** Which column headings are drawn; a box that names itself needs none. */
  headings: 'all' | 'workers';
  columns: Record<LayoutKind, Columns>;
  hub: { x: number; width: number; height: number };
  /** Wide enough for a bold five-digit port such as ":18104". */
  portTab: { gap: number; width: number };
}

/**
 * Wide: 2:1, load | workers | hub | scraper side by side, for a dialog a screen wide (≥ 60 × the room's
 * smallest type). Narrow: 720×580 for a scene's aside (about 36 rem wide): the load generator is a band over
 * the workers, and the boxes that name themselves (scraper, bridge) drop their headings.
 */
export const FRAMES: Record<FrameName, FrameSpec> = {
  wide: {
    view: { width: 1200, height: 600 },
    margin: 24,
    load: 'column',
    workersTop: 64,
    workersBottom: 584,
    scraperTop: 64,
    headings: 'all',
    columns: {
      direct: { workers: { x: 296, width: 340 }, scraperWidth: 296, loadWidth: 180 },
      'per-worker': { workers: { x: 268, width: 300 }, scraperWidth: 296, loadWidth: 180 },
      aggregated: { workers: { x: 268, width: 300 }, scraperWidth: 246, loadWidth: 180 },
      statsd: { workers: { x: 268, width: 300 }, scraperWidth: 246, loadWidth: 180 },
    },
    hub: { x: 660, width: 190, height: 200 },
    portTab: { gap: 6, width: 104 },
  },
  narrow: {
    view: { width: 720, height: 580 },
    margin: 12,
    load: 'band',
    workersTop: 142,
    workersBottom: 568,
    scraperTop: 48,
    headings: 'workers',
    columns: {
      direct: { workers: { x: 56, width: 196 }, scraperWidth: 296, loadWidth: 240 },
      'per-worker': { workers: { x: 56, width: 190 }, scraperWidth: 280, loadWidth: 300 },
      aggregated: { workers: { x: 56, width: 184 }, scraperWidth: 236, loadWidth: 412 },
      statsd: { workers: { x: 56, width: 184 }, scraperWidth: 236, loadWidth: 412 },
    },
    hub: { x: 268, width: 156, height: 200 },
    portTab: { gap: 6, width: 96 },
  },
};

/**
 * The frame for a diagram `widthPx` wide whose smallest type must be at least `floorPx`: the wide one
 * when its MIN_FONT units come out at the floor, else the narrow one (its page sizes it for the floor).
 */
export function frameFor(widthPx: number, floorPx: number): FrameName {
  return widthPx * MIN_FONT >= FRAMES.wide.view.width * floorPx ? 'wide' : 'narrow';
}

/** The port in a target URL, or null when it has none that parses. */
export function urlPort(url: string): number | null {
  try {
    const { port, protocol } = new URL(url);
    if (port !== '') return Number(port);
    return protocol === 'http:' ? 80 : protocol === 'https:' ? 443 : null;
  } catch {
    return null;
  }
}

export function architectureLayout(input: ArchitectureInput): ArchitectureLayout {
  const { route, settings, components, now } = input;
  const kind = layoutKind(route.spec.topology);
  const frame = FRAMES[input.frame];
  const { view, margin } = frame;
  const columns = frame.columns[kind];
  const { hub: hubSpec, portTab } = frame;
  const stateOf = (name: string): ComponentState | 'unknown' =>
    components.find((c) => c.name === name)?.state ?? 'unknown';

  // Top to bottom in slot order, so the boxes read w1…wN whichever worker was replaced.
  const ids = [...(route.workers ?? [])].sort((a, b) => a.slot - b.slot).map((w) => w.id);
  const placeOf = workerPlaces(route.workers ?? []);
  const slots = diagramSlots(route, input.slots);
  const { shares, other: otherShare } = workerShares(route.truth.byWorker, ids);
  const recent = recentScrapes(route.scrapes, SCRAPES_SHOWN);
  const latestOk = recent.find((s) => s.ok);
  const direct = kind === 'direct';
  const latestId = direct && latestOk ? workerIdOf(latestOk.answeredBy) : null;

  const orphanScrape = direct && recent.some((s) => s.ok && !ids.includes(workerIdOf(s.answeredBy) ?? -1));
  const showOther = otherShare.count > 0 || orphanScrape;
  const rects = stackBoxes({
    count: ids.length + (showOther ? 1 : 0),
    x: columns.workers.x,
    width: columns.workers.width,
    top: frame.workersTop,
    bottom: frame.workersBottom,
    maxHeight: 64,
    gap: 10,
  });
  const workers: WorkerBox[] = ids.map((id, i) => ({
    id,
    label: workerLabel(placeOf.get(id) ?? 0),
    style: workerStyle(slots[workerAnswerer(id)] ?? 0),
    rect: rects[i] ?? rects[0] ?? { x: 0, y: 0, width: 0, height: 0 },
    share: shares.get(id) ?? { count: 0, fraction: 0 },
    answeredLatest: id === latestId,
  }));
  const otherRect = showOther ? rects[ids.length] : undefined;
  const other = otherRect ? { rect: otherRect, share: otherShare } : null;

  const middle = (frame.workersTop + frame.workersBottom) / 2;
  const band = frame.load === 'band';
  const load = band
    ? { x: margin, y: margin, width: columns.loadWidth, height: 84 }
    : { x: margin, y: middle - 80, width: columns.loadWidth, height: 160 };
  const requestFlows = workers.map((w) => {
    const to = { x: w.rect.x, y: w.rect.y + w.rect.height / 2 };
    return {
      key: `request-${w.id}`,
      path: band
        ? elbowPath({ x: load.x + 16, y: load.y + load.height }, to)
        : curvePath({ x: load.x + load.width, y: middle }, to),
    };
  });

  const scraper = {
    x: view.width - margin - columns.scraperWidth,
    y: frame.scraperTop,
    width: columns.scraperWidth,
    height: SCRAPER_HEIGHT,
  };
  const prometheus = {
    x: scraper.x,
    y: scraper.y + SCRAPER_HEIGHT + 14,
    width: scraper.width,
    height: view.height - margin - (scraper.y + SCRAPER_HEIGHT + 14),
  };
  const rowY = (rank: number): number => scraper.y + SCRAPER_HEADER + SCRAPER_ROW * (rank + 0.5);
  const newest = recent[0];
  const newestScrapeAgeSeconds = newest ? Math.max(0, (now - newest.t) / 1000) : null;
  const scrapesStale =
    newestScrapeAgeSeconds !== null &&
    newestScrapeAgeSeconds > Math.max(5, 3 * settings.scrapeIntervalSeconds);
  const common = {
    frame: input.frame,
    view,
    workersColumn: {
      ...columns.workers,
      y: frame.workersTop,
      height: frame.workersBottom - frame.workersTop,
    },
    load,
    loadShape: frame.load,
    workers,
    other,
    requestFlows,
    loadActive: !settings.paused && settings.ratePerSecond > 0,
    scraper,
    newestScrapeAgeSeconds,
    scrapesStale,
    prometheus,
    prometheusState: stateOf('prometheus'),
    appUnreachable: route.workers === null,
  };
  const centre = (r: { x: number; width: number }): number => r.x + r.width / 2;
  const columnRight = columns.workers.x + columns.workers.width;
  // Wide: every column named on one line; narrow: the workers only, between the load band and their boxes.
  const headingsOf = (hub: { text: string; x: number } | null): ColumnHeading[] => {
    const workersHeading = {
      text: `${ids.length} worker${ids.length === 1 ? '' : 's'}`,
      x: centre(columns.workers),
    };
    // Just over the first box, however far down the stack is centred.
    const top = rects[0]?.y ?? frame.workersTop;
    if (frame.headings === 'workers') return [{ ...workersHeading, y: top - 14 }];
    return [{ text: 'load', x: centre(load) }, workersHeading, ...(hub ? [hub] : [])]
      .concat({ text: 'scraper', x: centre(scraper) })
      .map((h) => ({ ...h, y: 36 }));
  };

  if (kind === 'direct') {
    const crossX = round((columnRight + scraper.x) / 2 + 40);
    const targets = recent.map((s): ScrapeTarget => {
      if (!s.ok) return { kind: 'failed' };
      const id = workerIdOf(s.answeredBy);
      return id !== null && ids.includes(id) ? { kind: 'worker', id } : { kind: 'other' };
    });
    const scrapes = recent.map((s, rank) => {
      const target = targets[rank] ?? { kind: 'failed' };
      const from = { x: scraper.x, y: rowY(rank) };
      const box =
        target.kind === 'worker'
          ? workers.find((w) => w.id === target.id)?.rect
          : target.kind === 'other'
            ? other?.rect
            : undefined;
      const id = workerIdOf(s.answeredBy);
      return {
        key: `scrape-${s.t}`,
        rank,
        scrape: s,
        target,
        style: target.kind === 'worker' ? workerStyle(slots[workerAnswerer(target.id)] ?? 0) : null,
        label: !s.ok
          ? 'failed'
          : target.kind === 'worker'
            ? workerLabel(placeOf.get(target.id) ?? 0)
            : id !== null
              ? 'gone'
              : (s.answeredBy ?? 'unknown'),
        errorPercent: scrapeErrorPercent(s),
        rowY: from.y,
        ...(box
          ? arrivingLine(from, landingPoint(box, spreadIndex(targets, rank)), rank)
          : failedLine(from, crossX, rank)),
      };
    });
    return {
      kind: 'direct',
      requestLabelX: round((columnRight + scraper.x) / 2),
      headings: headingsOf(null),
      scrapes,
      ...common,
    };
  }

  if (kind === 'per-worker') {
    const portX = columnRight + portTab.gap;
    const ports = workers.map((w) => {
      const port = route.workers?.find((info) => info.id === w.id)?.metricsPort ?? null;
      return {
        workerId: w.id,
        rect: { x: portX, y: w.rect.y, width: portTab.width, height: w.rect.height },
        text: port === null ? ':?' : `:${port}`,
      };
    });
    const portRight = portX + portTab.width;
    const rowsTop = scraper.y + SCRAPER_HEADER;
    const rowsBottom = scraper.y + scraper.height - 8;
    const matched = route.targets.flatMap((target) => {
      const port = urlPort(target.url);
      const info = route.workers?.find((w) => w.metricsPort !== null && w.metricsPort === port);
      const box = workers.find((w) => w.id === info?.id);
      return box ? [{ target, box }] : [];
    });
    const targetLines = matched.map(({ target, box }): TargetLine => {
      const y = box.rect.y + box.rect.height / 2;
      // Nearly level arrows: each starts on the scraper's edge at its worker's height, as far as it reaches.
      const from = { x: scraper.x, y: Math.min(rowsBottom, Math.max(rowsTop, y)) };
      const tip = { x: portRight + 2, y };
      const shape = target.ok ? arrivingLine(from, tip, 0) : failedLineTo(from, { x: portRight + 28, y }, 0);
      return {
        key: `target-${box.id}`,
        workerId: box.id,
        ok: target.ok,
        error: target.error,
        style: box.style,
        path: shape.path,
        head: shape.head,
        cross: shape.cross,
      };
    });
    const scrapes = recent.map((s, rank) => ({
      key: `scrape-${s.t}`,
      rank,
      scrape: s,
      target: s.ok
        ? ({ kind: 'targets', up: s.targetsUp, of: s.targets } as const)
        : ({ kind: 'failed' } as const),
      style: null,
      label: s.ok ? `${s.targetsUp}/${s.targets}` : 'failed',
      errorPercent: scrapeErrorPercent(s),
      rowY: rowY(rank),
      path: null,
      head: null,
      cross: null,
      ...scrapeEmphasis(rank, SCRAPES_SHOWN),
    }));
    return {
      kind: 'per-worker',
      requestLabelX: round((portRight + scraper.x) / 2),
      headings: headingsOf(null),
      scrapes,
      ports,
      targetLines,
      unmatchedTargets: route.targets.length - matched.length,
      ...common,
    };
  }

  const hub = { x: hubSpec.x, y: middle - hubSpec.height / 2, width: hubSpec.width, height: hubSpec.height };
  const hubRight = hub.x + hub.width;
  // Close to the hub, so a failed scrape reads as a line that set out for it and never arrived.
  const crossX = hubRight + 24;
  const spreadY = (i: number, n: number): number =>
    n > 1 ? hub.y + 24 + (i * (hub.height - 48)) / (n - 1) : hub.y + hub.height / 2;
  const hubTarget = kind === 'statsd' ? ({ kind: 'bridge' } as const) : ({ kind: 'primary' } as const);
  const scrapes = recent.map((s, rank) => {
    const from = { x: scraper.x, y: rowY(rank) };
    const tip = { x: hubRight + 2, y: spreadY(rank, SCRAPES_SHOWN) };
    return {
      key: `scrape-${s.t}`,
      rank,
      scrape: s,
      target: s.ok ? hubTarget : ({ kind: 'failed' } as const),
      style: null,
      label: s.ok ? hubTarget.kind : 'failed',
      errorPercent: scrapeErrorPercent(s),
      rowY: from.y,
      ...(s.ok ? arrivingLine(from, tip, rank) : failedLine(from, crossX, rank)),
    };
  });
  // IPC arrows stop short of the primary, where their heads go; StatsD packets run into the bridge.
  const flowEnd = (i: number): Point => ({
    x: kind === 'aggregated' ? hub.x - 14 : hub.x,
    y: spreadY(i, workers.length),
  });
  const hubFlows = workers.map((w, i) => ({
    key: `${kind === 'statsd' ? 'packets' : 'ipc'}-${w.id}`,
    path: curvePath({ x: w.rect.x + w.rect.width, y: w.rect.y + w.rect.height / 2 }, flowEnd(i)),
  }));
  const hubCommon = {
    scrapes,
    hub,
    hubFlows,
    ...common,
  };
  if (kind === 'statsd') {
    return {
      kind: 'statsd',
      headings: headingsOf({ text: 'bridge', x: centre(hub) }),
      hubState: stateOf('bridge'),
      ...hubCommon,
    };
  }
  // A route that reports its multiprocess folder merges files; the folder is what each scrape reads.
  const merges = route.spec.multiprocFilesMetric === undefined ? 'registries' : 'files';
  return {
    kind: 'aggregated',
    merges,
    headings: headingsOf({ text: merges === 'files' ? 'folder' : 'primary', x: centre(hub) }),
    hubState: stateOf(`${route.spec.appId} app`),
    hubHeads: workers.map((_, i) =>
      arrowHeadPath({ x: hub.x - 2, y: spreadY(i, workers.length) }, 'right', 14),
    ),
    ...hubCommon,
    ...(merges === 'files'
      ? { scrapes: scrapes.map((s) => (s.target.kind === 'primary' ? { ...s, label: 'folder' } : s)) }
      : {}),
  };
}

/** Several scrapes landing on one box fan out over its height instead of piling up on one point. */
function spreadIndex(targets: readonly ScrapeTarget[], rank: number): { index: number; of: number } {
  const key = (t: ScrapeTarget | undefined): string => (t?.kind === 'worker' ? `w${t.id}` : (t?.kind ?? ''));
  const mine = key(targets[rank]);
  const same = targets.map((t, i) => (key(t) === mine ? i : -1)).filter((i) => i >= 0);
  return { index: same.indexOf(rank), of: same.length };
}

function headSize(strokeWidth: number): number {
  return round(10 + strokeWidth * 1.6);
}

/** Where a scrape's arrow touches a box's right edge. */
function landingPoint(box: Rect, spread: { index: number; of: number }): Point {
  const step = spread.of > 1 ? Math.min(8, (box.height * 0.6) / (spread.of - 1)) : 0;
  return {
    x: box.x + box.width + 2,
    y: box.y + box.height / 2 + (spread.index - (spread.of - 1) / 2) * step,
  };
}

type LineShape = Pick<ScrapeLine, 'head' | 'cross' | 'width' | 'opacity'> & { path: string };

function arrivingLine(from: Point, tip: Point, rank: number): LineShape {
  const emphasis = scrapeEmphasis(rank, SCRAPES_SHOWN);
  const size = headSize(emphasis.width);
  // The stroke stops inside the arrowhead, so a thick line never pokes out past its tip.
  return {
    path: curvePath(from, { x: tip.x + size * 0.6, y: tip.y }),
    head: arrowHeadPath(tip, 'left', size),
    cross: null,
    ...emphasis,
  };
}

function failedLine(from: Point, crossX: number, rank: number): LineShape {
  const emphasis = scrapeEmphasis(rank, SCRAPES_SHOWN);
  const cross = { x: crossX, y: from.y };
  return { path: `M${round(from.x)},${round(from.y)}H${round(crossX + 12)}`, head: null, cross, ...emphasis };
}

/** A failed scrape that set out for a point off its row: it curves there and ends in a ✕. */
function failedLineTo(from: Point, cross: Point, rank: number): LineShape {
  const emphasis = scrapeEmphasis(rank, SCRAPES_SHOWN);
  return { path: curvePath(from, { x: cross.x + 12, y: cross.y }), head: null, cross, ...emphasis };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
