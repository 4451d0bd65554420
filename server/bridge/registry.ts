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
import { DEFAULT_MAPPER_CACHE_SIZE, MapperCache, type CacheNode } from './mapper-cache';
import {
  MetricStore,
  addToCounter,
  observe,
  writeFamily,
  type CounterSeries,
  type MetricKind,
  type Refusal,
  type Series,
  type VectorSpec,
} from './metric-store';
import {
  parseLine,
  parseLineShape,
  type Labels,
  type PacketParseResult,
  type ParsedPacket,
  type ParseResult,
  type SampleErrorReason,
  type SampleShape,
  type StatsdEvent,
} from './parser';
import { goFloatValue } from './go-float';

/**
 * Applies parsed StatsD events as statsd_exporter 0.30.0's exporter does (pkg/exporter): mapping (with its
 * LRU cache), drop and map actions, honor_labels, scale, ttl, observer types, and the registry's rules
 * for when a name conflicts. Also owns the bridge's telemetry under the exporter's metric names, help and
 * labels, so the same dashboards and alerts work on either, and the counters the transport drives.
 *
 * Lines repeat: a client sends the same name, type and tags with new values. The first line of each such
 * shape goes the whole way (parse, mapping, series lookup) and leaves a plan behind; a repeat costs a map
 * lookup, a float parse and an add. A plan replays exactly what the first line did, and is checked against
 * what can change since: its mapping-cache entry (evicted entries are looked up again, counted as the
 * exporter counts them), its series (expired by ttl) and the mapping file (a reload drops every plan).
 */

/** Plans kept at most; past this the table starts again empty, so odd traffic cannot grow it without end. */
const MAX_PLANS = 10_000;
/** Longer lines are parsed each time rather than planned, which bounds what the plans hold. */
const MAX_PLANNED_LINE = 512;

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

  /** The counter behind these label values, for callers that add to it often. */
  counter(...values: string[]): CounterSeries {
    const value = this.child(values).value;
    if (value.kind !== 'counter') throw new Error(`${this.name} is not a counter`);
    return value;
  }

  private child(values: readonly string[]): Series {
    const key = values.length === 1 ? (values[0] as string) : values.join('\u0000');
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

type MappedMetric = {
  outcome: 'metric';
  unmapped: boolean;
  /** The Prometheus name, escaped. */
  name: string;
  /** Tags with the mapping's labels written in. */
  labels: Labels;
  scale: number | null;
  ttlMs: number;
  kind: MetricKind;
  spec: VectorSpec;
};

/** The mapping half of an event: the same for every event of one StatsD name, type and tag set. */
type MappedEvent =
  { outcome: 'drop'; unmapped: false } | { outcome: 'empty'; unmapped: boolean } | MappedMetric;

/** The series an event resolved to (or why not), kept for the next event that resolves the same way. */
interface SeriesSlot {
  series: Series | Refusal | null;
}

/** What one line of a given name, type, sections and tags did, to be done again for its repeats. */
interface LinePlan {
  samples: number;
  errors: CounterSeries[];
  tagged: number;
  tagErrors: number;
  /** Null when the line gives no event (an error, a set, a rate giving no observation). */
  shape: SampleShape | null;
  name: string;
  /** The line's tags (mapping labels are written in on first use). */
  labels: Labels | null;
  node: CacheNode<MappingMatch | null> | null;
  mapped: MappedEvent | null;
  slot: SeriesSlot;
}

/** A whole line seen before: its plan and its parsed value. */
interface ExactLine {
  exact: true;
  line: string;
  plan: LinePlan;
  shaped: ShapedLine;
  value: number;
  relative: boolean;
  next: Known | null;
}

/** A plan with the line text around its value: `name` before the ':' and `rest` from the first '|'. */
class ShapedLine {
  readonly exact = false;
  next: Known | null = null;

  constructor(
    readonly name: string,
    readonly rest: string,
    readonly plan: LinePlan,
  ) {}

  /** The value of line when line has this shape (the same text but for the value), else undefined. */
  valueIn(line: string): number | undefined {
    const from = this.name.length + 1;
    const pipe = line.length - this.rest.length;
    if (pipe <= from || line.length > MAX_PLANNED_LINE || line.charCodeAt(from - 1) !== 58) return undefined;
    if (!line.endsWith(this.rest) || !line.startsWith(this.name)) return undefined;
    // A '|' or ':' in what would be the value (the line splits another way) is no number, so no match.
    return goFloatValue(line.slice(from, pipe));
  }
}

type Known = ExactLine | ShapedLine;

function isRelative(line: string, valueStart: number): boolean {
  const first = line.charCodeAt(valueStart);
  return first === 43 || first === 45;
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
  private readonly plans = new Map<string, ShapedLine>();
  /**
   * Whole-number increments of one each, summed while a datagram is applied and added to `hot` at its end:
   * one add per datagram instead of one per line (weighted increments go straight to their counter).
   */
  private readonly pending = {
    samples: 0,
    tags: 0,
    tagErrors: 0,
    gets: 0,
    hits: 0,
    mapped: 0,
    unmapped: 0,
    counter: 0,
    gauge: 0,
    observer: 0,
  };
  /** Whole lines already seen, with their parsed value: a repeat skips even the float parse. */
  private readonly exactLines = new Map<string, ExactLine>();
  /**
   * The line just applied. Clients send their lines in the same order again and again, so the line after
   * it last time is tried first, checked by comparing text, which is cheaper than hashing it for a lookup.
   */
  private previous: Known | null = null;
  /** The counters every line moves, held directly. */
  private readonly hot: {
    udpPackets: CounterSeries;
    lines: CounterSeries;
    samples: CounterSeries;
    tags: CounterSeries;
    tagErrors: CounterSeries;
    eventsFlushed: CounterSeries;
    unmapped: CounterSeries;
    mapped: CounterSeries | null;
    cacheGets: CounterSeries;
    cacheHits: CounterSeries;
    events: Record<EventType, CounterSeries | null>;
  };

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
    this.hot = {
      udpPackets: this.udpPackets.counter(),
      lines: this.lines.counter(),
      samples: this.samples.counter(),
      tags: this.tags.counter(),
      tagErrors: this.tagErrors.counter(),
      eventsFlushed: this.eventsFlushed.counter(),
      unmapped: this.eventsUnmapped.counter(),
      cacheGets: this.cacheGets.counter(),
      cacheHits: this.cacheHits.counter(),
      // Labelled series are made on first use, so they only show once used, as in the exporter.
      mapped: null,
      events: { counter: null, gauge: null, observer: null },
    };

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
    addToCounter(this.hot.udpPackets, 1);
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

  /** Swaps the mapping for a reload: series already made stay, the mapping cache and line plans start empty. */
  setMapping(mapping: MappingConfig): void {
    this.mapping = mapping;
    this.cache.clear();
    this.plans.clear();
    this.exactLines.clear();
    this.previous = null;
    this.cacheLength.set(0);
    this.loadedMappings.set(mapping.mappings.length);
  }

  private handleLines(parsed: PacketParseResult): void {
    // A ParsedPacket (by shape: a module loaded twice would fail instanceof) keeps its text unparsed.
    const raw: unknown = (parsed as Partial<ParsedPacket>).text;
    const text = typeof raw === 'string' ? raw : null;
    if (text === null) {
      this.applyParsed(parsed);
      addToCounter(this.hot.lines, parsed.lines);
      if (parsed.events.length > 0) addToCounter(this.hot.eventsFlushed, 1);
      this.flushPending();
      return;
    }
    let lines = 0;
    let events = 0;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      const line = end < 0 ? text.slice(start) : text.slice(start, end);
      lines++;
      if (line !== '') {
        const known = this.recognise(line);
        if (known !== null) {
          events += known.plan.shape === null ? 0 : 1;
          if (this.previous !== null) this.previous.next = known;
        } else {
          const result = parseLine(line);
          this.applyParsed(result);
          events += result.events.length;
        }
        this.previous = known;
      }
      if (end < 0) break;
      start = end + 1;
    }
    addToCounter(this.hot.lines, lines);
    // The bridge applies a datagram's (or TCP line's) events at once: one flush each.
    if (events > 0) addToCounter(this.hot.eventsFlushed, 1);
    this.flushPending();
  }

  private flushPending(): void {
    const p = this.pending;
    const hot = this.hot;
    if (p.samples !== 0) addToCounter(hot.samples, p.samples);
    if (p.tags !== 0) addToCounter(hot.tags, p.tags);
    if (p.tagErrors !== 0) addToCounter(hot.tagErrors, p.tagErrors);
    if (p.gets !== 0) addToCounter(hot.cacheGets, p.gets);
    if (p.hits !== 0) addToCounter(hot.cacheHits, p.hits);
    if (p.unmapped !== 0) addToCounter(hot.unmapped, p.unmapped);
    if (p.mapped !== 0) addToCounter((hot.mapped ??= this.eventsActions.counter('map')), p.mapped);
    for (const type of ['counter', 'gauge', 'observer'] as const) {
      if (p[type] !== 0) addToCounter((hot.events[type] ??= this.events.counter(type)), p[type]);
      p[type] = 0;
    }
    p.samples = p.tags = p.tagErrors = p.gets = p.hits = p.unmapped = p.mapped = 0;
  }

  /** Counts and applies a parse result the long way (lines are counted by the caller). */
  private applyParsed(parsed: ParseResult): void {
    this.pending.samples += parsed.samples;
    for (const error of parsed.errors) addToCounter(this.sampleError(error.reason), 1);
    this.pending.tags += parsed.taggedSamples;
    this.pending.tagErrors += parsed.tagErrors.length;
    for (const event of parsed.events) this.safely(() => this.applyEventPending(event));
  }

  private safely(apply: () => void): void {
    try {
      apply();
    } catch {
      // Defensive: nothing here should throw, so this marks a bridge bug, counted rather than hidden.
      this.eventsError.inc(1, 'internal_error');
    }
  }

  /**
   * Applies a one-sample line through its plan (made on first sight); returns the events applied, or -1
   * when the line is not one a plan can stand for (several samples, or a value Go cannot read).
   */
  /** Applies a line through its plan, predicted or looked up; null when it has none (parse it instead). */
  private recognise(line: string): Known | null {
    const guess = this.previous?.next ?? null;
    if (guess !== null) {
      if (guess.exact && line === guess.line) {
        this.replaySafely(guess.plan, guess.value, guess.relative);
        return guess;
      }
      // Not that line, but maybe the same name, type and tags with another value. The guess stays the
      // position's marker: two places in a client's sequence may share a shape but not what follows.
      const shape = guess.exact ? guess.shaped : guess;
      const value = shape.valueIn(line);
      if (value !== undefined) {
        this.replaySafely(shape.plan, value, isRelative(line, shape.name.length + 1));
        return guess;
      }
    }
    return this.applyPlanned(line);
  }

  /** Applies a one-sample line through its plan (made on first sight); null when no plan can stand for it. */
  private applyPlanned(line: string): Known | null {
    if (line.length > MAX_PLANNED_LINE) return null;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const pipe = line.indexOf('|', colon + 1);
    if (pipe < 0) return null;
    // Counter and gauge values repeat, so whole such lines are kept; a repeat needs no parsing at all.
    const type = line.charCodeAt(pipe + 1);
    const repeats = type === 99 || type === 103;
    if (repeats) {
      const exact = this.exactLines.get(line);
      if (exact !== undefined) {
        this.replaySafely(exact.plan, exact.value, exact.relative);
        return exact;
      }
    }
    const secondColon = line.indexOf(':', colon + 1);
    // A ':' in the value is DogStatsD extended aggregation; after it, without DogStatsD tags, more samples.
    if (secondColon >= 0 && (secondColon < pipe || line.indexOf('|#', colon + 1) < 0)) return null;
    const valueText = line.slice(colon + 1, pipe);
    const value = goFloatValue(valueText);
    if (value === undefined) return null;
    const key = `${line.slice(0, colon)}\u0000${line.slice(pipe)}`;
    let shaped = this.plans.get(key);
    if (shaped === undefined) {
      shaped = new ShapedLine(line.slice(0, colon), line.slice(pipe), this.makePlan(line));
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      this.plans.set(key, shaped);
    }
    const relative = isRelative(line, colon + 1);
    this.replaySafely(shaped.plan, value, relative);
    if (!repeats) return shaped;
    const exact: ExactLine = { exact: true, line, plan: shaped.plan, shaped, value, relative, next: null };
    if (this.exactLines.size >= MAX_PLANS) this.exactLines.clear();
    this.exactLines.set(line, exact);
    return exact;
  }

  private replaySafely(plan: LinePlan, value: number, relative: boolean): void {
    try {
      this.replay(plan, value, relative);
    } catch {
      this.eventsError.inc(1, 'internal_error');
    }
  }

  private makePlan(line: string): LinePlan {
    const result: ParseResult = { events: [], errors: [], tagErrors: [], samples: 0, taggedSamples: 0 };
    const shape = parseLineShape(line, result);
    const event = result.events[0];
    return {
      samples: result.samples,
      errors: result.errors.map((error) => this.sampleError(error.reason)),
      tagged: result.taggedSamples,
      tagErrors: result.tagErrors.length,
      shape,
      name: event?.name ?? '',
      labels: event?.labels ?? null,
      node: null,
      mapped: null,
      slot: { series: null },
    };
  }

  /** What the plan's line did the first time, with this value. */
  private replay(plan: LinePlan, value: number, relative: boolean): void {
    const pending = this.pending;
    pending.samples += plan.samples;
    for (const error of plan.errors) addToCounter(error, 1);
    pending.tags += plan.tagged;
    pending.tagErrors += plan.tagErrors;
    const shape = plan.shape;
    if (shape === null || plan.labels === null) return;
    const count = shape.count;
    if (plan.mapped !== null && plan.node !== null && plan.node.live) {
      // A hit on the mapping cache entry the first line made (or found), as the exporter would count it.
      this.cache.touch(plan.node);
      if (count === 1) {
        pending.gets++;
        pending.hits++;
      } else {
        addToCounter(this.hot.cacheGets, count);
        addToCounter(this.hot.cacheHits, count);
      }
    } else {
      plan.node = this.lookup(plan.name, shape.kind, count);
      plan.mapped ??= this.decide(plan.node.value, shape.kind, plan.name, plan.labels);
    }
    const mapped = plan.mapped;
    this.countMapping(mapped, count);
    if (mapped.outcome !== 'metric') return;
    let v = value;
    if (shape.kind === 'counter') for (const divisor of shape.divisors) v /= divisor;
    else if (shape.milliseconds) v /= 1000;
    this.commit(mapped, plan.slot, shape.kind, v, relative, count);
  }

  /** statsd_exporter's handleEvent, for one event that stands for `count` identical ones. */
  applyEvent(event: StatsdEvent): void {
    try {
      this.applyEventPending(event);
    } finally {
      this.flushPending();
    }
  }

  private applyEventPending(event: StatsdEvent): void {
    const count = event.kind === 'observer' ? event.count : 1;
    const node = this.lookup(event.name, event.kind, count);
    const mapped = this.decide(node.value, event.kind, event.name, event.labels);
    this.countMapping(mapped, count);
    if (mapped.outcome !== 'metric') return;
    this.commit(
      mapped,
      { series: null },
      event.kind,
      event.value,
      event.kind === 'gauge' && event.relative,
      count,
    );
  }

  /**
   * The mapping half of handleEvent: drop, an empty name, or the metric's name, labels and options. Writes
   * mapping labels into `labels`, the line's shared object, as the exporter writes into its map.
   */
  private decide(
    found: MappingMatch | null,
    kind: EventType,
    statsdName: string,
    labels: Labels,
  ): MappedEvent {
    const mapping: Mapping | null = found?.mapping ?? null;
    if (mapping?.action === 'drop') return { outcome: 'drop', unmapped: false };
    const help = mapping !== null && mapping.help !== '' ? mapping.help : DEFAULT_HELP;
    let name: string;
    if (found !== null) {
      if (found.name === '') return { outcome: 'empty', unmapped: false };
      name = escapeMetricName(found.name);
      for (const [label, value] of found.labels) {
        if (found.mapping.honorLabels && label in labels) continue;
        labels[label] = value;
      }
    } else {
      name = escapeMetricName(statsdName);
      // The exporter registers a metric with an empty name, and every scrape fails from then on.
      if (name === '') return { outcome: 'empty', unmapped: true };
    }
    const observer = (mapping?.observerType || this.mapping.defaults.observerType) === 'histogram';
    return {
      outcome: 'metric',
      unmapped: found === null,
      name,
      labels,
      scale: mapping?.scale ?? null,
      ttlMs: (mapping !== null ? mapping.ttlNs : this.mapping.defaults.ttlNs) / 1e6,
      kind: kind === 'observer' ? (observer ? 'histogram' : 'summary') : kind,
      spec:
        kind !== 'observer'
          ? { help }
          : observer
            ? this.histogramSpec(mapping, help)
            : this.summarySpec(mapping, help),
    };
  }

  /** The counters the mapping half moves for each of `count` events. */
  private countMapping(mapped: MappedEvent, count: number): void {
    if (mapped.outcome === 'drop') {
      this.eventsActions.inc(count, 'drop');
      return;
    }
    if (mapped.unmapped) this.addPending('unmapped', count);
    if (mapped.outcome === 'empty') {
      this.eventsError.inc(count, 'empty_metric_name');
      return;
    }
    if (!mapped.unmapped) this.addPending('mapped', count);
  }

  /** The registry half of handleEvent: the series (kept in `slot` for the next event like it) and the value. */
  private commit(
    mapped: MappedMetric,
    slot: SeriesSlot,
    type: EventType,
    eventValue: number,
    relative: boolean,
    count: number,
  ): void {
    const value = mapped.scale === null ? eventValue : eventValue * mapped.scale;
    if (type === 'counter' && value < 0) {
      this.eventsError.inc(1, 'illegal_negative_counter');
      return;
    }
    let series = slot.series;
    // A conflict stays one (a name never loses its type); a reserved label may become a conflict later.
    if (
      series === null ||
      series === 'reserved_label_name' ||
      (series !== 'conflict' && this.stale(series))
    ) {
      series = this.store.resolve(mapped.kind, mapped.name, mapped.labels, mapped.spec, mapped.ttlMs);
      slot.series = series;
    }
    if (series === 'conflict') {
      this.eventsConflict.inc(count, type, mapped.name);
      return;
    }
    if (series === 'reserved_label_name') {
      // The exporter crashes (le on a histogram, quantile on a summary) or fails every scrape (__ labels).
      this.eventsError.inc(count, 'reserved_label_name');
      return;
    }
    const target = series.value;
    if (target.kind === 'counter') addToCounter(target, value);
    else if (target.kind === 'gauge') target.value = relative ? target.value + value : value;
    else observe(target, value, count, target.kind === 'summary' ? this.now() : 0);
    this.addPending(type, count);
  }

  /** Unit increments wait for the end of the datagram; weighted ones, which may be huge, go in at once. */
  private addPending(counter: 'mapped' | 'unmapped' | EventType, count: number): void {
    const pending = this.pending;
    const hot = this.hot;
    switch (counter) {
      case 'mapped':
        if (count === 1) pending.mapped++;
        else addToCounter((hot.mapped ??= this.eventsActions.counter('map')), count);
        return;
      case 'unmapped':
        if (count === 1) pending.unmapped++;
        else addToCounter(hot.unmapped, count);
        return;
      case 'counter':
        if (count === 1) pending.counter++;
        else addToCounter((hot.events.counter ??= this.events.counter('counter')), count);
        return;
      case 'gauge':
        if (count === 1) pending.gauge++;
        else addToCounter((hot.events.gauge ??= this.events.counter('gauge')), count);
        return;
      case 'observer':
        if (count === 1) pending.observer++;
        else addToCounter((hot.events.observer ??= this.events.counter('observer')), count);
        return;
    }
  }

  /** A series kept from an earlier event that the store has since let go (ttl), or would now. */
  private stale(series: Series): boolean {
    if (!series.live) return true;
    if (series.ttlMs === 0) return false;
    const now = this.now();
    if (series.lastUsedMs + series.ttlMs < now) return true;
    series.lastUsedMs = now;
    return false;
  }

  /** The exporter's GetMapping through its cache, asked `count` times for `count` identical events. */
  private lookup(name: string, type: EventType, count: number): CacheNode<MappingMatch | null> {
    const key = `${type}.${name}`;
    let node = this.cache.node(key);
    // The count - 1 repeats all hit the entry just used.
    if (count === 1) {
      this.pending.gets++;
      if (node !== undefined) this.pending.hits++;
    } else {
      addToCounter(this.hot.cacheGets, count);
      addToCounter(this.hot.cacheHits, node === undefined ? count - 1 : count);
    }
    if (node === undefined) {
      node = this.cache.add(key, lookupMapping(this.mapping, name, type));
      this.cacheLength.set(this.cache.length);
    }
    return node;
  }

  private sampleError(reason: SampleErrorReason): CounterSeries {
    return this.sampleErrors.counter(reason);
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
