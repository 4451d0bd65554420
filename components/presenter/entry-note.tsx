import type { LabSettings } from '../../server/lab/types';
import { entryItems } from './scene-entry';
import type { Scene } from './scenes';
import type { EntryStatus } from './use-scene-entry';

export interface EntryNoteProps {
  scene: Pick<Scene, 'settings' | 'resetOnEntry'>;
  settings: LabSettings | null;
  status: EntryStatus;
}

const LEAD: Record<EntryStatus, string> = {
  waiting: 'Sets on entry:',
  applying: 'Setting up:',
  applied: 'Set on entry:',
  kept: 'Set on entry:',
  failed: 'Could not set:',
};

/** What this scene set in the lab, and where the presenter has moved the lab since. */
export function EntryNote({ scene, settings, status }: EntryNoteProps) {
  const items = entryItems(scene, settings);
  if (items.length === 0)
    return (
      <p className="entry-note" data-testid="entry-note" data-status={status}>
        This scene changes nothing in the lab.
      </p>
    );
  return (
    <p className={`entry-note entry-${status}`} data-testid="entry-note" data-status={status}>
      <strong>{LEAD[status]}</strong>{' '}
      {items.map((item, i) => (
        <span key={item.key} className={item.now === null ? 'entry-item' : 'entry-item entry-changed'}>
          {i > 0 && ' · '}
          {item.now === null ? item.text : <s>{item.text}</s>}
          {item.now !== null && <span className="entry-now"> now {item.now}</span>}
        </span>
      ))}
    </p>
  );
}
