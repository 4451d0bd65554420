/**
 * statsd_exporter's mapping cache (`--statsd.cache-size`, default 1000, LRU): results, hits and misses
 * alike, keyed by StatsD type and name, emptied on a reload. It changes no result; the bridge keeps one with
 * the same size and eviction so `statsd_metric_mapper_cache_*` read the same as the exporter's, and because
 * it spares repeat names the mapping work.
 */

export const DEFAULT_MAPPER_CACHE_SIZE = 1000;

export class MapperCache<T> {
  /** A Map keeps insertion order: re-inserting on a hit makes the first key the least recently used. */
  private readonly entries = new Map<string, T>();

  constructor(private readonly size: number) {}

  get length(): number {
    return this.entries.size;
  }

  /** The cached value for key, now the most recently used, or undefined. */
  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    if (this.size > 1) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  add(key: string, value: T): void {
    if (this.size <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.size) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
