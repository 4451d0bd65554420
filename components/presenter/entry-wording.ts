/**
 * How the screen says what entering a scene does to the lab. Before entry: "resets the lab · will set:
 * 1 worker (now 4) · keeps: load running". After it: "reset the lab · set: 4 workers (now 1)", where
 * "(now …)" marks what the presenter has moved since. The speaker's next-scene preview and every scene's
 * entry note read alike because both are built here.
 */
import type { LabSettings } from '../../server/lab/types';
import { connectionPolicy } from '../lab/connection-policy';
import { SETTING_ORDER } from './scene-entry';
import type { Scene } from './scenes';

/** Before the scene is entered (what it will do), or after (what it did). */
export type EntryTense = 'before' | 'after';

/** What a reset does, for the tooltip on "resets the lab". */
export const RESET_MEANING = 'every counter from zero: the workers and the bridge restart';

/** One setting in words: `4 workers`, `direct: close — hopping`, `StatsD buffering off`. */
export function describeSetting<K extends keyof LabSettings>(key: K, value: LabSettings[K]): string {
  switch (key) {
    case 'workers':
      return value === 1 ? '1 worker' : `${String(value)} workers`;
    case 'ratePerSecond':
      return `${String(value)} req/s per app`;
    case 'paused':
      return value ? 'load paused' : 'load running';
    case 'metricsKeepAlive':
      return `direct: ${connectionPolicy(Boolean(value)).name}`;
    case 'scrapeIntervalSeconds':
      return `scrape every ${String(value)}\u2009s`;
    case 'statsdBufferSize':
      return value === 0 ? 'StatsD buffering off' : `StatsD buffer ${String(value)}\u2009B`;
    case 'concurrency':
      return `concurrency ${String(value)}`;
    default:
      return `${String(key)} ${String(value)}`;
  }
}

/** A setting's value alone, for "(now …)" after its full description: `4`, `keep-alive — pinned`, `off`. */
export function settingValue<K extends keyof LabSettings>(key: K, value: LabSettings[K]): string {
  switch (key) {
    case 'ratePerSecond':
      return `${String(value)} req/s`;
    case 'paused':
      return value ? 'paused' : 'running';
    case 'metricsKeepAlive':
      return connectionPolicy(Boolean(value)).name;
    case 'scrapeIntervalSeconds':
      return `${String(value)}\u2009s`;
    case 'statsdBufferSize':
      return value === 0 ? 'off' : `${String(value)}\u2009B`;
    default:
      return String(value);
  }
}

export interface EntrySetting {
  key: keyof LabSettings;
  /** What the scene sets, in words. */
  text: string;
  /** The lab's value now, where it differs from what the scene sets; else null. */
  now: string | null;
}

export interface EntryGroup {
  verb: 'will set' | 'keeps' | 'set';
  settings: EntrySetting[];
}

export interface EntryWording {
  /** `resets the lab` / `reset the lab` when the scene resets on entry; else null. */
  reset: string | null;
  /** Non-empty groups, in reading order. */
  groups: EntryGroup[];
}

/**
 * What entering `scene` does, against the lab's `current` settings (null before the first snapshot: then
 * nothing is known to match, and every setting is one the scene will set).
 */
export function entryWording(
  scene: Pick<Scene, 'settings' | 'resetOnEntry'>,
  current: LabSettings | null,
  tense: EntryTense,
): EntryWording {
  const declared: EntrySetting[] = [];
  for (const key of SETTING_ORDER) {
    const wanted = scene.settings[key];
    if (wanted === undefined) continue;
    const now = current === null || current[key] === wanted ? null : settingValue(key, current[key]);
    declared.push({ key, text: describeSetting(key, wanted), now });
  }
  const groups: EntryGroup[] =
    tense === 'after'
      ? [{ verb: 'set', settings: declared }]
      : [
          { verb: 'will set', settings: declared.filter((s) => current === null || s.now !== null) },
          { verb: 'keeps', settings: declared.filter((s) => current !== null && s.now === null) },
        ];
  return {
    reset: scene.resetOnEntry ? (tense === 'after' ? 'reset the lab' : 'resets the lab') : null,
    groups: groups.filter((g) => g.settings.length > 0),
  };
}

/** One run of the line's text, with what it is, so the screen can style it and still read as `entryText`. */
export interface EntryPiece {
  kind: 'reset' | 'verb' | 'setting' | 'kept' | 'now' | 'gap' | 'nothing';
  text: string;
}

/** The line in pieces: `resets the lab`, ` · `, `will set: `, `1 worker`, ` (now 4)`, ... */
export function entryPieces(wording: EntryWording): EntryPiece[] {
  const parts: EntryPiece[][] = wording.groups.map((group) => [
    { kind: 'verb', text: `${group.verb}: ` },
    ...group.settings.flatMap((setting, i): EntryPiece[] => [
      ...(i > 0 ? [{ kind: 'gap' as const, text: ', ' }] : []),
      { kind: group.verb === 'keeps' ? 'kept' : 'setting', text: setting.text },
      ...(setting.now === null ? [] : [{ kind: 'now' as const, text: ` (now ${setting.now})` }]),
    ]),
  ]);
  if (wording.reset !== null) parts.unshift([{ kind: 'reset', text: wording.reset }]);
  if (parts.length === 0) return [{ kind: 'nothing', text: 'changes nothing in the lab' }];
  return parts.flatMap((part, i) => (i > 0 ? [{ kind: 'gap' as const, text: ' \u00b7 ' }, ...part] : part));
}

/** The whole line as text: what the entry note reads as. */
export function entryText(wording: EntryWording): string {
  return entryPieces(wording)
    .map((piece) => piece.text)
    .join('');
}
