/**
 * statsd_exporter's mapping cache (`--statsd.cache-size`, default 1000, LRU): results, hits and misses
 * alike, keyed by StatsD type and name, emptied on a reload. It changes no result; the bridge keeps one with
 * the same size and eviction so `statsd_metric_mapper_cache_*` read the same as the exporter's, and because
 * it spares repeat names the mapping work. Entries are list nodes a caller may hold on to: touching a held
 * node is the same as a hit on its key, without hashing the key again.
 */

export const DEFAULT_MAPPER_CACHE_SIZE = 1000;

export interface CacheNode<T> {
  readonly key: string;
  readonly value: T;
  /** False once evicted or cleared: the key must be looked up again. */
  live: boolean;
  prev: CacheNode<T> | null;
  next: CacheNode<T> | null;
}

export class MapperCache<T> {
  private readonly entries = new Map<string, CacheNode<T>>();
  /** Most recently used first. */
  private head: CacheNode<T> | null = null;
  private tail: CacheNode<T> | null = null;

  constructor(private readonly size: number) {}

  get length(): number {
    return this.entries.size;
  }

  /** The cached value for key, now the most recently used, or undefined. */
  get(key: string): T | undefined {
    return this.node(key)?.value;
  }

  /** The live node for key, now the most recently used, or undefined. */
  node(key: string): CacheNode<T> | undefined {
    const node = this.entries.get(key);
    if (node !== undefined) this.touch(node);
    return node;
  }

  /** A hit on a node already held (it must be live). */
  touch(node: CacheNode<T>): void {
    if (node === this.head) return;
    this.unlink(node);
    this.pushFront(node);
  }

  add(key: string, value: T): CacheNode<T> {
    const old = this.entries.get(key);
    if (old !== undefined) this.drop(old);
    const node: CacheNode<T> = { key, value, live: true, prev: null, next: null };
    if (this.size <= 0) {
      node.live = false;
      return node;
    }
    this.entries.set(key, node);
    this.pushFront(node);
    if (this.entries.size > this.size && this.tail !== null) this.drop(this.tail);
    return node;
  }

  clear(): void {
    for (const node of this.entries.values()) node.live = false;
    this.entries.clear();
    this.head = null;
    this.tail = null;
  }

  private drop(node: CacheNode<T>): void {
    node.live = false;
    this.entries.delete(node.key);
    this.unlink(node);
  }

  private unlink(node: CacheNode<T>): void {
    if (node.prev !== null) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next !== null) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
  }

  private pushFront(node: CacheNode<T>): void {
    node.next = this.head;
    if (this.head !== null) this.head.prev = node;
    this.head = node;
    if (this.tail === null) this.tail = node;
  }
}
