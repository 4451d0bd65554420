import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import { mapMetric, type MappingConfig, type ObserverSpec } from './mapper';
import type { Labels, PacketParseResult, StatsdEvent } from './parser';

/**
 * Applies parsed StatsD events to one prom-client Registry, as statsd_exporter's exporter and registry
 * packages do: a metric is created on first sight with that event's label names; a later event whose type
 * or label names disagree is counted as a conflict and dropped. Also owns the bridge's own telemetry, under
 * statsd_exporter's metric names so the same dashboards work on either.
 */

export interface BridgeRegistryOptions {
  mapping: MappingConfig;
}

type FamilyKind = 'counter' | 'gauge' | 'histogram' | 'summary';

type Family =
  | { kind: 'counter'; labelKey: string; metric: Counter }
  | { kind: 'gauge'; labelKey: string; metric: Gauge }
  | { kind: 'histogram'; labelKey: string; metric: Histogram }
  | { kind: 'summary'; labelKey: string; metric: Summary };

/** Series names a family writes to the exposition, which no other family may reuse. */
function exposedNames(name: string, kind: string): string[] {
  if (kind === 'histogram') return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (kind === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

export class BridgeRegistry {
  readonly registry = new Registry();
  private readonly mapping: MappingConfig;
  private readonly families = new Map<string, Family>();
  /** Exposed series name → the family that owns it; seeded with the bridge's own metrics. */
  private readonly owners = new Map<string, string>();

  private readonly udpPackets: Counter;
  private readonly lines: Counter;
  private readonly samples: Counter;
  private readonly sampleErrors: Counter<'reason'>;
  private readonly tags: Counter;
  private readonly tagErrors: Counter;
  private readonly events: Counter<'type'>;
  private readonly eventsUnmapped: Counter;
  private readonly eventsActions: Counter<'action'>;
  private readonly eventsConflict: Counter<'type' | 'metric_name'>;
  private readonly eventsError: Counter<'reason'>;
  private readonly metricsCount: Gauge<'type'>;

  constructor(options: BridgeRegistryOptions) {
    this.mapping = options.mapping;
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> =>
      new Counter({ name, help, labelNames, registers });
    this.udpPackets = counter('statsd_exporter_udp_packets_total', 'StatsD datagrams received over UDP.');
    this.lines = counter('statsd_exporter_lines_total', 'StatsD lines received.');
    this.samples = counter(
      'statsd_exporter_samples_total',
      'StatsD samples received (a line holds one or more).',
    );
    this.sampleErrors = counter(
      'statsd_exporter_sample_errors_total',
      'StatsD samples that could not be parsed, by reason.',
      ['reason'],
    );
    this.tags = counter('statsd_exporter_tags_total', 'StatsD samples that carried tags.');
    this.tagErrors = counter('statsd_exporter_tag_errors_total', 'Tags that could not be parsed.');
    this.events = counter('statsd_exporter_events_total', 'StatsD events applied to metrics, by type.', [
      'type',
    ]);
    this.eventsUnmapped = counter(
      'statsd_exporter_events_unmapped_total',
      'StatsD events no mapping matched.',
    );
    this.eventsActions = counter(
      'statsd_exporter_events_actions_total',
      'StatsD events matched by a mapping, by the mapping action.',
      ['action'],
    );
    this.eventsConflict = counter(
      'statsd_exporter_events_conflict_total',
      'StatsD events dropped because their metric exists with another type or other label names.',
      ['type', 'metric_name'],
    );
    this.eventsError = counter(
      'statsd_exporter_events_error_total',
      'StatsD events dropped because of their value or mapping, by reason.',
      ['reason'],
    );
    this.metricsCount = new Gauge({
      name: 'statsd_exporter_metrics_total',
      help: 'Metrics created from StatsD events, by Prometheus type.',
      labelNames: ['type'],
      registers,
    });
    new Gauge({
      name: 'statsd_exporter_loaded_mappings',
      help: 'Mappings in the loaded mapping config.',
      registers,
    }).set(this.mapping.mappings.length);
    // process_start_time_seconds among them is how the lab tells the bridge process apart.
    collectDefaultMetrics({ register: this.registry });

    for (const metric of this.registry.getMetricsAsArray()) {
      // prom-client types `type` as a numeric enum; at run time it is the type name.
      for (const name of exposedNames(metric.name, String(metric.type))) this.owners.set(name, metric.name);
    }
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<string> {
    // prom-client spells NaN "Nan" (its util.js); Prometheus reads either, the text format spec says NaN.
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }

  /** Counts one datagram and applies its events; never throws. */
  handlePacket(packet: PacketParseResult): void {
    this.udpPackets.inc();
    this.lines.inc(packet.lines);
    this.samples.inc(packet.samples);
    for (const error of packet.errors) this.sampleErrors.inc({ reason: error.reason });
    this.tags.inc(packet.taggedSamples);
    this.tagErrors.inc(packet.tagErrors.length);
    for (const event of packet.events) {
      try {
        this.applyEvent(event);
      } catch {
        // Defensive: applyEvent checks everything prom-client would reject, so this marks a bridge bug.
        this.eventsError.inc({ reason: 'internal_error' });
      }
    }
  }

  applyEvent(event: StatsdEvent): void {
    const mapped = mapMetric(this.mapping, event.name, event.kind, event.labels);
    if (mapped.outcome === 'drop') {
      this.eventsActions.inc({ action: 'drop' });
      return;
    }
    if (mapped.outcome === 'empty_name') {
      this.eventsError.inc({ reason: 'empty_metric_name' });
      return;
    }
    if (mapped.outcome === 'mapped') this.eventsActions.inc({ action: 'map' });
    else this.eventsUnmapped.inc();

    const { name, labels, help, observer } = mapped;
    const value = event.value;
    if (!Number.isFinite(value)) {
      // Only a counter divided by a tiny sample rate gets here; prom-client cannot hold it.
      this.eventsError.inc({ reason: 'non_finite_value' });
      return;
    }
    if (event.kind === 'counter' && value < 0) {
      this.eventsError.inc({ reason: 'illegal_negative_counter' });
      return;
    }
    const family = this.family(
      name,
      event.kind === 'observer' ? observer.type : event.kind,
      labels,
      help,
      observer,
    );
    if (family === null) {
      this.eventsConflict.inc({ type: event.kind, metric_name: name });
      return;
    }
    if (family.kind === 'counter') family.metric.inc(labels, value);
    else if (family.kind !== 'gauge') family.metric.observe(labels, value);
    else if (event.kind === 'gauge' && event.relative) family.metric.inc(labels, value);
    else family.metric.set(labels, value);
    this.events.inc({ type: event.kind });
  }

  /** The family for name, created on first sight; null when the name is taken by another type or label set. */
  private family(
    name: string,
    kind: FamilyKind,
    labels: Labels,
    help: string,
    observer: ObserverSpec,
  ): Family | null {
    const labelNames = Object.keys(labels).sort();
    const labelKey = labelNames.join(',');
    const existing = this.families.get(name);
    if (existing) return existing.kind === kind && existing.labelKey === labelKey ? existing : null;

    const exposed = exposedNames(name, kind);
    if (exposed.some((series) => this.owners.has(series))) return null;
    // Reserved by the exposition format: the same clash statsd_exporter reports as a conflict.
    if (kind === 'histogram' && labelNames.includes('le')) return null;
    if (kind === 'summary' && labelNames.includes('quantile')) return null;

    const base = { name, help, labelNames, registers: [this.registry] };
    let family: Family;
    if (kind === 'counter') family = { kind, labelKey, metric: new Counter(base) };
    else if (kind === 'gauge') family = { kind, labelKey, metric: new Gauge(base) };
    else if (kind === 'histogram') {
      const buckets = observer.type === 'histogram' ? observer.buckets : undefined;
      family = { kind, labelKey, metric: new Histogram({ ...base, buckets }) };
    } else {
      const options =
        observer.type === 'summary'
          ? {
              percentiles: observer.quantiles,
              maxAgeSeconds: observer.maxAgeSeconds,
              ageBuckets: observer.ageBuckets,
            }
          : {};
      family = { kind, labelKey, metric: new Summary({ ...base, ...options }) };
    }
    this.families.set(name, family);
    for (const series of exposed) this.owners.set(series, name);
    this.metricsCount.inc({ type: kind });
    return family;
  }
}
