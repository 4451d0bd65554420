import { readFile } from 'node:fs/promises';
import type { KernelUdpCounters, KernelUdpView } from './types';

/**
 * The kernel's own UDP counters, where Linux gives them: a datagram the bridge's socket had no room for
 * is counted there even when the bridge's counters look fine. They count every UDP socket of the machine
 * (its network namespace), so they are shown as machine-wide, never as the bridge's.
 */

export const SNMP_PATH = '/proc/net/snmp';
export const SNMP6_PATH = '/proc/net/snmp6';

/** One reading: IPv4's `Udp:` table, and IPv6's when the kernel has it. */
export interface KernelUdpReading {
  udp: KernelUdpCounters;
  udp6: KernelUdpCounters | null;
}

export class KernelUdpError extends Error {
  override name = 'KernelUdpError';
}

const FIELDS = { inDatagrams: 'InDatagrams', inErrors: 'InErrors', rcvbufErrors: 'RcvbufErrors' } as const;

/** The `Udp:` header line and the value line after it, from /proc/net/snmp's text. Pure; throws naming what is missing. */
export function parseSnmpUdp(text: string): KernelUdpCounters {
  const rows = text.split('\n').filter((line) => line.startsWith('Udp:'));
  const [header, values] = rows.map((line) => line.slice('Udp:'.length).trim().split(/\s+/));
  if (header === undefined || values === undefined) {
    throw new KernelUdpError('no "Udp:" header and value lines');
  }
  if (header.length !== values.length) {
    throw new KernelUdpError(`"Udp:" has ${header.length} names but ${values.length} values`);
  }
  return pick((name) => {
    const at = header.indexOf(name);
    return at === -1 ? undefined : values[at];
  }, 'Udp:');
}

/** The `Udp6…` lines (`Udp6InErrors   12`) of /proc/net/snmp6's text. Pure; throws naming what is missing. */
export function parseSnmp6Udp(text: string): KernelUdpCounters {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name?.startsWith('Udp6') && value !== undefined) values.set(name.slice('Udp6'.length), value);
  }
  return pick((name) => values.get(name), 'Udp6');
}

function pick(valueOf: (name: string) => string | undefined, table: string): KernelUdpCounters {
  const read = (name: string): number => {
    const raw = valueOf(name);
    if (raw === undefined) throw new KernelUdpError(`${table} has no ${name}`);
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
      throw new KernelUdpError(`${table} ${name} is not a count: "${raw}"`);
    }
    return value;
  };
  return {
    inDatagrams: read(FIELDS.inDatagrams),
    inErrors: read(FIELDS.inErrors),
    rcvbufErrors: read(FIELDS.rcvbufErrors),
  };
}

/**
 * What changed from `base` to `now`, summed over the tables both readings have; null when a counter went
 * down (the counters are not the same ones: a different namespace, or a wrap). Pure.
 */
export function kernelUdpDelta(
  base: KernelUdpReading,
  now: KernelUdpReading,
): { families: ('ipv4' | 'ipv6')[]; delta: KernelUdpCounters } | null {
  const pairs: [KernelUdpCounters, KernelUdpCounters][] = [[base.udp, now.udp]];
  const families: ('ipv4' | 'ipv6')[] = ['ipv4'];
  if (base.udp6 && now.udp6) {
    pairs.push([base.udp6, now.udp6]);
    families.push('ipv6');
  }
  const delta: KernelUdpCounters = { inDatagrams: 0, inErrors: 0, rcvbufErrors: 0 };
  for (const [from, to] of pairs) {
    for (const key of Object.keys(FIELDS) as (keyof KernelUdpCounters)[]) {
      const step = to[key] - from[key];
      if (step < 0) return null;
      delta[key] += step;
    }
  }
  return { families, delta };
}

export interface KernelUdpReaderOptions {
  platform: NodeJS.Platform;
  read: (path: string) => Promise<string>;
}

/** This machine's reading; null off Linux, or when /proc/net/snmp cannot be read or parsed. */
export async function readKernelUdp(
  { platform, read }: KernelUdpReaderOptions = { platform: process.platform, read: readText },
): Promise<KernelUdpReading | null> {
  if (platform !== 'linux') return null;
  let udp: KernelUdpCounters;
  try {
    udp = parseSnmpUdp(await read(SNMP_PATH));
  } catch {
    return null;
  }
  // IPv6 is optional: a kernel without it has no snmp6, and IPv4's table still tells.
  const udp6 = await read(SNMP6_PATH)
    .then(parseSnmp6Udp)
    .catch(() => null);
  return { udp, udp6 };
}

function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

export interface KernelUdpWatchOptions {
  platform: NodeJS.Platform;
  /** Reads the counters; `readKernelUdp` on a real machine. */
  read: () => Promise<KernelUdpReading | null>;
  now: () => number;
}

/**
 * Keeps the kernel's counters as increases since the last reset. A failed reading makes the view
 * "unavailable", never zero; counters that went down start the count again from that reading.
 */
export class KernelUdpWatch {
  private base: { t: number; reading: KernelUdpReading } | null = null;
  private latest: KernelUdpView = { available: false, reason: 'not read yet' };
  /** Bumped on reset, so a reading started before it cannot become the new baseline. */
  private generation = 0;

  constructor(private readonly options: KernelUdpWatchOptions) {}

  /** Counts from the next reading on. */
  reset(): void {
    this.generation += 1;
    this.base = null;
    this.latest = { available: false, reason: 'not read since the reset' };
  }

  async sample(): Promise<void> {
    const generation = this.generation;
    const reading = await this.options.read();
    if (generation !== this.generation) return;
    const t = this.options.now();
    if (reading === null) {
      this.latest = { available: false, reason: this.unavailableReason() };
      return;
    }
    const change = this.base ? kernelUdpDelta(this.base.reading, reading) : null;
    if (this.base === null || change === null) {
      this.base = { t, reading };
      const families: ('ipv4' | 'ipv6')[] = reading.udp6 ? ['ipv4', 'ipv6'] : ['ipv4'];
      const delta = { inDatagrams: 0, inErrors: 0, rcvbufErrors: 0 };
      this.latest = { available: true, since: t, at: t, families, delta };
      return;
    }
    this.latest = { available: true, since: this.base.t, at: t, ...change };
  }

  view(): KernelUdpView {
    return this.latest;
  }

  private unavailableReason(): string {
    return this.options.platform === 'linux'
      ? `${SNMP_PATH} could not be read or has no Udp: table`
      : `only Linux gives these counters (${SNMP_PATH}); this is ${this.options.platform}`;
  }
}
