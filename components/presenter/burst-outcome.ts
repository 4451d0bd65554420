/**
 * What a burst did to the bridge's counter: requests answered since it started, against increments the
 * bridge counted over the same time. Both come from the same scrapes, so the steady load cancels out.
 * Beside it, what UDP did over the same time: datagrams the bridge received, and the kernel's receive
 * errors (machine-wide), which show loss the bridge's own counters cannot.
 */
import type { LabSnapshot, ScrapePoint } from '../../server/lab/types';

export interface CounterMark {
  /** Requests answered so far, per the load generator, when the scrape started. */
  truth: number;
  /** The bridge's counter in the same scrape. */
  counter: number;
}

export interface BurstOutcome {
  answered: number;
  counted: number;
  /** answered − counted; never below zero (the bridge can be ahead by a flush, not by a request). */
  lost: number;
  /** lost / answered in percent; null before anything was answered. */
  lostPercent: number | null;
}

/** The latest successful scrape with a counter, as a mark; null when there is none. */
export function latestMark(scrapes: readonly ScrapePoint[]): CounterMark | null {
  let best: ScrapePoint | null = null;
  for (const s of scrapes) {
    if (s.ok && s.counter !== null && (best === null || s.t > best.t)) best = s;
  }
  return best === null || best.counter === null ? null : { truth: best.truth, counter: best.counter };
}

/**
 * Null when either mark is missing, or when the counter went down in between: the bridge restarted, so the
 * difference says nothing about the burst.
 */
export function burstOutcome(before: CounterMark | null, after: CounterMark | null): BurstOutcome | null {
  if (before === null || after === null || after.counter < before.counter) return null;
  const answered = Math.max(0, after.truth - before.truth);
  const counted = after.counter - before.counter;
  const lost = Math.max(0, answered - counted);
  return { answered, counted, lost, lostPercent: answered > 0 ? (lost / answered) * 100 : null };
}

/** The UDP side at one moment: the bridge's datagrams since it started, the kernel's since its count began. */
export interface UdpMark {
  /** null when the bridge's count could not be read. */
  datagrams: number | null;
  /** null when the kernel's counters are unavailable. */
  kernel: { since: number; inErrors: number; rcvbufErrors: number } | null;
}

export interface UdpOutcome {
  /** Datagrams the bridge received in between; null when unread at either end or the bridge restarted. */
  datagrams: number | null;
  /** The kernel's UDP receive errors in between; null when unavailable at either end or its count restarted. */
  kernelErrors: number | null;
  /** Of those, with the socket's buffer full. */
  kernelBufferFull: number | null;
}

export function udpMark(snapshot: Pick<LabSnapshot, 'bridge' | 'kernelUdp'>): UdpMark {
  const { bridge, kernelUdp } = snapshot;
  return {
    datagrams: bridge?.udpPackets ?? null,
    kernel: kernelUdp.available
      ? {
          since: kernelUdp.since,
          inErrors: kernelUdp.delta.inErrors,
          rcvbufErrors: kernelUdp.delta.rcvbufErrors,
        }
      : null,
  };
}

export function udpOutcome(before: UdpMark, after: UdpMark): UdpOutcome {
  const { datagrams: d0 } = before;
  const { datagrams: d1 } = after;
  const k0 = before.kernel;
  const k1 = after.kernel;
  // A count that started again in between (a new bridge, the kernel's count rebased) compares nothing.
  const kernelComparable = k0 !== null && k1 !== null && k0.since === k1.since;
  return {
    datagrams: d0 !== null && d1 !== null && d1 >= d0 ? d1 - d0 : null,
    kernelErrors: kernelComparable ? k1.inErrors - k0.inErrors : null,
    kernelBufferFull: kernelComparable ? k1.rcvbufErrors - k0.rcvbufErrors : null,
  };
}
