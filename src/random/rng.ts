/**
 * Seeded random numbers for the whole package (xoroshiro128+ from pure-rand).
 *
 * Every random choice takes an `Rng` explicitly; there is no global generator.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * A seeded generator; make one with `createRng(seed)`.
 *
 * @example
 * const rng = createRng(42);
 * const draws = [rng.int(0, 5), rng.int(0, 5), rng.float()];
 * draws[0] >= 0 && draws[0] <= 5 && draws[2] < 1;   // true
 * const again = createRng(42);
 * [again.int(0, 5), again.int(0, 5), again.float()].every((value, i) => value === draws[i]);   // true: the same seed repeats
 * const child = rng.fork();   // an independent stream, derived deterministically
 */
export class Rng {
  private readonly generator: JumpableRandomGenerator;

  constructor(generator: JumpableRandomGenerator) {
    this.generator = generator;
  }

  /** An integer uniform in [low, high], both included. */
  int(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high < low) {
      throw new RangeError(`Rng.int expects integers low <= high, got low=${low}, high=${high}`);
    }
    return uniformInt(this.generator, low, high);
  }

  /** A float uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** A float uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.float();
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.choice expects a non-empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** A 32-bit integer seed drawn from this stream (to seed another component). */
  seed(): number {
    return this.int(0, 0x7fffffff);
  }

  /**
   * An independent generator: the child takes the stream from here on and this generator jumps
   * 2^64 draws ahead, so successive forks never overlap.
   */
  fork(): Rng {
    const child = this.generator.clone();
    this.generator.jump();
    return new Rng(child);
  }

  /** A copy that will produce the same sequence as this one from here on. */
  clone(): Rng {
    return new Rng(this.generator.clone());
  }

  /** The generator's internal state (for checkpoints). */
  getState(): readonly number[] {
    return this.generator.getState();
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }
}

/** A generator seeded with a 32-bit integer. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new TypeError(`createRng expects an integer seed, got ${String(seed)}`);
  return new Rng(xoroshiro128plus(seed | 0));
}
