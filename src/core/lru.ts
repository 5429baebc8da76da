// A least-recently-used map with a fixed capacity. A JavaScript Map keeps insertion order, so re-inserting
// on every hit keeps the oldest entry first and eviction is O(1) without a linked list.

export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  /** @param onEvict called with each entry dropped to stay within `capacity` (not for delete or clear). */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, marking it most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** Like get, but without touching recency (for read-only views such as a status count). */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      // The first key in iteration order is the least recently used one.
      const oldest = this.map.keys().next().value as K;
      const evicted = this.onEvict ? this.map.get(oldest) : undefined;
      this.map.delete(oldest);
      this.onEvict?.(oldest, evicted as V);
    }
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
