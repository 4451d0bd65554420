import { useMemo } from 'react';

/** `value` as it was until it changes as JSON: a memoised child handed it skips while it stays equal. */
export function useEqual<T>(value: T): T {
  const key = JSON.stringify(value);
  return useMemo(() => JSON.parse(key) as T, [key]);
}
