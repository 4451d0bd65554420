import { Registry, collectDefaultMetrics } from 'prom-client';
import packageJson from '../../package.json' with { type: 'json' };
import { escapeMetricName } from './escape';
import {
  DEFAULT_HELP,
  DEFAULT_OBJECTIVES,
  lookupMapping,
  type Mapping,
  type MappingConfig,
  type MappingMatch,
} from './mapper';
import { DEFAULT_MAPPER_CACHE_SIZE, MapperCache } from './mapper-cache';
import {
  MetricStore,
  addToCounter,
  observe,
  writeFamily,
  type CounterSeries,
  type MetricKind,
  type Series,
  type VectorSpec,
} from './metric-store';
import type { PacketParseResult, StatsdEvent } from './parser';

/**
 * Applies parsed StatsD events as statsd_exporter 0.30.0's exporter does (pkg/exporter): mapping (with its
 * LRU cache), drop and map actions, honor_labels, scale, ttl, observer types, and the registry's rules
 * for when a name conflicts. Also owns the bridge's telemetry under the exporter's metric names, help and
 * labels, so the same dashboards and alerts work on either, and the counters the transport drives.
 */

export interface BridgeRegistryOptions {
  mapping: MappingConfig;
  /** Milliseconds since the epoch; ttl expiry and summary windows read it. Default: Date.now. */
  now?: () => number;
  /** Entries in the mapping cache (statsd_exporter's --statsd.cache-size). Default 1000. */
  mapperCacheSize?: number;
}

type EventType = StatsdEvent['kind'];

/** One of the bridge's own metric families: a counter or gauge with fixed label names. */
class Telemetry {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly kind: 'counter' | 'gauge',
    readonly help: string,
    private readonly labelNames: readonly string[],
    /** Unlabelled families show 0 before their first use, as client_golang's do. */
    present: boolean,
  ) {
    if (present) this.child([]);
  }

  private child(values: readonly string[]): Series {
    const key = values.join('\u0000');
    let series = this.series.get(key);
    if (series === undefined) {
      const labels = this.labelNames.map((name, i): [string, string] => [name, values[i] ?? '']);
      labels.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      series = {
        labels,
        value:
          this.kind === 'counter' ? { kind: 'counter', whole: 0, fraction: 0 } : { kind: 'gauge', value: 0 },
        ttlMs: 0,
        lastUsedMs: 0,
        live: true,
      };
      this.series.set(key, series);
    }
    return series;
  }

  inc(n = 1, ...values: string[]): void {
    if (n === 0 && this.labelNames.length > 0) return;
    const value = this.child(values).value;
    if (value.kind === 'counter') addToCounter(value as CounterSeries, n);
    else if (value.kind === 'gauge') value.value += n;
  }

  set(n: number, ...values: string[]): void {
    const value = this.child(values).value;
    if (value.kind === 'gauge') value.value = n;
  }

  write(out: string[]): void {
    if (this.series.size === 0) return;
    const all = [...this.series.values()].sort((a, b) => {
      for (let i = 0; i < a.labels.length; i++) {
        const x = a.labels[i]?.[1] ?? '';
        const y = b.labels[i]?.[1] ?? '';
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
    writeFamily(out, this.name, this.kind, this.help, all, 0);
  }
}

/** Go's names for Node's platform and architecture, as statsd_exporter_build_info spells them. */
const GOOS: Record<string, string> = { win32: 'windows' };
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386' };

export class BridgeRegistry {
  /** Node's process metrics (process_start_time_seconds tells the lab which bridge process answers). */
  readonly registry = new Registry();
  private mapping: MappingConfig;
  private readonly now: () => number;
  private readonly store: MetricStore;
  private readonly cache: MapperCache<MappingMatch | null>;
  private readonly telemetry: Telemetry[] = [];

  private readonly udpPackets: Telemetry;
  private readonly udpPacketDrops: Telemetry;
  private readonly tcpConnections: Telemetry;
  private readonly tcpErrors: Telemetry;
  private readonly tcpLineTooLong: Telemetry;
  private readonly lines: Telemetry;
  private readonly samples: Telemetry;
  private readonly sampleErrors: Telemetry;
  private readonly tags: Telemetry;
  private readonly tagErrors: Telemetry;
  private readonly configReloads: Telemetry;
  private readonly loadedMappings: Telemetry;
  private readonly events: Telemetry;
  private readonly eventsFlushed: Telemetry;
  private readonly eventsUnmapped: Telemetry;
  private readonly eventsActions: Telemetry;
  private readonly eventsConflict: Telemetry;
  private readonly eventsError: Telemetry;
  private readonly metricsCount: Telemetry;
  private readonly cacheLength: Telemetry;
  private readonly cacheGets: Telemetry;
  private readonly cacheHits: Telemetry;

  constructor(options: BridgeRegistryOptions) {
    this.mapping = options.mapping;
    this.now = options.now ?? Date.now;
    this.store = new MetricStore(this.now);
    this.cache = new MapperCache(options.mapperCacheSize ?? DEFAULT_MAPPER_CACHE_SIZE);
    const metric = (
      name: string,
      kind: 'counter' | 'gauge',
      help: string,
      labelNames: readonly string[] = [],
    ): Telemetry => {
      const family = new Telemetry(name, kind, help, labelNames, labelNames.length === 0);
      this.telemetry.push(family);
      this.store.reserve(name, kind);
      return family;
    };
    // Names, help and labels as statsd_exporter 0.30.0's main.go and pkg/mappercache declare them.
    this.events = metric(
      'statsd_exporter_events_total',
      'counter',
      'The total number of StatsD events seen.',
      ['type'],
    );
    this.eventsFlushed = metric(
      'statsd_exporter_event_queue_flushed_total',
      'counter',
      'Number of times events were flushed to exporter',
    );
    this.eventsUnmapped = metric(
      'statsd_exporter_events_unmapped_total',
      'counter',
      'The total number of StatsD events no mapping was found for.',
    );
    this.udpPackets = metric(
      'statsd_exporter_udp_packets_total',
      'counter',
      'The total number of StatsD packets received over UDP.',
    );
    this.udpPacketDrops = metric(
      'statsd_exporter_udp_packet_drops_total',
      'counter',
      'The total number of dropped StatsD packets which received over UDP.',
    );
    this.tcpConnections = metric(
      'statsd_exporter_tcp_connections_total',
      'counter',
      'The total number of TCP connections handled.',
    );
    this.tcpErrors = metric(
      'statsd_exporter_tcp_connection_errors_total',
      'counter',
      'The number of errors encountered reading from TCP.',
    );
    this.tcpLineTooLong = metric(
      'statsd_exporter_tcp_too_long_lines_total',
      'counter',
      'The number of lines discarded due to being too long.',
    );
    this.lines = metric(
      'statsd_exporter_lines_total',
      'counter',
      'The total number of StatsD lines received.',
    );
    this.samples = metric(
      'statsd_exporter_samples_total',
      'counter',
      'The total number of StatsD samples received.',
    );
    this.sampleErrors = metric(
      'statsd_exporter_sample_errors_total',
      'counter',
      'The total number of errors parsing StatsD samples.',
      ['reason'],
    );
    this.tags = metric(
      'statsd_exporter_tags_total',
      'counter',
      'The total number of DogStatsD tags processed.',
    );
    this.tagErrors = metric(
      'statsd_exporter_tag_errors_total',
      'counter',
      'The number of errors parsing DogStatsD tags.',
    );
    this.configReloads = metric(
      'statsd_exporter_config_reloads_total',
      'counter',
      'The number of configuration reloads.',
      ['outcome'],
    );
    this.loadedMappings = metric(
      'statsd_exporter_loaded_mappings',
      'gauge',
      'The current number of configured metric mappings.',
    );
    this.eventsConflict = metric(
      'statsd_exporter_events_conflict_total',
      'counter',
      'The total number of StatsD events with conflicting names.',
      ['type', 'metric_name'],
    );
    this.eventsError = metric(
      'statsd_exporter_events_error_total',
      'counter',
      'The total number of StatsD events discarded due to errors.',
      ['reason'],
    );
    this.eventsActions = metric(
      'statsd_exporter_events_actions_total',
      'counter',
      'The total number of StatsD events by action.',
      ['action'],
    );
    this.metricsCount = metric('statsd_exporter_metrics_total', 'gauge', 'The total number of metrics.', [
      'type',
    ]);
    this.cacheLength = metric(
      'statsd_metric_mapper_cache_length',
      'gauge',
      'The count of unique metrics currently cached.',
    );
    this.cacheGets = metric(
      'statsd_metric_mapper_cache_gets_total',
      'counter',
      'The count of total metric cache gets.',
    );
    this.cacheHits = metric(
      'statsd_metric_mapper_cache_hits_total',
      'counter',
      'The count of total metric cache hits.',
    );
    const labelNames = ['branch', 'goarch', 'goos', 'goversion', 'revision', 'tags', 'version'];
    metric(
      'statsd_exporter_build_info',
      'gauge',
      "A metric with a constant '1' value labeled by version, revision, branch, goversion from which " +
        'statsd_exporter was built, and the goos and goarch for the build.',
      labelNames,
    ).set(
      1,
      '',
      GOARCH[process.arch] ?? process.arch,
      GOOS[process.platform] ?? process.platform,
      `node ${process.version}`,
      'scrape-lab-builtin',
      '',
      packageJson.version,
    );
    this.loadedMappings.set(this.mapping.mappings.length);
    this.store.onVectorCreated = (kind) => this.metricsCount.inc(1, kind);

    collectDefaultMetrics({ register: this.registry });
    for (const defaultMetric of this.registry.getMetricsAsArray()) {
      // prom-client types `type` as a numeric enum; at run time it is the type name.
      this.store.reserve(defaultMetric.name, String(defaultMetric.type) as MetricKind);
    }
  }

  /** The Prometheus text exposition: StatsD metrics and the bridge's own, sorted by name, then Node's. */
  async exposition(): Promise<string> {
    const own: string[] = [];
    for (const family of this.telemetry) {
      const out: string[] = [];
      family.write(out);
      if (out.length > 0) own.push(out.join(''));
    }
    const text = [...own, this.store.exposition()]
      .flatMap((block) => block.split(/(?=^# HELP )/m))
      .filter((block) => block !== '')
      .sort((a, b) => (familyName(a) < familyName(b) ? -1 : 1))
      .join('');
    // prom-client spells NaN "Nan" (its util.js); Prometheus reads either, the text format spec says NaN.
    const node = (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
    return text + node;
  }

  /** Counts one UDP datagram and applies its lines; never throws. */
  handlePacket(packet: PacketParseResult): void {
    this.udpPackets.inc();
    this.handleLines(packet);
  }

  /** Counts one TCP line (not a UDP packet) and applies it; never throws. */
  handleLine(line: PacketParseResult): void {
    this.handleLines(line);
  }

  countUdpPacketDrop(n = 1): void {
    this.udpPacketDrops.inc(n);
  }

  countTcpConnection(): void {
    this.tcpConnections.inc();
  }

  countTcpConnectionError(): void {
    this.tcpErrors.inc();
  }

  countTcpTooLongLine(): void {
    this.tcpLineTooLong.inc();
  }

  countConfigReload(outcome: 'success' | 'failure'): void {
    this.configReloads.inc(1, outcome);
  }

  /** Swaps the mapping for a reload: series already made stay, the mapping cache starts empty. */
  setMapping(mapping: MappingConfig): void {
    this.mapping = mapping;
    this.cache.clear();
    this.cacheLength.set(0);
    this.loadedMappings.set(mapping.mappings.length);
  }

  private handleLines(parsed: PacketParseResult): void {
    this.lines.inc(parsed.lines);
    this.samples.inc(parsed.samples);
    for (const error of parsed.errors) this.sampleErrors.inc(1, error.reason);
    this.tags.inc(parsed.taggedSamples);
    this.tagErrors.inc(parsed.tagErrors.length);
    // The bridge applies a datagram's (or TCP line's) events at once: one flush each.
    if (parsed.events.length > 0) this.eventsFlushed.inc();
    for (const event of parsed.events) {
      try {
        this.applyEvent(event);
      } catch {
        // Defensive: nothing in applyEvent should throw, so this marks a bridge bug, counted not hidden.
        this.eventsError.inc(1, 'internal_error');
      }
    }
  }

  /** statsd_exporter's handleEvent, for one event that stands for `count` identical ones. */
  applyEvent(event: StatsdEvent): void {
    const count = event.kind === 'observer' ? event.count : 1;
    const found = this.lookup(event.name, event.kind, count);
    const mapping: Mapping | null = found?.mapping ?? null;
    if (mapping?.action === 'drop') {
      this.eventsActions.inc(count, 'drop');
      return;
    }
    const help = mapping !== null && mapping.help !== '' ? mapping.help : DEFAULT_HELP;
    const labels = event.labels;
    let name: string;
    if (found !== null) {
      if (found.name === '') {
        this.eventsError.inc(count, 'empty_metric_name');
        return;
      }
      name = escapeMetricName(found.name);
      for (const [label, value] of found.labels) {
        if (found.mapping.honorLabels && label in labels) continue;
        // Written into the line's shared labels object, as the exporter writes into its map.
        labels[label] = value;
      }
      this.eventsActions.inc(count, 'map');
    } else {
      this.eventsUnmapped.inc(count);
      name = escapeMetricName(event.name);
      if (name === '') {
        // The exporter registers a metric with an empty name, and every scrape fails from then on.
        this.eventsError.inc(count, 'empty_metric_name');
        return;
      }
    }
    let value = event.value;
    if (mapping?.scale !== null && mapping?.scale !== undefined) value *= mapping.scale;
    const ttlNs = mapping !== null ? mapping.ttlNs : this.mapping.defaults.ttlNs;
    const ttlMs = ttlNs / 1e6;
    const type: EventType = event.kind;

    if (event.kind === 'counter') {
      if (value < 0) {
        this.eventsError.inc(1, 'illegal_negative_counter');
        return;
      }
      const series = this.series('counter', name, labels, { help }, ttlMs, type, count);
      if (series === null || series.value.kind !== 'counter') return;
      addToCounter(series.value, value);
    } else if (event.kind === 'gauge') {
      const series = this.series('gauge', name, labels, { help }, ttlMs, type, count);
      if (series === null || series.value.kind !== 'gauge') return;
      if (event.relative) series.value.value += value;
      else series.value.value = value;
    } else {
      const observer = (mapping?.observerType || this.mapping.defaults.observerType) === 'histogram';
      const spec = observer ? this.histogramSpec(mapping, help) : this.summarySpec(mapping, help);
      const series = this.series(observer ? 'histogram' : 'summary', name, labels, spec, ttlMs, type, count);
      if (series === null || (series.value.kind !== 'histogram' && series.value.kind !== 'summary')) return;
      observe(series.value, value, count, this.now());
    }
    this.events.inc(count, type);
  }

  private series(
    kind: MetricKind,
    name: string,
    labels: StatsdEvent['labels'],
    spec: VectorSpec,
    ttlMs: number,
    type: EventType,
    count: number,
  ): Series | null {
    const series = this.store.resolve(kind, name, labels, spec, ttlMs);
    if (series === 'conflict') {
      this.eventsConflict.inc(count, type, name);
      return null;
    }
    if (series === 'reserved_label_name') {
      // The exporter crashes (le on a histogram, quantile on a summary) or fails every scrape (__ labels).
      this.eventsError.inc(count, 'reserved_label_name');
      return null;
    }
    return series;
  }

  /** The exporter's GetMapping through its cache, asked `count` times for `count` identical events. */
  private lookup(name: string, type: EventType, count: number): MappingMatch | null {
    const key = `${type}.${name}`;
    let found = this.cache.get(key);
    // The count - 1 repeats all hit the entry just used.
    this.cacheGets.inc(count);
    this.cacheHits.inc(found === undefined ? count - 1 : count);
    if (found === undefined) {
      found = lookupMapping(this.mapping, name, type);
      this.cache.add(key, found);
      this.cacheLength.set(this.cache.length);
    }
    return found;
  }

  private histogramSpec(mapping: Mapping | null, help: string): VectorSpec {
    const own = mapping?.histogramOptions;
    const buckets = own && own.buckets.length > 0 ? own.buckets : this.mapping.defaults.histogram.buckets;
    return { help, buckets };
  }

  private summarySpec(mapping: Mapping | null, help: string): VectorSpec {
    const defaults = this.mapping.defaults.summary;
    const own = mapping?.summaryOptions ?? null;
    const quantiles = own && own.quantiles.length > 0 ? own.quantiles : defaults.quantiles;
    const options = own ?? defaults;
    return {
      help,
      summary: {
        objectives: quantiles.length > 0 ? quantiles : DEFAULT_OBJECTIVES,
        // client_golang's defaults for what is left at zero: 10 minutes, 5 age buckets, 500 buffered.
        maxAgeMs: options.maxAgeNs === 0 ? 600_000 : options.maxAgeNs / 1e6,
        ageBuckets: options.ageBuckets === 0 ? 5 : options.ageBuckets,
        bufCap: options.bufCap === 0 ? 500 : options.bufCap,
      },
    };
  }
}

function familyName(block: string): string {
  return block.slice('# HELP '.length, block.indexOf(' ', '# HELP '.length));
}
