/**
 * The messages the audience window and the speaker view exchange over a BroadcastChannel. Anything else on
 * the channel (another version of the page, a stray tab) is read as null and ignored.
 */

export const PRESENTER_CHANNEL = 'scrape-lab-presenter';

export type PresenterMessage =
  /** The audience window shows this scene (sent on every change, and in answer to `hello`). */
  | { type: 'scene'; sceneId: string }
  /** The audience window is closing. */
  | { type: 'bye' }
  /** A speaker view opened and asks where the audience is. */
  | { type: 'hello' }
  /** The speaker view asks the audience window to show this scene. */
  | { type: 'go'; sceneId: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A message as sent by the other window, or null when it is not one of ours. */
export function parsePresenterMessage(data: unknown): PresenterMessage | null {
  if (!isRecord(data)) return null;
  switch (data.type) {
    case 'scene':
    case 'go':
      return typeof data.sceneId === 'string' && data.sceneId !== ''
        ? { type: data.type, sceneId: data.sceneId }
        : null;
    case 'bye':
    case 'hello':
      return { type: data.type };
    default:
      return null;
  }
}
