import { describe, expect, it } from 'vitest';
import { LedgerCounts, type CountField } from './ledger-counts';

type Step = 'sent' | 'answered' | 'delayed' | 'failed' | 'skipped';

const apply = (counts: LedgerCounts, step: Step) => {
  if (step === 'sent') counts.sent();
  else if (step === 'answered') counts.answered(false);
  else if (step === 'delayed') counts.answered(true);
  else if (step === 'failed') counts.failed();
  else counts.skipped();
};

describe('LedgerCounts', () => {
  it.each([
    { steps: [] as Step[], want: {} },
    { steps: ['sent', 'sent'] as Step[], want: { sent: 2, inFlight: 2 } },
    {
      steps: ['sent', 'sent', 'sent', 'answered', 'delayed', 'failed', 'skipped'] as Step[],
      want: { sent: 3, answered: 2, latencyDelayed: 1, failed: 1, skipped: 1, inFlight: 0 },
    },
  ])('$steps', ({ steps, want }) => {
    const counts = new LedgerCounts();
    for (const s of steps) apply(counts, s);
    const fields: CountField[] = ['sent', 'answered', 'failed', 'skipped', 'inFlight', 'latencyDelayed'];
    expect(Object.fromEntries(fields.map((f) => [f, counts.get(f)]))).toEqual({
      sent: 0,
      answered: 0,
      failed: 0,
      skipped: 0,
      inFlight: 0,
      latencyDelayed: 0,
      ...want,
    });
  });

  it('is read by whoever holds the same buffer', () => {
    const writer = new LedgerCounts();
    const reader = new LedgerCounts(writer.buffer);
    writer.sent();
    writer.answered(false);
    expect(reader.get('answered')).toBe(1);
  });
});
