import type { Exposition } from './exposition-parser';
import type { BridgeIdentity } from './types';

/**
 * Which StatsD bridge answered, from the `statsd_exporter_build_info` series it exposes. The real
 * prom/statsd-exporter is a Go program (goversion "go1.…"); the built-in one stamps its revision
 * "scrape-lab-builtin". Anything else is reported as unknown, with why, never guessed. Pure.
 */

export const BUILD_INFO_METRIC = 'statsd_exporter_build_info';
export const BUILTIN_REVISION = 'scrape-lab-builtin';

export function bridgeIdentity(exposition: Exposition): BridgeIdentity {
  const series = exposition.samples.filter((s) => s.name === BUILD_INFO_METRIC);
  const [only] = series;
  if (only === undefined) return unknown(`no ${BUILD_INFO_METRIC} on its /metrics`);
  if (series.length > 1) return unknown(`${series.length} ${BUILD_INFO_METRIC} series on its /metrics`);
  const { revision, goversion } = only.labels;
  const version = only.labels.version || null;
  const versionNote = version === null ? `${BUILD_INFO_METRIC} has no version label` : null;
  if (revision === BUILTIN_REVISION) {
    return { implementation: 'builtin', version, note: versionNote };
  }
  if (goversion?.startsWith('go')) {
    return { implementation: 'statsd_exporter', version, note: versionNote };
  }
  const labels = `revision="${revision ?? ''}", goversion="${goversion ?? ''}"`;
  return unknown(`${BUILD_INFO_METRIC} names neither bridge (${labels})`, version);
}

/** `statsd_exporter 0.30.0`, `built-in (scrape-lab 0.1.0)`, or that it is unknown and why: for a person. */
export function bridgeIdentityText({ implementation, version, note }: BridgeIdentity): string {
  if (implementation === 'statsd_exporter') return `statsd_exporter ${version ?? '(version not given)'}`;
  if (implementation === 'builtin') return `built-in (scrape-lab ${version ?? 'version not given'})`;
  return `unknown (${note ?? 'build_info names neither bridge'})`;
}

function unknown(note: string, version: string | null = null): BridgeIdentity {
  return { implementation: 'unknown', version, note };
}
