/**
 * Reads one `snapshot` event from the lab's stream. A malformed message is reported with the field
 * that is wrong, so the page can count it and keep showing the last good snapshot.
 */
import type { LabSnapshot } from '../../server/lab/types';

export type SnapshotMessage = { ok: true; snapshot: LabSnapshot } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first missing or mistyped field the page relies on, or null when the snapshot is usable. */
function problemIn(v: unknown): string | null {
  if (!isRecord(v)) return 'snapshot: expected an object';
  if (typeof v.now !== 'number') return 'now: expected a number';
  if (typeof v.epoch !== 'number') return 'epoch: expected a number';
  if (!isRecord(v.settings)) return 'settings: expected an object';
  if (!Array.isArray(v.components)) return 'components: expected an array';
  if (!Array.isArray(v.routes)) return 'routes: expected an array';
  if (!isRecord(v.prometheus) || typeof v.prometheus.mode !== 'string')
    return 'prometheus.mode: expected a string';
  for (const [i, route] of v.routes.entries()) {
    if (!isRecord(route)) return `routes[${i}]: expected an object`;
    if (!isRecord(route.spec) || typeof route.spec.id !== 'string')
      return `routes[${i}].spec.id: expected a string`;
    if (typeof route.spec.title !== 'string') return `routes[${i}].spec.title: expected a string`;
    if (!Array.isArray(route.scrapes)) return `routes[${i}].scrapes: expected an array`;
    if (!Array.isArray(route.rates)) return `routes[${i}].rates: expected an array`;
    if (!isRecord(route.headline)) return `routes[${i}].headline: expected an object`;
    if (!isRecord(route.truth)) return `routes[${i}].truth: expected an object`;
    if (route.prometheus !== null && !isRecord(route.prometheus))
      return `routes[${i}].prometheus: expected an object or null`;
    if (!Array.isArray(route.prometheusRates)) return `routes[${i}].prometheusRates: expected an array`;
  }
  return null;
}

export function parseSnapshotMessage(data: string): SnapshotMessage {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    return { ok: false, error: `snapshot: invalid JSON (${(err as Error).message})` };
  }
  const problem = problemIn(value);
  return problem === null ? { ok: true, snapshot: value as LabSnapshot } : { ok: false, error: problem };
}
