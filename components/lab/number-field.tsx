'use client';
import { useState } from 'react';

export interface NumberFieldProps {
  label: string;
  /** The lab's current value; shown whenever the field is not being edited. */
  value: number;
  min: number;
  max: number;
  step: number;
  unit?: string;
  disabled?: boolean;
  testId: string;
  /** Called on Enter or when the field loses focus with a changed value. Not clamped: the lab validates. */
  onCommit: (value: number) => void;
}

/** A number input that keeps the presenter's typing until it is committed, despite live updates. */
export function NumberField({
  label,
  value,
  min,
  max,
  step,
  unit,
  disabled,
  testId,
  onCommit,
}: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);

  const commit = () => {
    if (draft === null) return;
    const next = Number(draft);
    setDraft(null);
    if (draft.trim() !== '' && next !== value) onCommit(next);
  };

  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="number"
        inputMode="decimal"
        data-testid={testId}
        value={draft ?? String(value)}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      {unit && <span className="field-unit">{unit}</span>}
    </label>
  );
}
