import type { LabSettings } from '../../server/lab/types';
import styles from './entry-note.module.css';
import { entryPieces, entryWording, RESET_MEANING, type EntryTense } from './entry-wording';
import type { Scene } from './scenes';
import type { EntryStatus } from './use-scene-entry';

/** A scene's entry as this window knows it; `entered` is the speaker's: entered in the audience window. */
export type EntryNoteStatus = EntryStatus | 'entered';

export interface EntryNoteProps {
  scene: Pick<Scene, 'settings' | 'resetOnEntry'>;
  settings: LabSettings | null;
  status: EntryNoteStatus;
  testId?: string;
}

const LEAD: Record<EntryNoteStatus, string> = {
  waiting: 'On entry:',
  applying: 'Setting up:',
  applied: 'On entry:',
  kept: 'On entry:',
  entered: 'On entry:',
  failed: 'Entry failed:',
};

/** Until the entry is done the note says what it will do; after, what it did and what has moved since. */
const TENSE: Record<EntryNoteStatus, EntryTense> = {
  waiting: 'before',
  applying: 'before',
  failed: 'before',
  applied: 'after',
  kept: 'after',
  entered: 'after',
};

/** What entering a scene does to the lab, in the words entry-wording gives it. */
export function EntryNote({ scene, settings, status, testId = 'entry-note' }: EntryNoteProps) {
  const pieces = entryPieces(entryWording(scene, settings, TENSE[status]));
  return (
    <p className={`entry-note entry-${status}`} data-testid={testId} data-status={status}>
      <strong>{LEAD[status]}</strong>{' '}
      {pieces.map((piece, i) =>
        piece.kind === 'gap' || piece.kind === 'setting' || piece.kind === 'nothing' ? (
          piece.text
        ) : (
          <span
            key={i}
            className={styles[piece.kind]}
            title={piece.kind === 'reset' ? RESET_MEANING : undefined}
          >
            {piece.text}
          </span>
        ),
      )}
    </p>
  );
}
