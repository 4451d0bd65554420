import { describe, expect, it } from 'vitest';
import { bridgeIdentity, bridgeIdentityText } from './bridge-identity';
import { parseExposition } from './exposition-parser';

const HEAD = '# HELP statsd_exporter_build_info build info\n# TYPE statsd_exporter_build_info gauge\n';
const info = (labels: string) => `${HEAD}statsd_exporter_build_info{${labels}} 1\n`;

describe('bridgeIdentity', () => {
  it.each([
    {
      name: 'the real statsd_exporter 0.30.0',
      text: info(
        'branch="HEAD",goarch="amd64",goos="linux",goversion="go1.26.8",revision="v0.30.0",tags="unknown",version="0.30.0"',
      ),
      want: { implementation: 'statsd_exporter', version: '0.30.0', note: null },
    },
    {
      name: 'the built-in bridge',
      text: info('goversion="node v20.20.2",revision="scrape-lab-builtin",version="0.1.0"'),
      want: { implementation: 'builtin', version: '0.1.0', note: null },
    },
    {
      name: 'the built-in revision decides, whatever runtime it names',
      text: info('goversion="go1.22",revision="scrape-lab-builtin",version="0.1.0"'),
      want: { implementation: 'builtin', version: '0.1.0', note: null },
    },
    {
      name: 'a Go bridge without a version says so',
      text: info('goversion="go1.26.8",revision="v0.30.0"'),
      want: {
        implementation: 'statsd_exporter',
        version: null,
        note: 'statsd_exporter_build_info has no version label',
      },
    },
    {
      name: 'a Go bridge with an empty version says so',
      text: info('goversion="go1.26.8",version=""'),
      want: {
        implementation: 'statsd_exporter',
        version: null,
        note: 'statsd_exporter_build_info has no version label',
      },
    },
    {
      name: 'no build_info at all',
      text: 'statsd_exporter_udp_packets_total 3\n',
      want: {
        implementation: 'unknown',
        version: null,
        note: 'no statsd_exporter_build_info on its /metrics',
      },
    },
    {
      name: 'declared but without a series',
      text: HEAD,
      want: {
        implementation: 'unknown',
        version: null,
        note: 'no statsd_exporter_build_info on its /metrics',
      },
    },
    {
      name: 'a runtime that is neither is not guessed at',
      text: info('goversion="node v20.20.2",revision="abc",version="0.1.0"'),
      want: {
        implementation: 'unknown',
        version: '0.1.0',
        note: 'statsd_exporter_build_info names neither bridge (revision="abc", goversion="node v20.20.2")',
      },
    },
    {
      name: 'no labels to tell by',
      text: info(''),
      want: {
        implementation: 'unknown',
        version: null,
        note: 'statsd_exporter_build_info names neither bridge (revision="", goversion="")',
      },
    },
    {
      name: 'two series disagree',
      text:
        info('goversion="go1.26.8",version="0.30.0"') +
        'statsd_exporter_build_info{revision="scrape-lab-builtin",version="0.1.0"} 1\n',
      want: {
        implementation: 'unknown',
        version: null,
        note: '2 statsd_exporter_build_info series on its /metrics',
      },
    },
  ])('$name', ({ text, want }) => {
    expect(bridgeIdentity(parseExposition(text))).toEqual(want);
  });
});

describe('bridgeIdentityText', () => {
  it.each([
    [{ implementation: 'statsd_exporter', version: '0.30.0', note: null }, 'statsd_exporter 0.30.0'],
    [{ implementation: 'builtin', version: '0.1.0', note: null }, 'built-in (scrape-lab 0.1.0)'],
    [
      { implementation: 'statsd_exporter', version: null, note: 'no version label' },
      'statsd_exporter (version not given)',
    ],
    [
      { implementation: 'builtin', version: null, note: 'no version label' },
      'built-in (scrape-lab version not given)',
    ],
    [
      { implementation: 'unknown', version: null, note: 'no statsd_exporter_build_info on its /metrics' },
      'unknown (no statsd_exporter_build_info on its /metrics)',
    ],
  ] as const)('%o → %s', (identity, want) => {
    expect(bridgeIdentityText(identity)).toBe(want);
  });
});
