import { useState } from 'react';
import { nextValueAxis, type ValueAxis } from './chart-scale';

/** A chart's value axis, kept from render to render while its data still fits it (chart-scale). */
export function useValueAxis(values: Iterable<number | null>, fromZero = false): ValueAxis {
  const [axis, setAxis] = useState<ValueAxis | null>(null);
  const next = nextValueAxis(axis, values, fromZero);
  // Derived from the previous render's axis: stored during render, as React allows for such state.
  if (next !== axis) setAxis(next);
  return next;
}
