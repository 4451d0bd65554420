import { describe, expect, it } from 'vitest';
import type { BridgeView, KernelUdpView } from '../../server/lab/types';
import { bridgeDatagramsText, bridgeName, kernelUdpReading } from './bridge-view';

const read: BridgeView = {
  readAt: 1,
  error: null,
  identity: { implementation: 'statsd_exporter', version: '0.30.0', note: null },
  udpPackets: 12_345,
  udpPacketDrops: 0,
  lines: 70_000,
};

describe('bridgeName', () => {
  it.each([
    { name: 'read', bridge: read, want: 'statsd_exporter 0.30.0' },
    {
      name: 'read once, failing now: still the bridge it was',
      bridge: { ...read, error: 'ECONNREFUSED', udpPackets: null },
      want: 'statsd_exporter 0.30.0',
    },
    { name: 'never read', bridge: { ...read, identity: null, error: null }, want: 'not read yet' },
    {
      name: 'never answered',
      bridge: { ...read, identity: null, error: 'ECONNREFUSED' },
      want: 'not read (ECONNREFUSED)',
    },
  ])('$name', ({ bridge, want }) => {
    expect(bridgeName(bridge)).toBe(want);
  });
});

describe('bridgeDatagramsText', () => {
  it.each([
    { name: 'received, none dropped', bridge: read, want: '12,345 datagrams in' },
    {
      name: 'some dropped by the bridge itself',
      bridge: { ...read, udpPacketDrops: 40 },
      want: '12,345 datagrams in, 40 dropped by it',
    },
    {
      name: 'a bridge that does not count drops',
      bridge: { ...read, udpPacketDrops: null },
      want: '12,345 datagrams in',
    },
    {
      name: 'a bridge without the counter',
      bridge: { ...read, udpPackets: null },
      want: 'datagrams: not counted by this bridge',
    },
    {
      name: 'the latest read failed',
      bridge: { ...read, udpPackets: null, error: 'timed out' },
      want: 'datagrams: unavailable',
    },
  ])('$name', ({ bridge, want }) => {
    expect(bridgeDatagramsText(bridge)).toBe(want);
  });
});

describe('kernelUdpReading', () => {
  const kernel = (inErrors: number, rcvbufErrors: number, since = 0): KernelUdpView => ({
    available: true,
    since,
    at: 42_000,
    families: ['ipv4', 'ipv6'],
    delta: { inDatagrams: 9000, inErrors, rcvbufErrors },
  });

  it.each([
    {
      name: 'nothing dropped',
      view: kernel(0, 0),
      want: {
        text: 'kernel, all UDP on this machine, last 42\u2009s: 0 receive errors',
        severity: 'good',
        errors: 0,
      },
    },
    {
      name: 'datagrams dropped',
      view: kernel(19_000, 18_990),
      want: {
        text: 'kernel, all UDP on this machine, last 42\u2009s: 19,000 receive errors',
        severity: 'bad',
        errors: 19_000,
      },
    },
    {
      name: 'a clock behind the reading is not a negative time',
      view: kernel(0, 0, 50_000),
      want: {
        text: 'kernel, all UDP on this machine, last 0\u2009s: 0 receive errors',
        severity: 'good',
        errors: 0,
      },
    },
    {
      name: 'unavailable, never zero',
      view: { available: false, reason: 'only Linux gives these counters' } as const,
      want: {
        text: 'kernel UDP counters unavailable: only Linux gives these counters',
        severity: 'unknown',
        errors: null,
      },
    },
  ])('$name', ({ view, want }) => {
    expect(kernelUdpReading(view, 42_000)).toEqual(want);
  });
});
