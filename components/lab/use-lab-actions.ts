'use client';
/**
 * Sends control calls to the lab (through the web app's proxy) and keeps the one piece of feedback the
 * presenter needs: which call is in flight, and the lab's words when it refused one.
 */
import { useCallback, useState } from 'react';
import { CONTROLS, type ControlBody, type ControlName } from '../../server/lab/control-api';
import { labErrorMessage } from './lab-error';

export interface LabActions {
  /** Name of the call in flight, e.g. `settings` or `crash-worker`. */
  pending: string | null;
  /** The lab's message for the last refused call; cleared by the next accepted one. */
  error: string | null;
  /** `label` names the call in `pending` (a pause and a resume are both `settings`). */
  send: <N extends ControlName>(label: string, control: N, body?: ControlBody<N>) => Promise<boolean>;
  dismissError: () => void;
}

/** `apiBase` is the proxy's prefix, e.g. `/api/lab`. */
export function useLabActions(apiBase: string): LabActions {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = useCallback(
    async <N extends ControlName>(label: string, control: N, body?: ControlBody<N>) => {
      setPending(label);
      try {
        const response = await fetch(`${apiBase}/${CONTROLS[control].path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body ?? {}),
        });
        if (!response.ok) {
          setError(labErrorMessage(response.status, await response.text()));
          return false;
        }
        setError(null);
        return true;
      } catch (err) {
        setError(`${label}: web app unreachable (${(err as Error).message})`);
        return false;
      } finally {
        setPending(null);
      }
    },
    [apiBase],
  );

  const dismissError = useCallback(() => setError(null), []);
  return { pending, error, send, dismissError };
}
