/**
 * Reads one `snapshot` event from the lab's stream. A malformed message is reported with the field
 * that is wrong, so the page can count it and keep showing the last good snapshot.
 */
import { parseSnapshot } from '../../server/lab/snapshot-schema';
import type { LabSnapshot } from '../../server/lab/types';

export type SnapshotMessage = { ok: true; snapshot: LabSnapshot } | { ok: false; error: string };

/** Checked with the schema the experiment reads snapshots with: the first wrong field is named. */
export function parseSnapshotMessage(data: string): SnapshotMessage {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    return { ok: false, error: `snapshot: invalid JSON (${(err as Error).message})` };
  }
  return parseSnapshot(value);
}
