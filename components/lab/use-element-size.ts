import { useCallback, useState, type RefCallback } from 'react';

export interface Size {
  width: number;
  height: number;
}

/**
 * The size of the element the returned ref is put on, kept current by a ResizeObserver; null until it is
 * first measured (and on the server). A new size only when it changes, so a chart redraws its frame then.
 */
export function useElementSize<T extends Element>(): [RefCallback<T>, Size | null] {
  const [size, setSize] = useState<Size | null>(null);
  const ref = useCallback<RefCallback<T>>((element) => {
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry === undefined) return;
      const { width, height } = entry.contentRect;
      setSize((s) => (s !== null && s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(element);
    // React 19 calls a ref's cleanup when the element goes.
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
