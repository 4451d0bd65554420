/**
 * When an open-loop load's requests fall due, and how far behind sending them is. Pure: every time is given
 * (milliseconds on one monotonic clock).
 */

export interface LoadScheduleOptions {
  ratePerSecond: number;
  /** Most requests handed out per step, so one late step cannot hold the event loop for long. */
  maxPerStep: number;
  /** A request due longer ago than this is given up on (missed), so a stall never ends in a burst. */
  maxBehindSeconds: number;
}

export interface ScheduleStep {
  /** Requests to send now, the oldest due first. */
  send: number;
  /** Requests given up on at this step: due more than maxBehindSeconds ago and never sent. */
  missed: number;
}

export class LoadSchedule {
  /** Requests handed out to send so far. */
  private taken = 0;
  private missedCount = 0;

  constructor(
    private readonly options: LoadScheduleOptions,
    private readonly startMs: number,
  ) {}

  /** Requests due by `nowMs`: request k (from 0) falls due (k + 1) / rate seconds after the start. */
  due(nowMs: number): number {
    // Multiplied before dividing, so whole milliseconds at whole rates give exact counts.
    return Math.max(0, Math.floor(((nowMs - this.startMs) * this.options.ratePerSecond) / 1000));
  }

  /** Gives up on what is too late, then hands out the oldest of the rest, at most maxPerStep. */
  step(nowMs: number): ScheduleStep {
    const tooLate = this.due(nowMs - this.options.maxBehindSeconds * 1000);
    const missed = Math.max(0, tooLate - this.taken - this.missedCount);
    this.missedCount += missed;
    const send = Math.min(this.options.maxPerStep, this.behind(nowMs));
    this.taken += send;
    return { send, missed };
  }

  /** Requests due but neither handed out nor given up on. */
  behind(nowMs: number): number {
    return Math.max(0, this.due(nowMs) - this.taken - this.missedCount);
  }

  /** How late the oldest request not yet handed out is, in seconds; 0 when none is waiting. */
  behindSeconds(nowMs: number): number {
    if (this.behind(nowMs) === 0) return 0;
    const oldest = this.taken + this.missedCount;
    const dueAt = this.startMs + ((oldest + 1) / this.options.ratePerSecond) * 1000;
    return Math.max(0, (nowMs - dueAt) / 1000);
  }

  /** Gives up on every request waiting (the load stops, or its rate changes): they count as missed. */
  retire(nowMs: number): number {
    const waiting = this.behind(nowMs);
    this.missedCount += waiting;
    return waiting;
  }
}
