import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoadGenerator, type LoadOutcome } from './load-generator';
import { TruthLedger } from './truth-ledger';

/** A clock the test moves, and ticks the fake timers fire: a tick `lateMs` late reads the clock that late. */
function harness(options: {
  rate: number;
  concurrency: number;
  answer: 'now' | 'never';
  delayedSince?: (startedMs: number) => boolean;
}) {
  let now = 0;
  const ledgers = [new TruthLedger(), new TruthLedger()];
  const send = (): Promise<LoadOutcome> =>
    options.answer === 'now' ? Promise.resolve({ status: 200, worker: '1' }) : new Promise(() => {});
  const load = new LoadGenerator(
    ledgers.map((ledger, i) => ({ id: `app${i}`, url: 'http://127.0.0.1:1/work', ledger })),
    {
      ratePerSecond: options.rate,
      concurrency: options.concurrency,
      clock: () => now,
      send,
      ...(options.delayedSince ? { delayedSince: options.delayedSince } : {}),
    },
  );
  /** Runs `ms` of ticks, each firing every `everyMs` (5 when the loop keeps up). */
  const run = async (ms: number, everyMs = 5) => {
    for (let t = 0; t < ms; t += everyMs) {
      now += everyMs;
      await vi.advanceTimersByTimeAsync(5);
    }
  };
  return { load, ledgers, run };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LoadGenerator', () => {
  it('sends on schedule when its ticks are on time', async () => {
    const { load, ledgers, run } = harness({ rate: 1000, concurrency: 1000, answer: 'now' });
    load.start();
    await run(2000);
    const view = load.view();
    expect(view).toMatchObject({ ratePerSecond: 1000, apps: 2, behind: 0, skipped: 0, missed: 0 });
    expect(view.requested).toBe(4000);
    expect(view.sent).toBe(4000);
    expect(view.requestedPerSecond).toBeCloseTo(2000, 0);
    expect(view.sentPerSecond).toBeCloseTo(2000, 0);
    expect(ledgers.map((l) => l.view().answered)).toEqual([2000, 2000]);
  });

  it('says how far behind it is when its ticks come late, and gives up on what is a second late', async () => {
    // 5,000 req/s with ticks 50 ms apart: 250 due per tick, 100 sent, the rest waits and then is missed.
    const { load, run } = harness({ rate: 5000, concurrency: 2048, answer: 'now' });
    load.start();
    await run(3000, 50);
    const view = load.view();
    expect(view.requestedPerSecond).toBeCloseTo(10_000, -2);
    expect(view.sentPerSecond).toBeCloseTo(4000, -2);
    // A second's worth waits at most: what falls due beyond it is missed.
    expect(view.behind).toBeGreaterThan(9000);
    expect(view.behind).toBeLessThanOrEqual(10_000);
    expect(view.behindSeconds).toBeCloseTo(1, 1);
    expect(view.missed).toBeGreaterThan(0);
    expect(view.requested).toBe(view.sent + view.skipped + view.missed + view.behind);
  });

  it('counts a request due while the concurrency cap is reached as skipped, apart from behind', async () => {
    const { load, ledgers, run } = harness({ rate: 1000, concurrency: 10, answer: 'never' });
    load.start();
    await run(2000);
    const view = load.view();
    expect(view).toMatchObject({ sent: 20, skipped: 3980, behind: 0, missed: 0, requested: 4000 });
    expect(view.skippedPerSecond).toBeCloseTo(2000, 0);
    expect(view.sentPerSecond).toBe(0);
    expect(ledgers[0]?.view()).toMatchObject({ sent: 10, skipped: 1990, inFlight: 10 });
  });

  it('counts what was waiting when it stops or changes rate as missed, and nothing while stopped', async () => {
    const { load, run } = harness({ rate: 5000, concurrency: 2048, answer: 'now' });
    load.start();
    await run(200, 50);
    const waiting = load.view().behind;
    expect(waiting).toBeGreaterThan(0);
    load.setRate(100);
    expect(load.view()).toMatchObject({ behind: 0, missed: waiting });
    await run(100, 50);
    load.stop();
    const stopped = load.view();
    expect(stopped).toMatchObject({ ratePerSecond: 0, behind: 0 });
    expect(stopped.requested).toBe(stopped.sent + stopped.skipped + stopped.missed);
    // Paused, the schedule stands still: a rate change then misses nothing.
    await run(5000);
    load.setRate(200);
    expect(load.view().missed).toBe(stopped.missed);
    expect(load.view().sentPerSecond).toBe(0);
  });

  it.each([
    { everyMs: 5, want: { p50Ms: 0, p99Ms: 0, maxMs: 0 } },
    { everyMs: 50, want: { p50Ms: 45, p99Ms: 45, maxMs: 45 } },
  ])('measures how late its ticks fire: every $everyMs ms', async ({ everyMs, want }) => {
    const { load, run } = harness({ rate: 100, concurrency: 100, answer: 'now' });
    expect(load.view().tickLag).toBeNull();
    load.start();
    await run(1000, everyMs);
    expect(load.view().tickLag).toEqual(want);
    load.stop();
    expect(load.view().tickLag).toBeNull();
  });

  it('hands the ledger each answer with whether the loop stalled while it was out', async () => {
    // Requests that went out in the first 100 ms were caught by a stall; the rest were not.
    const { load, ledgers, run } = harness({
      rate: 100,
      concurrency: 100,
      answer: 'now',
      delayedSince: (startedMs) => startedMs <= 100,
    });
    load.start();
    await run(1000);
    expect(ledgers[0]?.view()).toMatchObject({ answered: 100, latencyDelayed: 10 });
  });
});
