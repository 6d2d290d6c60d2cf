/** Capability: an evaluation cache with hit and miss counts (for expensive, pure evaluations such as a cost model). */
import { approximateBytes } from '../../common/approximate-bytes.js';
import { BoundedCache } from '../../common/bounded-cache.js';
import { MEMO_SLOT } from './hooks.js';

/** How the cache has served so far. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries held now. */
  readonly size: number;
}

interface MemoState {
  readonly entries: BoundedCache<string | number, unknown>;
  hits: number;
  misses: number;
}

/**
 * Mix into an `Env` to get `memoize(key, compute)`: the first call for a key computes and stores,
 * later calls return the stored value. Keys must determine the value (e.g. layer shape, dataflow
 * and hardware). The cache survives resets. Override `cacheCapacity` (entries) and `cacheBytes`
 * (memory, as `cacheEntryBytes` estimates each entry) to bound it: the least recently used entries
 * are evicted. No constructor logic.
 *
 * @example
 * class Squares extends Mixin(Env, Memoized) {
 *   observationSpace = new Discrete(100);
 *   actionSpace = new Discrete(10);
 *   onReset() { return { observation: 0, info: {} }; }
 *   onStep(n) {
 *     const square = this.memoize(n, () => n * n);
 *     return { observation: square, reward: 0, terminated: false, truncated: false, info: {} };
 *   }
 * }
 * const env = new Squares();
 * env.reset();
 * env.step(3);
 * env.step(3);
 * env.cacheStats;   // { hits: 1, misses: 1, size: 1 }
 */
export class Memoized {
  declare private [MEMO_SLOT]: MemoState | undefined;

  /** The most entries the cache keeps (default: unbounded). */
  get cacheCapacity(): number {
    return Infinity;
  }

  /** The most bytes the cache keeps, as `cacheEntryBytes` estimates them (default: unbounded). */
  get cacheBytes(): number {
    return Infinity;
  }

  /** The bytes an entry holds (default: an estimate of the value's plain-data size, plus its key). */
  cacheEntryBytes(value: unknown, key: string | number): number {
    return approximateBytes(value) + approximateBytes(key) + 64;
  }

  /** The cached value for `key`, computing and storing it on a miss (a throwing `compute` stores nothing). */
  memoize<V>(key: string | number, compute: () => V): V {
    const state = this.memoState();
    const entries = state.entries;
    if (entries.has(key)) {
      state.hits++;
      return entries.get(key) as V;
    }
    state.misses++;
    const value = compute();
    entries.set(key, value);
    return value;
  }

  /** The estimated bytes the cache holds now. */
  get cacheBytesHeld(): number {
    return this[MEMO_SLOT]?.entries.bytes ?? 0;
  }

  get cacheStats(): CacheStats {
    const state = this[MEMO_SLOT];
    return state === undefined
      ? { hits: 0, misses: 0, size: 0 }
      : { hits: state.hits, misses: state.misses, size: state.entries.size };
  }

  /** Drops every entry and zeroes the counts. */
  clearCache(): void {
    this[MEMO_SLOT] = undefined;
  }

  private memoState(): MemoState {
    let state = this[MEMO_SLOT];
    if (state === undefined) {
      const bounded = this.cacheBytes !== Infinity;
      const sizeOf = bounded ? (value: unknown, key: string | number): number => this.cacheEntryBytes(value, key) : (): number => 0;
      state = { entries: new BoundedCache({ maxEntries: this.cacheCapacity, maxBytes: this.cacheBytes }, sizeOf), hits: 0, misses: 0 };
      this[MEMO_SLOT] = state;
    }
    return state;
  }
}
