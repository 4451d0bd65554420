'use client';
import { useState } from 'react';
import { SLIDER_STEPS, rateFromSlider, sliderFromRate } from './rate-scale';

export interface RateSliderProps {
  value: number;
  max: number;
  disabled?: boolean;
  testId: string;
  onCommit: (rate: number) => void;
}

/** Quadratic load-rate slider; sends one change when released rather than one per pixel. */
export function RateSlider({ value, max, disabled, testId, onCommit }: RateSliderProps) {
  const [draft, setDraft] = useState<number | null>(null);
  const shown = draft ?? sliderFromRate(value, max);

  const commit = () => {
    if (draft === null) return;
    const rate = rateFromSlider(draft, max);
    setDraft(null);
    if (rate !== value) onCommit(rate);
  };

  return (
    <input
      type="range"
      className="rate-slider"
      aria-label="load rate"
      data-testid={testId}
      min={0}
      max={SLIDER_STEPS}
      step={1}
      value={shown}
      disabled={disabled}
      title={`${rateFromSlider(shown, max)} req/s`}
      onChange={(e) => setDraft(Number(e.target.value))}
      onPointerUp={commit}
      onKeyUp={commit}
      onBlur={commit}
    />
  );
}
