'use client';
/** Listens for the presenter's keys on the whole window and hands each command to `onCommand`. */
import { useEffect, useRef } from 'react';
import { keyCommand, type PresenterCommand } from './keymap';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  // Buttons and range sliders keep no text: their keys are the presenter's.
  return (
    target instanceof HTMLInputElement && !['button', 'checkbox', 'range', 'radio'].includes(target.type)
  );
}

export function usePresenterKeys(onCommand: (command: PresenterCommand) => void, enabled: boolean): void {
  const handler = useRef(onCommand);
  useEffect(() => {
    handler.current = onCommand;
  }, [onCommand]);

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.repeat && event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const command = keyCommand({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inEditable: isEditable(event.target),
      });
      if (command === null) return;
      // Space would also press the focused button, and the arrows would scroll.
      event.preventDefault();
      handler.current(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
