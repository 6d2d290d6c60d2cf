/** A map bounded by its entry count and by the bytes its values hold; the least recently used entries go first. */

export interface CacheLimits {
  /** Most entries kept (default unbounded). */
  maxEntries?: number;
  /** Most bytes kept, as the cache's size function estimates them (default unbounded). */
  maxBytes?: number;
}

interface Slot<V> {
  value: V;
  bytes: number;
}

function checkLimit(name: string, value: number): number {
  if (value === Infinity || (Number.isSafeInteger(value) && value >= 0)) return value;
  throw new RangeError(`Expects ${name} to be a non-negative integer or Infinity, actual: ${String(value)}`);
}

/**
 * Keeps values under keys within two limits. Every `get` that finds a value makes it the most
 * recently used; `set` evicts the least recently used entries until both limits hold again (a
 * value larger than `maxBytes` on its own is not kept).
 *
 * @example
 * const cache = new BoundedCache<string, string>({ maxEntries: 2, maxBytes: 1000 }, (text) => 2 * text.length);
 * cache.set('a', 'x'.repeat(100));
 * cache.set('b', 'y'.repeat(100));
 * cache.get('a');          // 'x'.repeat(100): now the most recent
 * cache.set('c', 'z');     // evicts 'b', the least recently used
 * [cache.has('a'), cache.has('b'), cache.has('c')];   // [true, false, true]
 * [cache.size, cache.bytes];   // [2, 202]
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, Slot<V>>();
  private heldBytes = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;
  /** Entries evicted so far (to fit the limits). */
  evictions = 0;

  constructor(
    limits: CacheLimits,
    private readonly sizeOf: (value: V, key: K) => number,
  ) {
    this.maxEntries = checkLimit('maxEntries', limits.maxEntries ?? Infinity);
    this.maxBytes = checkLimit('maxBytes', limits.maxBytes ?? Infinity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.heldBytes;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    const slot = this.entries.get(key);
    if (slot === undefined) return undefined;
    if (this.maxEntries !== Infinity || this.maxBytes !== Infinity) {
      // Re-inserting makes the entry the most recent (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, slot);
    }
    return slot.value;
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.heldBytes -= old.bytes;
      this.entries.delete(key);
    }
    const bytes = this.sizeOf(value, key);
    if (bytes > this.maxBytes || this.maxEntries === 0) return;
    this.entries.set(key, { value, bytes });
    this.heldBytes += bytes;
    while (this.entries.size > this.maxEntries || this.heldBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as K;
      this.heldBytes -= this.entries.get(oldest)!.bytes;
      this.entries.delete(oldest);
      this.evictions++;
    }
  }

  delete(key: K): boolean {
    const slot = this.entries.get(key);
    if (slot === undefined) return false;
    this.heldBytes -= slot.bytes;
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.heldBytes = 0;
  }
}
