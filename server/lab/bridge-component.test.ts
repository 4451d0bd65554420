import { describe, expect, it } from 'vitest';
import { BridgeComponent, bridgeView } from './bridge-component';
import { parseExposition } from './exposition-parser';

const BUILD_INFO = 'statsd_exporter_build_info{goversion="go1.26.8",revision="v0.30.0",version="0.30.0"} 1\n';

describe('bridgeView', () => {
  it.each([
    {
      name: 'the real exporter, with its drop counter',
      text:
        BUILD_INFO +
        'statsd_exporter_udp_packets_total 1200\n' +
        'statsd_exporter_udp_packet_drops_total 3\n' +
        'statsd_exporter_lines_total 7000\n',
      want: { udpPackets: 1200, udpPacketDrops: 3, lines: 7000 },
    },
    {
      name: 'a bridge without a drop counter has none, not zero',
      text: 'statsd_exporter_udp_packets_total 5\nstatsd_exporter_lines_total 30\n',
      want: { udpPackets: 5, udpPacketDrops: null, lines: 30 },
    },
    {
      name: 'labelled series are summed',
      text: 'statsd_exporter_lines_total{a="1"} 2\nstatsd_exporter_lines_total{a="2"} 3\n',
      want: { udpPackets: null, udpPacketDrops: null, lines: 5 },
    },
    {
      name: 'nothing of its own',
      text: 'demo_http_requests_total 9\n',
      want: { udpPackets: null, udpPacketDrops: null, lines: null },
    },
  ])('$name', ({ text, want }) => {
    const view = bridgeView(parseExposition(text), 42);
    expect({ udpPackets: view.udpPackets, udpPacketDrops: view.udpPacketDrops, lines: view.lines }).toEqual(
      want,
    );
    expect(view.readAt).toBe(42);
    expect(view.error).toBeNull();
  });

  it('says which bridge answered', () => {
    expect(bridgeView(parseExposition(BUILD_INFO), 1).identity).toEqual({
      implementation: 'statsd_exporter',
      version: '0.30.0',
      note: null,
    });
  });
});

describe('BridgeComponent.read', () => {
  it('keeps a failed read as the view error, with no counts', async () => {
    // Nothing listens on port 1: the read fails at connect, without a packet sent.
    const bridge = new BridgeComponent({
      url: 'http://127.0.0.1:1',
      token: null,
      supervisor: null,
      log: () => {},
    });
    await bridge.read();
    expect(bridge.view()).toMatchObject({
      readAt: null,
      error: expect.stringMatching(/^ECONNREFUSED /),
      identity: null,
      udpPackets: null,
    });
  });
});
