// A least-recently-used map with a fixed capacity, and optionally a budget of weight (bytes, say) over all
// its entries. A JavaScript Map keeps insertion order, so re-inserting on every hit keeps the oldest entry
// first and eviction is O(1) without a linked list.

export interface LruWeights<K, V> {
  /** The entries' total weight at most; an entry heavier than that on its own is not kept. */
  maxWeight: number;
  weigh: (key: K, value: V) => number;
}

export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  private readonly weights = new Map<K, number>();
  private totalWeight = 0;

  /**
   * @param onEvict called with each entry dropped to stay within `capacity` or the weight budget (not for
   *   delete or clear)
   */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
    private readonly budget?: LruWeights<K, V>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The entries' total weight (0 without a weight budget). */
  get weight(): number {
    return this.totalWeight;
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

  /** Every entry, least recently used first, without touching recency. */
  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  set(key: K, value: V): void {
    this.delete(key);
    if (this.budget) {
      const w = this.budget.weigh(key, value);
      if (w > this.budget.maxWeight) return;
      this.weights.set(key, w);
      this.totalWeight += w;
    }
    this.map.set(key, value);
    while (this.map.size > this.capacity || (this.budget && this.totalWeight > this.budget.maxWeight)) {
      // The first key in iteration order is the least recently used one.
      const oldest = this.map.keys().next().value as K;
      const evicted = this.map.get(oldest) as V;
      this.delete(oldest);
      this.onEvict?.(oldest, evicted);
    }
  }

  delete(key: K): boolean {
    const w = this.weights.get(key);
    if (w !== undefined) {
      this.totalWeight -= w;
      this.weights.delete(key);
    }
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.weights.clear();
    this.totalWeight = 0;
  }
}
