import { describe, expect, it } from 'vitest';
import { LedgerCounts } from './ledger-counts';
import { TruthLedger } from './truth-ledger';

type Event =
  | { kind: 'sent' }
  | { kind: 'answered'; status: number; worker: string | null; seconds: number }
  | { kind: 'failed' }
  | { kind: 'skipped' };

const sent: Event = { kind: 'sent' };
const ok = (worker: string | null, seconds = 0.02): Event => ({
  kind: 'answered',
  status: 200,
  worker,
  seconds,
});

describe('TruthLedger', () => {
  it.each([
    {
      name: 'empty',
      events: [] as Event[],
      want: { sent: 0, answered: 0, failed: 0, skipped: 0, inFlight: 0, byStatus: {}, byWorker: {} },
    },
    {
      name: 'in flight until answered',
      events: [sent, sent, ok('1')],
      want: {
        sent: 2,
        answered: 1,
        failed: 0,
        skipped: 0,
        inFlight: 1,
        byStatus: { '200': 1 },
        byWorker: { '1': 1 },
      },
    },
    {
      name: 'statuses and workers are tallied; failures are not answers',
      events: [
        sent,
        sent,
        sent,
        sent,
        ok('1'),
        { kind: 'answered', status: 500, worker: '2', seconds: 0.01 },
        ok('2'),
        { kind: 'failed' },
        { kind: 'skipped' },
      ] as Event[],
      want: {
        sent: 4,
        answered: 3,
        failed: 1,
        skipped: 1,
        inFlight: 0,
        byStatus: { '200': 2, '500': 1 },
        byWorker: { '1': 1, '2': 2 },
      },
    },
    {
      name: 'an answer without a worker header counts as unknown',
      events: [sent, ok(null)],
      want: {
        sent: 1,
        answered: 1,
        failed: 0,
        skipped: 0,
        inFlight: 0,
        byStatus: { '200': 1 },
        byWorker: { unknown: 1 },
      },
    },
  ])('$name', ({ events, want }) => {
    const ledger = new TruthLedger();
    for (const e of events) {
      if (e.kind === 'sent') ledger.recordSent();
      else if (e.kind === 'answered') ledger.recordAnswered(e.status, e.worker, e.seconds);
      else if (e.kind === 'failed') ledger.recordFailed();
      else ledger.recordSkipped();
    }
    expect(ledger.view()).toMatchObject(want);
    expect(ledger.answeredCount).toBe(want.answered);
  });

  it('reports latency quantiles of the answers', () => {
    const ledger = new TruthLedger();
    for (let i = 1; i <= 10; i += 1) {
      ledger.recordSent();
      ledger.recordAnswered(200, '1', i / 100);
    }
    const view = ledger.view();
    expect(view.latencyP50Seconds).toBeCloseTo(0.055, 9);
    expect(view.latencyP90Seconds).toBeCloseTo(0.091, 9);
  });

  it('counts a delayed answer but keeps its latency out of the quantiles', () => {
    const ledger = new TruthLedger();
    for (const [seconds, delayed] of [
      [0.01, false],
      [0.02, false],
      [0.8, true],
      [0.03, false],
    ] as const) {
      ledger.recordSent();
      ledger.recordAnswered(200, '1', seconds, delayed);
    }
    expect(ledger.view()).toMatchObject({ answered: 4, latencyDelayed: 1 });
    expect(ledger.view().latencyP90Seconds).toBeCloseTo(0.028, 9);
  });

  it('reads counts another thread writes, and takes their answers in batches', () => {
    const worker = new TruthLedger();
    const lab = new TruthLedger(new LedgerCounts(worker.counts.buffer));
    worker.recordSent();
    worker.recordSent();
    worker.recordAnswered(200, '1', 0.01);
    worker.recordAnswered(200, '2', 0.9, true);
    lab.absorb([
      { status: 200, worker: '1', seconds: 0.01, delayed: false },
      { status: 200, worker: '2', seconds: 0.9, delayed: true },
    ]);
    expect(lab.view()).toMatchObject({
      sent: 2,
      answered: 2,
      inFlight: 0,
      latencyDelayed: 1,
      byWorker: { '1': 1, '2': 1 },
      latencyP90Seconds: 0.01,
    });
  });
});
