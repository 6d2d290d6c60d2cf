/** A space of integer vectors whose i-th entry is one of `nvec[i]` choices, e.g. one choice per design knob. */
import type { Rng } from '../../random/rng.js';
import { countMaskedChoices, expectInteger, expectNumberArray, expectPositiveInteger, nthAllowedChoice } from './arguments.js';
import type { MultiDiscreteJSON } from './json.js';
import { sameNumbers } from './same-numbers.js';
import { Space } from './space.js';
import type { DiscreteMask } from './discrete.js';

/** One mask per dimension (as for `Discrete`); `undefined` leaves that dimension unmasked. */
export type MultiDiscreteMask = readonly (DiscreteMask | undefined)[];

/**
 * Integer vectors `x` with `start[i] <= x[i] < start[i] + nvec[i]` (Gymnasium's `MultiDiscrete`,
 * one-dimensional). Elements are plain `number[]`; flattening concatenates one one-hot vector per entry.
 *
 * @example
 * const space = new MultiDiscrete([3, 2]);
 * space.seed(7);
 * const design = space.sample();               // e.g. [2, 0]
 * space.contains(design);                      // true
 * space.contains([3, 0]);                      // false: 3 is out of range for the first entry
 * space.sample(undefined, [[1, 0, 0], undefined]); // [0, 0] or [0, 1]
 */
export class MultiDiscrete extends Space<number[], MultiDiscreteMask> {
  /** The number of choices of each entry. */
  readonly nvec: readonly number[];
  /** The smallest value of each entry. */
  readonly start: readonly number[];
  private readonly flatSize: number;

  constructor(nvec: readonly number[], start?: readonly number[]) {
    super();
    const counts = expectNumberArray(nvec, 'nvec');
    if (counts.length === 0) throw new RangeError('Expects `nvec` to have at least one entry, actual: []');
    counts.forEach((count, i) => expectPositiveInteger(count, `nvec[${i}]`));
    const starts = start === undefined ? counts.map(() => 0) : expectNumberArray(start, 'start');
    if (starts.length !== counts.length) {
      throw new RangeError(`Expects \`start\` to have the length of \`nvec\` (${counts.length}), actual length: ${starts.length}`);
    }
    starts.forEach((first, i) => expectInteger(first, `start[${i}]`));
    this.nvec = Object.freeze(counts);
    this.start = Object.freeze(starts);
    this.flatSize = counts.reduce((sum, count) => sum + count, 0);
  }

  sample(rng?: Rng, mask?: MultiDiscreteMask): number[] {
    const generator = this.pickRng(rng);
    const size = this.nvec.length;
    if (mask !== undefined && (!Array.isArray(mask) || mask.length !== size)) {
      const actual = Array.isArray(mask) ? `length ${mask.length}` : typeof mask;
      throw new RangeError(`Expects the sample mask to be an array of ${size} per-dimension masks, actual: ${actual}`);
    }
    const out = new Array<number>(size);
    for (let i = 0; i < size; i++) {
      const count = this.nvec[i] as number;
      const first = this.start[i] as number;
      const dimensionMask = mask?.[i];
      if (dimensionMask === undefined) {
        out[i] = generator.int(first, first + count - 1);
      } else {
        const allowed = countMaskedChoices(dimensionMask, count, `the sample mask of dimension ${i}`);
        out[i] = allowed === 0 ? first : first + nthAllowedChoice(dimensionMask, generator.int(0, allowed - 1));
      }
    }
    return out;
  }

  contains(value: unknown): value is number[] {
    if (!Array.isArray(value) || value.length !== this.nvec.length) return false;
    for (let i = 0; i < value.length; i++) {
      const entry: unknown = value[i];
      const first = this.start[i] as number;
      if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < first || entry >= first + (this.nvec[i] as number)) {
        return false;
      }
    }
    return true;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof MultiDiscrete &&
      sameNumbers(other.nvec, this.nvec) &&
      sameNumbers(other.start, this.start)
    );
  }

  toJSON(): MultiDiscreteJSON {
    return { type: 'MultiDiscrete', nvec: this.nvec.slice(), start: this.start.slice() };
  }

  toString(): string {
    const counts = `MultiDiscrete([${this.nvec.join(', ')}]`;
    return this.start.every((first) => first === 0) ? `${counts})` : `${counts}, start=[${this.start.join(', ')}])`;
  }

  get flatDim(): number {
    return this.flatSize;
  }

  get flatIsInteger(): boolean {
    return true;
  }

  flattenInto(value: number[], out: number[], offset: number): void {
    let position = offset;
    for (let i = 0; i < this.nvec.length; i++) {
      const count = this.nvec[i] as number;
      for (let j = 0; j < count; j++) out[position + j] = 0;
      out[position + (value[i] as number) - (this.start[i] as number)] = 1;
      position += count;
    }
  }

  unflattenFrom(vector: ArrayLike<number>, offset: number): number[] {
    const out = new Array<number>(this.nvec.length);
    let position = offset;
    for (let i = 0; i < this.nvec.length; i++) {
      const count = this.nvec[i] as number;
      let hot = -1;
      for (let j = 0; j < count; j++) {
        if (vector[position + j] !== 0) {
          hot = j;
          break;
        }
      }
      if (hot < 0) {
        throw new RangeError(
          `Expects a one-hot block of length ${count} for entry ${i} of ${this.toString()} at offset ${position}, actual: all zeros`,
        );
      }
      out[i] = (this.start[i] as number) + hot;
      position += count;
    }
    return out;
  }

  appendFlatBounds(low: number[], high: number[]): void {
    for (let i = 0; i < this.flatSize; i++) {
      low.push(0);
      high.push(1);
    }
  }
}
