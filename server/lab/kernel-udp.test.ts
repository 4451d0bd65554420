import { describe, expect, it } from 'vitest';
import {
  kernelUdpDelta,
  KernelUdpWatch,
  parseSnmp6Udp,
  parseSnmpUdp,
  readKernelUdp,
  SNMP6_PATH,
  SNMP_PATH,
  type KernelUdpReading,
} from './kernel-udp';

/** A Linux 6.x /proc/net/snmp, shortened to the tables around Udp:. */
const SNMP = [
  'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn',
  'Tcp: 1 200 120000 -1',
  'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors',
  'Udp: 1488617 431 63902 1552955 63902 0 0 0 0',
  'UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors',
  'UdpLite: 5 5 5 5 5 5 5 5 5',
  '',
].join('\n');

const SNMP6 = [
  'Ip6InReceives                   \t12',
  'Udp6InDatagrams                 \t40',
  'Udp6NoPorts                     \t0',
  'Udp6InErrors                    \t2',
  'Udp6RcvbufErrors                \t1',
  'UdpLite6InErrors                \t9',
  '',
].join('\n');

describe('parseSnmpUdp', () => {
  it.each([
    {
      name: 'a Linux 6.x table',
      text: SNMP,
      want: { inDatagrams: 1_488_617, inErrors: 63_902, rcvbufErrors: 63_902 },
    },
    {
      name: 'an older kernel with fewer columns',
      text: 'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdp: 10 0 3 12 2 0\n',
      want: { inDatagrams: 10, inErrors: 3, rcvbufErrors: 2 },
    },
  ])('$name', ({ text, want }) => {
    expect(parseSnmpUdp(text)).toEqual(want);
  });

  it.each([
    { name: 'no Udp: table', text: 'Tcp: a b\nTcp: 1 2\n', error: 'no "Udp:" header and value lines' },
    { name: 'only UdpLite:', text: 'UdpLite: InDatagrams\nUdpLite: 4\n', error: 'no "Udp:" header' },
    { name: 'a header without values', text: 'Udp: InDatagrams InErrors\n', error: 'no "Udp:" header' },
    {
      name: 'names and values that do not line up',
      text: 'Udp: InDatagrams InErrors RcvbufErrors\nUdp: 1 2\n',
      error: '"Udp:" has 3 names but 2 values',
    },
    {
      name: 'a kernel without RcvbufErrors',
      text: 'Udp: InDatagrams NoPorts InErrors OutDatagrams\nUdp: 1 2 3 4\n',
      error: 'Udp: has no RcvbufErrors',
    },
    {
      name: 'a value that is not a count',
      text: 'Udp: InDatagrams InErrors RcvbufErrors\nUdp: 1 -2 3\n',
      error: 'Udp: InErrors is not a count: "-2"',
    },
  ])('refuses $name', ({ text, error }) => {
    expect(() => parseSnmpUdp(text)).toThrow(error);
  });
});

describe('parseSnmp6Udp', () => {
  it('reads the Udp6 lines and nothing of UdpLite6', () => {
    expect(parseSnmp6Udp(SNMP6)).toEqual({ inDatagrams: 40, inErrors: 2, rcvbufErrors: 1 });
  });

  it.each([
    { name: 'a kernel without IPv6 UDP', text: 'Ip6InReceives 3\n', error: 'Udp6 has no InDatagrams' },
    {
      name: 'a value that is not a count',
      text: 'Udp6InDatagrams 1\nUdp6InErrors x\nUdp6RcvbufErrors 0\n',
      error: 'Udp6 InErrors is not a count: "x"',
    },
  ])('refuses $name', ({ text, error }) => {
    expect(() => parseSnmp6Udp(text)).toThrow(error);
  });
});

const counters = (inDatagrams: number, inErrors: number, rcvbufErrors: number) => ({
  inDatagrams,
  inErrors,
  rcvbufErrors,
});

describe('kernelUdpDelta', () => {
  it.each([
    {
      name: 'IPv4 and IPv6 summed',
      base: { udp: counters(100, 5, 4), udp6: counters(10, 1, 1) },
      now: { udp: counters(150, 25, 24), udp6: counters(12, 2, 1) },
      want: { families: ['ipv4', 'ipv6'], delta: counters(52, 21, 20) },
    },
    {
      name: 'IPv4 only when a reading lacks IPv6',
      base: { udp: counters(100, 5, 4), udp6: counters(10, 1, 1) },
      now: { udp: counters(101, 5, 4), udp6: null },
      want: { families: ['ipv4'], delta: counters(1, 0, 0) },
    },
    {
      name: 'nothing changed',
      base: { udp: counters(7, 7, 7), udp6: null },
      now: { udp: counters(7, 7, 7), udp6: null },
      want: { families: ['ipv4'], delta: counters(0, 0, 0) },
    },
    {
      name: 'a counter that went down is not a count',
      base: { udp: counters(100, 5, 4), udp6: null },
      now: { udp: counters(150, 3, 4), udp6: null },
      want: null,
    },
  ])('$name', ({ base, now, want }) => {
    expect(kernelUdpDelta(base, now)).toEqual(want);
  });
});

describe('readKernelUdp', () => {
  const files =
    (contents: Partial<Record<string, string>>) =>
    (path: string): Promise<string> => {
      const text = contents[path];
      return text === undefined ? Promise.reject(new Error(`ENOENT: ${path}`)) : Promise.resolve(text);
    };

  it.each([
    {
      name: 'both tables',
      platform: 'linux' as const,
      contents: { [SNMP_PATH]: SNMP, [SNMP6_PATH]: SNMP6 },
      want: { udp: counters(1_488_617, 63_902, 63_902), udp6: counters(40, 2, 1) },
    },
    {
      name: 'no snmp6: IPv4 still tells',
      platform: 'linux' as const,
      contents: { [SNMP_PATH]: SNMP },
      want: { udp: counters(1_488_617, 63_902, 63_902), udp6: null },
    },
    {
      name: 'an unparsable snmp6: IPv4 still tells',
      platform: 'linux' as const,
      contents: { [SNMP_PATH]: SNMP, [SNMP6_PATH]: 'Udp6InDatagrams x\n' },
      want: { udp: counters(1_488_617, 63_902, 63_902), udp6: null },
    },
    { name: 'no /proc/net/snmp', platform: 'linux' as const, contents: {}, want: null },
    {
      name: 'a /proc/net/snmp without Udp:',
      platform: 'linux' as const,
      contents: { [SNMP_PATH]: 'Ip: 1\nIp: 2\n' },
      want: null,
    },
    {
      name: 'not Linux, whatever files there are',
      platform: 'darwin' as const,
      contents: { [SNMP_PATH]: SNMP },
      want: null,
    },
  ])('$name', async ({ platform, contents, want }) => {
    expect(await readKernelUdp({ platform, read: files(contents) })).toEqual(want);
  });
});

describe('KernelUdpWatch', () => {
  /** A watch fed the given readings one by one, at t = 1000, 2000, … */
  function watch(readings: (KernelUdpReading | null)[], platform: NodeJS.Platform = 'linux') {
    let i = 0;
    let t = 0;
    return new KernelUdpWatch({
      platform,
      read: () => Promise.resolve(readings[i++] ?? null),
      now: () => (t += 1000),
    });
  }
  const v4 = (inDatagrams: number, inErrors: number): KernelUdpReading => ({
    udp: counters(inDatagrams, inErrors, inErrors),
    udp6: null,
  });

  it('says it has not read before the first sample', () => {
    expect(watch([]).view()).toEqual({ available: false, reason: 'not read yet' });
  });

  it('counts from its first reading', async () => {
    const w = watch([v4(100, 10), v4(180, 30)]);
    await w.sample();
    expect(w.view()).toEqual({
      available: true,
      since: 1000,
      at: 1000,
      families: ['ipv4'],
      delta: counters(0, 0, 0),
    });
    await w.sample();
    expect(w.view()).toEqual({
      available: true,
      since: 1000,
      at: 2000,
      families: ['ipv4'],
      delta: counters(80, 20, 20),
    });
  });

  it('says a failed reading is unavailable, never zero, and counts on from its baseline after', async () => {
    const w = watch([v4(100, 10), null, v4(110, 12)]);
    await w.sample();
    await w.sample();
    expect(w.view()).toEqual({
      available: false,
      reason: '/proc/net/snmp could not be read or has no Udp: table',
    });
    await w.sample();
    expect(w.view()).toMatchObject({ available: true, since: 1000, delta: counters(10, 2, 2) });
  });

  it('names the platform off Linux', async () => {
    const w = watch([null], 'darwin');
    await w.sample();
    expect(w.view()).toEqual({
      available: false,
      reason: 'only Linux gives these counters (/proc/net/snmp); this is darwin',
    });
  });

  it('starts again from a reading whose counters went down', async () => {
    const w = watch([v4(100, 10), v4(50, 1), v4(60, 4)]);
    await w.sample();
    await w.sample();
    expect(w.view()).toMatchObject({ available: true, since: 2000, delta: counters(0, 0, 0) });
    await w.sample();
    expect(w.view()).toMatchObject({ since: 2000, delta: counters(10, 3, 3) });
  });

  it('counts from the first reading after a reset', async () => {
    const w = watch([v4(100, 10), v4(200, 50), v4(230, 51), v4(240, 55)]);
    await w.sample();
    await w.sample();
    w.reset();
    expect(w.view()).toEqual({ available: false, reason: 'not read since the reset' });
    await w.sample();
    await w.sample();
    expect(w.view()).toMatchObject({ since: 3000, at: 4000, delta: counters(10, 4, 4) });
  });

  it('drops a reading that was under way when the reset came', async () => {
    let release: (r: KernelUdpReading) => void = () => undefined;
    const readings = [
      new Promise<KernelUdpReading>((resolve) => (release = resolve)),
      Promise.resolve(v4(500, 90)),
      Promise.resolve(v4(520, 95)),
    ];
    let t = 0;
    const w = new KernelUdpWatch({
      platform: 'linux',
      read: () => readings.shift() ?? Promise.resolve(null),
      now: () => (t += 1000),
    });
    const early = w.sample();
    w.reset();
    await w.sample();
    release(v4(100, 10));
    await early;
    await w.sample();
    expect(w.view()).toMatchObject({ available: true, delta: counters(20, 5, 5) });
  });
});
