'use client';
/** Fullscreen for the whole window, and whether it is on (Esc leaves it without us knowing otherwise). */
import { useCallback, useEffect, useState } from 'react';

export function useFullscreen(): { fullscreen: boolean; toggle: () => void; error: string | null } {
  const [fullscreen, setFullscreen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggle = useCallback(() => {
    const request =
      document.fullscreenElement === null
        ? document.documentElement.requestFullscreen()
        : document.exitFullscreen();
    request.then(
      () => setError(null),
      (err: unknown) => setError(`fullscreen refused: ${(err as Error).message}`),
    );
  }, []);

  return { fullscreen, toggle, error };
}
