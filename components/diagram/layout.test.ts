import { describe, expect, it } from 'vitest';
import type {
  ComponentStatus,
  LabSettings,
  RouteTopology,
  RouteView,
  ScrapePoint,
  TargetState,
} from '../../server/lab/types';
import { answerersOf, assignWorkerSlots } from '../lab/worker-styles';
import {
  architectureLayout,
  arrowHeadPath,
  curvePath,
  diagramSlots,
  elbowPath,
  frameFor,
  FRAMES,
  labelSize,
  layoutKind,
  MIN_FONT,
  recentScrapes,
  SCRAPES_SHOWN,
  scrapeEmphasis,
  scrapeErrorPercent,
  stackBoxes,
  urlPort,
  workerBoxParts,
  workerIdOf,
  workerShares,
  type ArchitectureLayout,
  type FrameName,
  type LayoutKind,
  type Rect,
} from './layout';
import { markerVertices } from './marker-shapes';

const NOW = 1_000_000;

function scrape(over: Partial<ScrapePoint> & { t: number }): ScrapePoint {
  return {
    ok: true,
    durationMs: 2,
    bytes: 900,
    targets: 1,
    targetsUp: 1,
    answeredBy: 'worker 1',
    counter: 10,
    inFlight: 0,
    lastWriterGauge: null,
    truthInFlight: 0,
    histogramCount: null,
    histogramSum: null,
    truth: 40,
    error: null,
    ...over,
  };
}

const TOPOLOGY: Record<LayoutKind, RouteTopology> = {
  direct: { kind: 'direct' },
  'per-worker': { kind: 'per-worker' },
  aggregated: { kind: 'aggregated' },
  statsd: { kind: 'pushed', aggregator: 'bridge' },
};

/** Worker `id`'s own metrics port in these fixtures. */
const portOf = (id: number) => 9100 + id;

function route(
  kind: LayoutKind,
  over: {
    workers?: number[] | null;
    scrapes?: ScrapePoint[];
    byWorker?: Record<string, number>;
    targets?: TargetState[];
  } = {},
): RouteView {
  const ids = over.workers === undefined ? [1, 2, 3, 4] : over.workers;
  return {
    spec: {
      id: kind,
      title: kind,
      summary: '',
      topology: TOPOLOGY[kind],
      appId: 'node',
      loadUrl: 'http://127.0.0.1:1/work',
      metricsUrl: 'http://127.0.0.1:1/metrics',
      answeredBy:
        kind === 'statsd'
          ? { kind: 'metric', metric: 'process_start_time_seconds' }
          : { kind: 'header', header: kind === 'aggregated' ? 'x-answered-by' : 'x-worker-id' },
      counterMetric: 'c',
      gaugeMetric: 'g',
      histogramMetric: 'h',
    },
    truth: {
      sent: 100,
      answered: 100,
      failed: 0,
      skipped: 0,
      inFlight: 0,
      byStatus: { '200': 100 },
      byWorker: over.byWorker ?? { '1': 40, '2': 30, '3': 20, '4': 10 },
      latencyP50Seconds: null,
      latencyP90Seconds: null,
      latencyDelayed: 0,
    },
    scrapes: over.scrapes ?? [],
    rates: [],
    rateWindowSeconds: 30,
    headline: { errorNowPercent: null, lost: null, inTransit: null, distinctAnswerers: 0, resets: 0 },
    workers:
      ids === null
        ? null
        : ids.map((id, i) => ({
            id,
            pid: 1000 + id,
            uptimeSeconds: 60,
            slot: i + 1,
            metricsPort: portOf(id),
          })),
    prometheus: null,
    prometheusRates: [],
    targets: over.targets ?? [],
    cost: { scrapeP50Ms: null, scrapeP95Ms: null, metricsBytes: null, processes: 0, targets: 0 },
    lastCrash: null,
  };
}

const SETTINGS: LabSettings = {
  ratePerSecond: 50,
  concurrency: 64,
  paused: false,
  scrapeIntervalSeconds: 1,
  workers: 4,
  metricsKeepAlive: false,
  statsdBufferSize: 1400,
};

const UP: ComponentStatus[] = [
  { name: 'bridge', state: 'up', detail: 'healthy', note: null, lastOkAgeSeconds: 0 },
  { name: 'prometheus', state: 'absent', detail: 'not installed', note: null, lastOkAgeSeconds: null },
];

function layoutOf(
  r: RouteView,
  over: {
    settings?: Partial<LabSettings>;
    components?: ComponentStatus[];
    slots?: Record<string, number>;
    frame?: FrameName;
  } = {},
): ArchitectureLayout {
  return architectureLayout({
    frame: over.frame ?? 'wide',
    route: r,
    settings: { ...SETTINGS, ...over.settings },
    components: over.components ?? UP,
    now: NOW,
    slots: over.slots ?? {},
  });
}

/** The last point of an SVG path ("…x,y" at its end). */
function pathEnd(d: string): { x: number; y: number } {
  const match = /(-?[\d.]+),(-?[\d.]+)\s*$/.exec(d);
  if (!match) throw new Error(`no end point in ${d}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

const inside = (r: Rect, outer: Rect): boolean =>
  r.x >= outer.x &&
  r.y >= outer.y &&
  r.x + r.width <= outer.x + outer.width &&
  r.y + r.height <= outer.y + outer.height;
const overlap = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('workerIdOf', () => {
  it.each([
    { answeredBy: 'worker 5', want: 5 },
    { answeredBy: 'worker 12', want: 12 },
    { answeredBy: 'started 18:30:43Z', want: null },
    { answeredBy: 'worker five', want: null },
    { answeredBy: 'a worker 5', want: null },
    { answeredBy: null, want: null },
  ])('$answeredBy → $want', ({ answeredBy, want }) => {
    expect(workerIdOf(answeredBy)).toBe(want);
  });
});

describe('diagramSlots', () => {
  it.each<{
    name: string;
    kind: LayoutKind;
    answered: string[];
    previous: Record<string, number>;
    /** The pool's ids in slot order (w1 first); 1 to 4 unless given. */
    workers?: number[];
    want: Record<string, number>;
  }>([
    {
      name: 'direct: answerers first, as the page orders them; silent workers take free slots',
      kind: 'direct',
      answered: ['worker 3', 'worker 1'],
      previous: {},
      want: { 'worker 1': 0, 'worker 3': 1, 'worker 2': 2, 'worker 4': 3 },
    },
    {
      name: 'direct: the page’s slots win',
      kind: 'direct',
      answered: ['worker 3', 'worker 1'],
      previous: { 'worker 3': 0, 'worker 1': 5 },
      want: { 'worker 3': 0, 'worker 1': 5, 'worker 2': 1, 'worker 4': 2 },
    },
    {
      name: 'statsd: the answerer is the bridge, workers numbered in order',
      kind: 'statsd',
      answered: ['started 18:30:43Z'],
      previous: { 'started 18:30:43Z': 0 },
      want: { 'worker 1': 0, 'worker 2': 1, 'worker 3': 2, 'worker 4': 3 },
    },
    {
      name: 'aggregated: the answerer is the primary, workers numbered in order',
      kind: 'aggregated',
      answered: ['primary 4242'],
      previous: { 'primary 4242': 0 },
      want: { 'worker 1': 0, 'worker 2': 1, 'worker 3': 2, 'worker 4': 3 },
    },
    {
      name: 'per-worker: every worker answers every scrape, so none is told apart; numbered in order',
      kind: 'per-worker',
      answered: [],
      previous: { 'worker 3': 0 },
      want: { 'worker 1': 0, 'worker 2': 1, 'worker 3': 2, 'worker 4': 3 },
    },
    {
      name: 'per-worker after a crash: worker 13 took w1, so it keeps w1’s style',
      kind: 'per-worker',
      answered: [],
      previous: {},
      workers: [13, 10, 11, 12],
      want: { 'worker 13': 0, 'worker 10': 1, 'worker 11': 2, 'worker 12': 3 },
    },
  ])('$name', ({ kind, answered, previous, workers, want }) => {
    const scrapes = answered.map((answeredBy, i) => scrape({ t: NOW - i * 1000, answeredBy }));
    const slots = diagramSlots(route(kind, { scrapes, workers }), previous);
    expect(slots).toEqual(want);
    // The chart's colours for the same scrapes, so a worker looks the same in both.
    if (kind === 'direct') {
      for (const [answerer, slot] of Object.entries(assignWorkerSlots(previous, answerersOf(scrapes)))) {
        expect(slots[answerer]).toBe(slot);
      }
    }
  });
});

describe('stackBoxes', () => {
  it.each([1, 2, 4, 8, 9, 16, 17])('%i boxes fit between top and bottom without overlapping', (count) => {
    const boxes = stackBoxes({ count, x: 10, width: 100, top: 64, bottom: 584, maxHeight: 64, gap: 10 });
    expect(boxes).toHaveLength(count);
    for (const [i, b] of boxes.entries()) {
      expect(b.y).toBeGreaterThanOrEqual(64);
      expect(b.y + b.height).toBeLessThanOrEqual(584 + 1e-9);
      expect(b.height).toBeLessThanOrEqual(64);
      const next = boxes[i + 1];
      if (next) expect(next.y).toBeGreaterThan(b.y + b.height);
    }
    // Centred: as much room above the first as below the last.
    const first = boxes[0];
    const last = boxes.at(-1);
    if (first && last) expect(first.y - 64).toBeCloseTo(584 - (last.y + last.height));
  });

  it('makes nothing for no boxes', () => {
    expect(stackBoxes({ count: 0, x: 0, width: 1, top: 0, bottom: 10, maxHeight: 5, gap: 1 })).toEqual([]);
  });
});

describe('labelSize', () => {
  it.each([
    { height: 64, want: 24 },
    { height: 50, want: 24 },
    { height: 36, want: 20 },
    { height: 28, want: 20 },
    { height: 20, want: 16 },
  ])('a $height-unit box gets $want', ({ height, want }) => {
    expect(labelSize(height)).toBe(want);
  });
});

describe('workerShares', () => {
  it.each<{
    name: string;
    byWorker: Record<string, number>;
    ids: number[];
    shares: [number, number, number][];
    other: [number, number];
  }>([
    {
      name: 'shares of everything answered, the rest as other',
      byWorker: { '1': 50, '2': 30, '7': 15, unknown: 5 },
      ids: [1, 2],
      shares: [
        [1, 50, 0.5],
        [2, 30, 0.3],
      ],
      other: [20, 0.2],
    },
    {
      name: 'a worker that answered nothing yet',
      byWorker: { '1': 10 },
      ids: [1, 2],
      shares: [
        [1, 10, 1],
        [2, 0, 0],
      ],
      other: [0, 0],
    },
    { name: 'nothing answered', byWorker: {}, ids: [1], shares: [[1, 0, 0]], other: [0, 0] },
  ])('$name', ({ byWorker, ids, shares, other }) => {
    const got = workerShares(byWorker, ids);
    expect([...got.shares].map(([id, s]) => [id, s.count, s.fraction])).toEqual(shares);
    expect([got.other.count, got.other.fraction]).toEqual(other);
  });
});

describe('recentScrapes', () => {
  const scrapes = [5, 1, 9, 3, 7].map((t) => scrape({ t }));
  it.each([
    { count: 3, want: [9, 7, 5] },
    { count: 10, want: [9, 7, 5, 3, 1] },
    { count: 0, want: [] },
  ])('latest $count, newest first', ({ count, want }) => {
    expect(recentScrapes(scrapes, count).map((s) => s.t)).toEqual(want);
  });
});

describe('scrapeEmphasis', () => {
  it.each([
    { rank: 0, shown: 8, want: { width: 7, opacity: 1 } },
    { rank: 7, shown: 8, want: { width: 2.5, opacity: 0.22 } },
    { rank: 12, shown: 8, want: { width: 2.5, opacity: 0.22 } },
    { rank: 0, shown: 1, want: { width: 7, opacity: 1 } },
  ])('rank $rank of $shown', ({ rank, shown, want }) => {
    expect(scrapeEmphasis(rank, shown)).toEqual(want);
  });

  it('fades and thins with every step of age', () => {
    const steps = Array.from({ length: SCRAPES_SHOWN }, (_, rank) => scrapeEmphasis(rank, SCRAPES_SHOWN));
    steps.slice(1).forEach((s, i) => {
      expect(s.width).toBeLessThan(steps[i]?.width ?? 0);
      expect(s.opacity).toBeLessThan(steps[i]?.opacity ?? 0);
    });
  });
});

describe('scrapeErrorPercent', () => {
  it.each([
    { ok: true, counter: 25, truth: 100, want: -75 },
    { ok: true, counter: 100, truth: 100, want: 0 },
    { ok: true, counter: 0, truth: 0, want: 0 },
    { ok: true, counter: 3, truth: 0, want: null },
    { ok: true, counter: null, truth: 100, want: null },
    { ok: false, counter: null, truth: 100, want: null },
  ])('$counter of $truth (ok $ok) → $want', ({ ok, counter, truth, want }) => {
    expect(scrapeErrorPercent({ ok, counter, truth })).toBe(want);
  });
});

describe('curvePath and arrowHeadPath', () => {
  it.each([
    { from: { x: 0, y: 0 }, to: { x: 100, y: 50 }, want: 'M0,0C50,0 50,50 100,50' },
    {
      from: { x: 900, y: 128 },
      to: { x: 640.333, y: 200 },
      want: 'M900,128C770.17,128 770.17,200 640.33,200',
    },
  ])('curve $from → $to', ({ from, to, want }) => {
    expect(curvePath(from, to)).toBe(want);
  });

  it.each([
    { direction: 'left', want: 'M10,20L20,14L20,26Z' },
    { direction: 'right', want: 'M10,20L0,14L0,26Z' },
    { direction: 'up', want: 'M10,20L4,30L16,30Z' },
    { direction: 'down', want: 'M10,20L4,10L16,10Z' },
  ] as const)('arrowhead pointing $direction', ({ direction, want }) => {
    expect(arrowHeadPath({ x: 10, y: 20 }, direction, 10)).toBe(want);
  });
});

describe('elbowPath', () => {
  it.each([
    { from: { x: 20, y: 100 }, to: { x: 48, y: 200 }, want: 'M20,100V188Q20,200 32,200H48' },
    // A turn never wider than the room there is for it.
    { from: { x: 20, y: 100 }, to: { x: 26, y: 200 }, want: 'M20,100V194Q20,200 26,200H26' },
    { from: { x: 20, y: 100 }, to: { x: 48, y: 104 }, want: 'M20,100V100Q20,104 24,104H48' },
  ])('$from.x,$from.y down and into $to.x,$to.y', ({ from, to, want }) => {
    expect(elbowPath(from, to)).toBe(want);
  });
});

describe('frameFor', () => {
  it.each([
    // The scoreboard's wiring dialog at 1280×720 (1 rem = 18 px) and a presenter aside at 1280×720 and 1080p.
    { widthPx: 1204, floorPx: 18, want: 'wide' },
    { widthPx: 1203, floorPx: 18.13, want: 'wide' },
    { widthPx: 1080, floorPx: 18, want: 'wide' },
    { widthPx: 1079, floorPx: 18, want: 'narrow' },
    { widthPx: 671, floorPx: 18.13, want: 'narrow' },
    { widthPx: 1007, floorPx: 27.19, want: 'narrow' },
  ] as const)('$widthPx px wide at a $floorPx px floor: $want', ({ widthPx, floorPx, want }) => {
    expect(frameFor(widthPx, floorPx)).toBe(want);
  });

  it.each<{ frame: FrameName; kind: LayoutKind; want: string[] }>([
    { frame: 'wide', kind: 'direct', want: ['load', '4 workers', 'scraper'] },
    { frame: 'wide', kind: 'statsd', want: ['load', '4 workers', 'bridge', 'scraper'] },
    // The load band, the bridge and the scraper name themselves in their boxes.
    { frame: 'narrow', kind: 'direct', want: ['4 workers'] },
    { frame: 'narrow', kind: 'statsd', want: ['4 workers'] },
  ])('$frame $kind headings: $want', ({ frame, kind, want }) => {
    const layout = layoutOf(route(kind), { frame });
    expect(layout.headings.map((h) => h.text)).toEqual(want);
    expect(layout.loadShape).toBe(frame === 'wide' ? 'column' : 'band');
    // The narrow frame's heading sits between the load band and the first worker box.
    const first = layout.workers[0]?.rect.y ?? 0;
    for (const h of layout.headings) expect(h.y).toBeLessThan(first);
    if (frame === 'narrow')
      for (const h of layout.headings) expect(h.y).toBeGreaterThan(layout.load.y + layout.load.height + 20);
  });
});

describe('workerBoxParts', () => {
  it.each([
    { width: 340, height: 64, bar: 60 },
    { width: 340, height: 26, bar: 60 },
    { width: 290, height: 64, bar: 60 },
    { width: 290, height: 24, bar: 60 },
    { width: 230, height: 64, bar: 24 },
    { width: 196, height: 64, bar: null },
    { width: 184, height: 64, bar: null },
    { width: 184, height: 44, bar: null },
  ])(
    'a $width×$height box holds marker, label, bar (≥ $bar) and number in order',
    ({ width, height, bar }) => {
      const rect = { x: 100, y: 50, width, height };
      const p = workerBoxParts(rect);
      if (bar === null) expect(p.bar).toBeNull();
      else {
        expect(p.bar !== null && inside(p.bar, rect)).toBe(true);
        expect(p.bar?.width).toBeGreaterThanOrEqual(bar);
      }
      expect(p.marker.x).toBeLessThan(p.labelX);
      // Room for a label like "w16" between the label start and the bar, or the number where there is none.
      const next = p.bar?.x ?? p.valueX - p.valueWidth;
      expect(next - p.labelX).toBeGreaterThanOrEqual(p.fontSize * 2.4);
      if (p.bar) expect(p.bar.x + p.bar.width).toBeLessThanOrEqual(p.valueX - p.valueWidth);
      expect(p.valueX).toBeLessThanOrEqual(rect.x + rect.width);
      // Every shape, the star being the widest, stays inside the box and clear of the label.
      for (const shape of ['star', 'wye', 'triangle', 'diamond'] as const) {
        for (const [x, y] of markerVertices(shape, p.markerArea)) {
          expect(p.marker.x + x).toBeGreaterThan(rect.x);
          expect(p.marker.x + x).toBeLessThan(p.labelX);
          expect(p.marker.y + y).toBeGreaterThan(rect.y);
          expect(p.marker.y + y).toBeLessThan(rect.y + rect.height);
        }
      }
    },
  );
});

describe('architectureLayout: direct route', () => {
  const scrapes = [
    scrape({ t: NOW - 100, answeredBy: 'worker 3' }),
    scrape({ t: NOW - 1100, answeredBy: 'worker 1' }),
    scrape({ t: NOW - 2100, ok: false, answeredBy: null, counter: null, error: 'ECONNRESET' }),
    scrape({ t: NOW - 3100, answeredBy: 'worker 3' }),
    scrape({ t: NOW - 4100, answeredBy: 'worker 9' }),
    ...Array.from({ length: 6 }, (_, i) => scrape({ t: NOW - 10_000 - i * 1000, answeredBy: 'worker 2' })),
  ];
  const layout = layoutOf(route('direct', { scrapes }));

  it('draws the latest scrapes, newest first', () => {
    expect(layout.scrapes).toHaveLength(SCRAPES_SHOWN);
    expect(layout.scrapes.map((s) => s.scrape.t)).toEqual(
      recentScrapes(scrapes, SCRAPES_SHOWN).map((s) => s.t),
    );
    expect(layout.scrapes.map((s) => s.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it.each([
    { rank: 0, box: 3 },
    { rank: 1, box: 1 },
    { rank: 3, box: 3 },
    { rank: 5, box: 2 },
  ])('scrape $rank lands on the box of the worker that answered it (w$box)', ({ rank, box }) => {
    const line = layout.scrapes[rank];
    const worker = layout.workers.find((w) => w.id === box);
    if (!line?.head || !line.path || !worker) throw new Error('missing line or box');
    const tip = pathEnd(line.head.replace(/L.*$/, ''));
    const r = worker.rect;
    expect(line.target).toEqual({ kind: 'worker', id: box });
    expect(line.style).toEqual(worker.style);
    expect(tip.x).toBeCloseTo(r.x + r.width + 2);
    expect(tip.y).toBeGreaterThan(r.y);
    expect(tip.y).toBeLessThan(r.y + r.height);
    // The line starts at its own row of the scraper box and stops inside its arrowhead.
    expect(line.path.startsWith(`M${layout.scraper.x},${line.rowY}`)).toBe(true);
    expect(pathEnd(line.path).y).toBeCloseTo(tip.y);
  });

  it('ends a failed scrape in a ✕ between the columns, with no arrowhead', () => {
    const failed = layout.scrapes[2];
    expect(failed?.target).toEqual({ kind: 'failed' });
    expect(failed?.head).toBeNull();
    expect(failed?.cross?.y).toBe(failed?.rowY);
    const columnRight = Math.max(...layout.workers.map((w) => w.rect.x + w.rect.width));
    expect(failed?.cross?.x).toBeGreaterThan(columnRight);
    expect(failed?.cross?.x).toBeLessThan(layout.scraper.x);
  });

  it('sends a scrape answered by a worker that is gone to the "gone" box', () => {
    const line = layout.scrapes[4];
    expect(line?.target).toEqual({ kind: 'other' });
    expect(line?.label).toBe('gone');
    expect(layout.other).not.toBeNull();
    const tip = pathEnd(line?.head?.replace(/L.*$/, '') ?? '');
    const r = layout.other?.rect ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(tip.y).toBeGreaterThan(r.y);
    expect(tip.y).toBeLessThan(r.y + r.height);
  });

  it('flags the worker that answered the newest scrape, and only that one', () => {
    expect(layout.workers.filter((w) => w.answeredLatest).map((w) => w.id)).toEqual([3]);
  });

  it('gives each worker its share of the requests', () => {
    expect(layout.workers.map((w) => [w.label, w.share.fraction])).toEqual([
      ['w1', 0.4],
      ['w2', 0.3],
      ['w3', 0.2],
      ['w4', 0.1],
    ]);
  });

  it('has one request flow per worker', () => {
    expect(layout.requestFlows.map((f) => f.key)).toEqual([
      'request-1',
      'request-2',
      'request-3',
      'request-4',
    ]);
  });
});

describe('architectureLayout: workers named by their slot', () => {
  // After two resets the pool's cluster ids are 9 to 12; the boxes and the scraper's rows still read w1…w4.
  const scrapes = [
    scrape({ t: NOW - 100, answeredBy: 'worker 11' }),
    scrape({ t: NOW - 1100, answeredBy: 'worker 9' }),
    scrape({ t: NOW - 2100, answeredBy: 'worker 5' }),
  ];
  const layout = layoutOf(route('direct', { workers: [9, 10, 11, 12], scrapes }));

  it('stacks the boxes in slot order, whatever the ids', () => {
    const replaced = layoutOf(route('direct', { workers: [13, 10, 11, 12] }));
    expect(replaced.workers.map((w) => [w.id, w.label])).toEqual([
      [13, 'w1'],
      [10, 'w2'],
      [11, 'w3'],
      [12, 'w4'],
    ]);
  });

  it('reads w1…w4 after a restart moved the slots to 5…8', () => {
    const moved = route('direct', { workers: [9, 10, 11, 12] });
    moved.workers = (moved.workers ?? []).map((w) => ({ ...w, slot: w.slot + 4 }));
    expect(layoutOf(moved).workers.map((w) => w.label)).toEqual(['w1', 'w2', 'w3', 'w4']);
  });

  it('labels each box by its slot', () => {
    expect(layout.workers.map((w) => [w.id, w.label])).toEqual([
      [9, 'w1'],
      [10, 'w2'],
      [11, 'w3'],
      [12, 'w4'],
    ]);
  });

  it.each([
    { rank: 0, want: 'w3' },
    { rank: 1, want: 'w1' },
    { rank: 2, want: 'gone' },
  ])('scrape $rank reads $want', ({ rank, want }) => {
    if (layout.kind !== 'direct') throw new Error('expected the direct layout');
    expect(layout.scrapes[rank]?.label).toBe(want);
  });
});

describe('architectureLayout: StatsD route', () => {
  const scrapes = [
    scrape({ t: NOW - 100, answeredBy: 'started 18:30:43Z' }),
    scrape({ t: NOW - 1100, ok: false, answeredBy: null, counter: null, error: 'ECONNREFUSED' }),
    scrape({ t: NOW - 2100, answeredBy: 'started 18:29:00Z' }),
  ];

  it('points every successful scrape at the bridge, failed ones at a ✕', () => {
    const layout = layoutOf(route('statsd', { scrapes }));
    if (layout.kind !== 'statsd') throw new Error('expected the StatsD layout');
    expect(layout.scrapes.map((s) => s.target.kind)).toEqual(['bridge', 'failed', 'bridge']);
    for (const line of layout.scrapes.filter((s) => s.target.kind === 'bridge')) {
      const tip = pathEnd(line.head?.replace(/L.*$/, '') ?? '');
      expect(tip.x).toBeCloseTo(layout.hub.x + layout.hub.width + 2);
      expect(tip.y).toBeGreaterThan(layout.hub.y);
      expect(tip.y).toBeLessThan(layout.hub.y + layout.hub.height);
      expect(line.style).toBeNull();
    }
    expect(layout.hubFlows.map((f) => f.key)).toEqual(['packets-1', 'packets-2', 'packets-3', 'packets-4']);
    expect(layout.workers.some((w) => w.answeredLatest)).toBe(false);
  });

  it.each<{ name: string; components: ComponentStatus[]; want: string }>([
    { name: 'up', components: UP, want: 'up' },
    {
      name: 'down',
      components: [
        { name: 'bridge', state: 'down', detail: 'ECONNREFUSED', note: null, lastOkAgeSeconds: 4 },
      ],
      want: 'down',
    },
    { name: 'not reported', components: [], want: 'unknown' },
  ])('reads the bridge state: $name', ({ components, want }) => {
    const layout = layoutOf(route('statsd', { scrapes }), { components });
    expect(layout.kind === 'statsd' && layout.hubState).toBe(want);
  });
});

function target(port: number, ok = true): TargetState {
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    ok,
    durationMs: 3,
    error: ok ? null : 'ECONNREFUSED',
  };
}

describe('layoutKind', () => {
  it.each<{ topology: RouteTopology; want: LayoutKind }>([
    { topology: { kind: 'direct' }, want: 'direct' },
    { topology: { kind: 'per-worker' }, want: 'per-worker' },
    { topology: { kind: 'aggregated' }, want: 'aggregated' },
    { topology: { kind: 'pushed', aggregator: 'bridge' }, want: 'statsd' },
  ])('$topology.kind → $want', ({ topology, want }) => {
    expect(layoutKind(topology)).toBe(want);
  });
});

describe('urlPort', () => {
  it.each([
    { url: 'http://127.0.0.1:9101/metrics', want: 9101 },
    { url: 'http://[::1]:18104/metrics', want: 18104 },
    { url: 'http://localhost/metrics', want: 80 },
    { url: 'https://example.test/metrics', want: 443 },
    { url: 'not a url', want: null },
  ])('$url → $want', ({ url, want }) => {
    expect(urlPort(url)).toBe(want);
  });
});

describe('architectureLayout: port-per-worker route', () => {
  const scrapes = [
    scrape({ t: NOW - 100, answeredBy: null, targets: 4, targetsUp: 4 }),
    scrape({
      t: NOW - 1100,
      ok: false,
      answeredBy: null,
      counter: null,
      targets: 4,
      targetsUp: 3,
      error: '1 of 4 targets down: ECONNREFUSED',
    }),
  ];
  const targets = [target(portOf(1)), target(portOf(2)), target(portOf(3), false), target(portOf(4))];
  const layout = layoutOf(route('per-worker', { scrapes, targets }));
  if (layout.kind !== 'per-worker') throw new Error('expected the per-worker layout');

  it('gives every worker a tab with its own port, beside its box', () => {
    expect(layout.ports.map((p) => [p.workerId, p.text])).toEqual([
      [1, ':9101'],
      [2, ':9102'],
      [3, ':9103'],
      [4, ':9104'],
    ]);
    for (const p of layout.ports) {
      const box = layout.workers.find((w) => w.id === p.workerId)?.rect;
      if (!box) throw new Error('no box');
      expect(p.rect.y).toBe(box.y);
      expect(p.rect.x).toBeGreaterThan(box.x + box.width);
      expect(p.rect.x + p.rect.width).toBeLessThan(layout.scraper.x);
    }
  });

  it.each([
    { id: 1, ok: true },
    { id: 2, ok: true },
    { id: 3, ok: false },
    { id: 4, ok: true },
  ])('draws one scrape arrow to w$id, ending in an arrowhead if it answered (ok: $ok)', ({ id, ok }) => {
    const line = layout.targetLines.find((l) => l.workerId === id);
    const port = layout.ports.find((p) => p.workerId === id)?.rect;
    if (!line || !port) throw new Error('missing line or port');
    expect(line.ok).toBe(ok);
    expect(line.path.startsWith(`M${layout.scraper.x},`)).toBe(true);
    const y = port.y + port.height / 2;
    if (ok) {
      const tip = pathEnd(line.head?.replace(/L.*$/, '') ?? '');
      expect(tip).toEqual({ x: port.x + port.width + 2, y });
      expect(line.cross).toBeNull();
    } else {
      expect(line.head).toBeNull();
      expect(line.cross?.y).toBe(y);
      expect(line.cross?.x).toBeGreaterThan(port.x + port.width);
      expect(line.error).toBe('ECONNREFUSED');
    }
  });

  it('lists the scrapes as sums over the ports, with no line of their own', () => {
    expect(layout.scrapes.map((s) => [s.label, s.target.kind, s.path])).toEqual([
      ['4/4', 'targets', null],
      ['failed', 'failed', null],
    ]);
    expect(layout.unmatchedTargets).toBe(0);
  });

  it('skips, and counts, a target whose worker is no longer listed', () => {
    const gone = layoutOf(route('per-worker', { scrapes, targets: [...targets, target(9999)] }));
    expect(gone.kind === 'per-worker' && [gone.targetLines.length, gone.unmatchedTargets]).toEqual([4, 1]);
  });
});

describe('architectureLayout: shared-mode route', () => {
  const scrapes = [
    scrape({ t: NOW - 100, answeredBy: 'primary 4242' }),
    scrape({ t: NOW - 1100, ok: false, answeredBy: null, counter: null, error: 'ECONNREFUSED' }),
  ];

  it('lands every successful scrape on the primary, which every worker sends its registry to', () => {
    const layout = layoutOf(route('aggregated', { scrapes }));
    if (layout.kind !== 'aggregated') throw new Error('expected the aggregated layout');
    expect(layout.scrapes.map((s) => [s.target.kind, s.label])).toEqual([
      ['primary', 'primary'],
      ['failed', 'failed'],
    ]);
    const tip = pathEnd(layout.scrapes[0]?.head?.replace(/L.*$/, '') ?? '');
    expect(tip.x).toBeCloseTo(layout.hub.x + layout.hub.width + 2);
    expect(layout.hubFlows.map((f) => f.key)).toEqual(['ipc-1', 'ipc-2', 'ipc-3', 'ipc-4']);
    expect(layout.hubHeads).toHaveLength(4);
    for (const d of layout.hubHeads) expect(pathEnd(d.replace(/L.*$/, '')).x).toBe(layout.hub.x - 2);
    expect(layout.headings.map((h) => h.text)).toEqual(['load', '4 workers', 'primary', 'scraper']);
    expect(layout.merges).toBe('registries');
  });

  it('a multiprocess route merges files in a folder: the scrapes land on the folder', () => {
    const files = route('aggregated', { scrapes });
    files.spec = { ...files.spec, multiprocFilesMetric: 'files', multiprocBytesMetric: 'bytes' };
    const layout = layoutOf(files);
    if (layout.kind !== 'aggregated') throw new Error('expected the aggregated layout');
    expect(layout.merges).toBe('files');
    expect(layout.scrapes.map((s) => [s.target.kind, s.label])).toEqual([
      ['primary', 'folder'],
      ['failed', 'failed'],
    ]);
    expect(layout.headings.map((h) => h.text)).toEqual(['load', '4 workers', 'folder', 'scraper']);
  });

  it.each<{ name: string; components: ComponentStatus[]; want: string }>([
    {
      name: 'its app up',
      components: [{ name: 'node app', state: 'up', detail: '4 workers', note: null, lastOkAgeSeconds: 0 }],
      want: 'up',
    },
    {
      name: 'its app down',
      components: [
        { name: 'node app', state: 'down', detail: 'ECONNREFUSED', note: null, lastOkAgeSeconds: 3 },
      ],
      want: 'down',
    },
    { name: 'not reported', components: UP, want: 'unknown' },
  ])('reads the primary’s state from its app: $name', ({ components, want }) => {
    const layout = layoutOf(route('aggregated', { scrapes }), { components });
    expect(layout.kind === 'aggregated' && layout.hubState).toBe(want);
  });
});

describe('architectureLayout: everything fits', () => {
  it.each(
    (['wide', 'narrow'] as const).flatMap((frame) => [
      ...[1, 2, 4, 8, 12, 16].map((n) => ({ frame, kind: 'direct' as const, n })),
      ...(['per-worker', 'aggregated', 'statsd'] as const).flatMap((kind) =>
        [1, 4, 16].map((n) => ({ frame, kind, n })),
      ),
    ]),
  )('$frame: $kind with $n workers (and a gone one)', ({ frame, kind, n }) => {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const byWorker = Object.fromEntries([...ids, 99].map((id) => [String(id), 10]));
    const scrapes = ids
      .slice(0, SCRAPES_SHOWN)
      .map((id, i) => scrape({ t: NOW - i * 1000, answeredBy: `worker ${id}` }));
    const targets = ids.map((id) => target(portOf(id)));
    const layout = layoutOf(route(kind, { workers: ids, scrapes, byWorker, targets }), { frame });
    const view = { x: 0, y: 0, ...FRAMES[frame].view };
    expect(layout.view).toEqual(FRAMES[frame].view);
    const boxes = [...layout.workers.map((w) => w.rect), ...(layout.other ? [layout.other.rect] : [])];
    expect(boxes).toHaveLength(n + 1);
    const fixed = [layout.load, layout.scraper, layout.prometheus, ...('hub' in layout ? [layout.hub] : [])];
    const ports = layout.kind === 'per-worker' ? layout.ports.map((p) => p.rect) : [];
    if (layout.kind === 'per-worker') expect(ports).toHaveLength(n);
    for (const r of [...boxes, ...fixed, ...ports]) expect(inside(r, view)).toBe(true);
    // The boxes stay in their columns: the workers under the load band, the hub and scraper beside them.
    for (const b of boxes) expect(inside(b, layout.workersColumn)).toBe(true);
    for (const h of layout.headings) expect(h.y).toBeGreaterThan(0);
    if (layout.loadShape === 'band')
      for (const b of boxes) expect(b.y).toBeGreaterThan(layout.load.y + layout.load.height);
    for (const p of ports) for (const r of [...boxes, ...fixed]) expect(overlap(p, r)).toBe(false);
    for (const b of boxes) for (const f of fixed) expect(overlap(b, f)).toBe(false);
    expect(overlap(layout.scraper, layout.prometheus)).toBe(false);
    for (const w of layout.workers) expect(workerBoxParts(w.rect).fontSize).toBeGreaterThanOrEqual(16);
    if (n <= 8)
      for (const w of layout.workers)
        expect(workerBoxParts(w.rect).fontSize).toBeGreaterThanOrEqual(MIN_FONT);
  });
});

describe('architectureLayout: state', () => {
  it.each([
    { name: 'running', settings: {}, active: true },
    { name: 'paused', settings: { paused: true }, active: false },
    { name: 'rate 0', settings: { ratePerSecond: 0 }, active: false },
  ])('load flows when $name: $active', ({ settings, active }) => {
    expect(layoutOf(route('direct'), { settings }).loadActive).toBe(active);
  });

  it.each([
    { ageMs: 800, interval: 1, stale: false },
    { ageMs: 6000, interval: 1, stale: true },
    { ageMs: 6000, interval: 5, stale: false },
    { ageMs: 16_000, interval: 5, stale: true },
  ])('newest scrape $ageMs ms old at a $interval s interval: stale $stale', ({ ageMs, interval, stale }) => {
    const layout = layoutOf(route('direct', { scrapes: [scrape({ t: NOW - ageMs })] }), {
      settings: { scrapeIntervalSeconds: interval },
    });
    expect(layout.scrapesStale).toBe(stale);
    expect(layout.newestScrapeAgeSeconds).toBeCloseTo(ageMs / 1000);
  });

  it('shows no workers and says so when the app does not answer', () => {
    const layout = layoutOf(route('direct', { workers: null, byWorker: {} }));
    expect(layout.appUnreachable).toBe(true);
    expect(layout.workers).toEqual([]);
    expect(layout.requestFlows).toEqual([]);
  });

  it('has no scrapes and no age before the first scrape', () => {
    const layout = layoutOf(route('statsd', { scrapes: [] }));
    expect(layout.scrapes).toEqual([]);
    expect(layout.newestScrapeAgeSeconds).toBeNull();
    expect(layout.scrapesStale).toBe(false);
  });
});
