/** A space consisting of finitely many integers: `{start, start + 1, ..., start + n - 1}`. */
import type { Rng } from '../../random/rng.js';
import { countMaskedChoices, expectInteger, expectPositiveInteger, nthAllowedChoice } from './arguments.js';
import type { DiscreteJSON } from './json.js';
import { Space } from './space.js';

/** Which of the `n` choices `sample` may return: 1 (or true) allowed, 0 (or false) excluded. */
export type DiscreteMask = ArrayLike<number | boolean>;

/**
 * The integers `start, ..., start + n - 1` (Gymnasium's `Discrete`). Flattens to a one-hot vector of length `n`.
 *
 * @example
 * const space = new Discrete(3);
 * space.seed(42);
 * const choice = space.sample();            // 0, 1 or 2
 * space.contains(choice);                   // true
 * space.contains(3);                        // false
 * space.sample(undefined, [0, 1, 0]);       // 1: the mask allows only choice 1
 * String(new Discrete(4, 1));               // 'Discrete(4, start=1)'
 */
export class Discrete extends Space<number, DiscreteMask> {
  /** The number of choices. */
  readonly n: number;
  /** The smallest choice. */
  readonly start: number;

  constructor(n: number, start = 0) {
    super();
    expectPositiveInteger(n, 'n');
    expectInteger(start, 'start');
    this.n = n;
    this.start = start;
  }

  /**
   * A uniformly random choice; with a mask, a uniformly random allowed choice (or `start` when the
   * mask allows none, as in Gymnasium).
   */
  sample(rng?: Rng, mask?: DiscreteMask): number {
    const generator = this.pickRng(rng);
    if (mask === undefined) return generator.int(this.start, this.start + this.n - 1);
    const allowed = countMaskedChoices(mask, this.n, 'the sample mask');
    if (allowed === 0) return this.start;
    return this.start + nthAllowedChoice(mask, generator.int(0, allowed - 1));
  }

  contains(value: unknown): value is number {
    return (
      typeof value === 'number' && Number.isInteger(value) && value >= this.start && value < this.start + this.n
    );
  }

  equals(other: unknown): boolean {
    return other instanceof Discrete && other.n === this.n && other.start === this.start;
  }

  toJSON(): DiscreteJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }

  get flatDim(): number {
    return this.n;
  }

  get flatIsInteger(): boolean {
    return true;
  }

  flattenInto(value: number, out: number[], offset: number): void {
    for (let i = 0; i < this.n; i++) out[offset + i] = 0;
    out[offset + value - this.start] = 1;
  }

  unflattenFrom(vector: ArrayLike<number>, offset: number): number {
    for (let i = 0; i < this.n; i++) {
      if (vector[offset + i] !== 0) return this.start + i;
    }
    throw new RangeError(
      `Expects a one-hot vector of length ${this.n} for ${this.toString()} at offset ${offset}, actual: all zeros`,
    );
  }

  appendFlatBounds(low: number[], high: number[]): void {
    for (let i = 0; i < this.n; i++) {
      low.push(0);
      high.push(1);
    }
  }
}
