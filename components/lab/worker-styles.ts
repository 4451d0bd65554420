/**
 * Which colour and marker each answering process gets. Workers differ by hue *and* shape, so the
 * braid stays readable in greyscale, on a washed-out projector and for colour-blind viewers.
 */
import type { RouteView, ScrapePoint } from '../../server/lab/types';

/** Marker shapes for workers; `cross` is kept for failed scrapes. Names match recharts' SymbolType. */
export type WorkerShape = 'circle' | 'triangle' | 'square' | 'diamond' | 'star' | 'wye';

export interface WorkerStyle {
  color: string;
  shape: WorkerShape;
}

/** Okabe–Ito based, dark enough to read on white (yellow dropped, red kept for failures). */
export const WORKER_COLORS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#6a3d9a',
  '#8c564b',
] as const;

export const WORKER_SHAPES: readonly WorkerShape[] = [
  'circle',
  'triangle',
  'square',
  'diamond',
  'star',
  'wye',
];

/** 8 colours × 6 shapes cycle independently: the first lcm(8, 6) = 24 slots all look different. */
export function workerStyle(slot: number): WorkerStyle {
  const index = Math.max(0, Math.floor(slot));
  return {
    color: WORKER_COLORS[index % WORKER_COLORS.length] ?? WORKER_COLORS[0],
    shape: WORKER_SHAPES[index % WORKER_SHAPES.length] ?? 'circle',
  };
}

/** Orders process identities naturally, so worker "10" comes after worker "9". */
export function compareAnswerers(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Gives each answerer a slot that stays put while it keeps answering, so colours do not shuffle when a
 * worker is crashed and replaced. Answerers gone from the window free their slots; newcomers take the
 * lowest free slots in natural order.
 */
export function assignWorkerSlots(
  previous: Readonly<Record<string, number>>,
  answerers: readonly string[],
): Record<string, number> {
  const present = [...new Set(answerers)].sort(compareAnswerers);
  const slots: Record<string, number> = {};
  const taken = new Set<number>();
  for (const id of present) {
    const slot = previous[id];
    if (slot !== undefined && !taken.has(slot)) {
      slots[id] = slot;
      taken.add(slot);
    }
  }
  let next = 0;
  for (const id of present) {
    if (slots[id] !== undefined) continue;
    while (taken.has(next)) next += 1;
    slots[id] = next;
    taken.add(next);
  }
  return slots;
}

/** Distinct identities that answered successful scrapes, in order of first sight. */
export function answerersOf(scrapes: readonly ScrapePoint[]): string[] {
  const seen = new Set<string>();
  for (const s of scrapes) if (s.ok && s.answeredBy !== null) seen.add(s.answeredBy);
  return [...seen];
}

/** Worker slots per route id. */
export type RouteSlots = Record<string, Record<string, number>>;

/**
 * Slots for every route of a new snapshot, carried over from the previous ones. After a lab reset
 * (`sameEpoch` false) the old processes are gone, so slots start afresh.
 */
export function slotsForRoutes(
  previous: Readonly<RouteSlots>,
  routes: readonly { spec: Pick<RouteView['spec'], 'id'>; scrapes: readonly ScrapePoint[] }[],
  sameEpoch: boolean,
): RouteSlots {
  const next: RouteSlots = {};
  for (const route of routes) {
    const before = sameEpoch ? (previous[route.spec.id] ?? {}) : {};
    next[route.spec.id] = assignWorkerSlots(before, answerersOf(route.scrapes));
  }
  return next;
}
