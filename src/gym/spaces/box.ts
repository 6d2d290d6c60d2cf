/** A (possibly unbounded) box of real or integer vectors: every entry between its lower and upper bound. */
import type { Rng } from '../../random/rng.js';
import { describeValue } from '../describe-value.js';
import { expectNumberArray, expectPositiveInteger } from './arguments.js';
import type { BoxJSON } from './json.js';
import { sameNumbers } from './same-numbers.js';
import { Space } from './space.js';

/** `float`: any real in the bounds; `int`: integers only (bounds must then be finite integers). */
export type BoxDtype = 'float' | 'int';

/** Which bounds `Box.isBounded` asks about. */
export type BoundedManner = 'both' | 'below' | 'above';

/**
 * Vectors `x` with `low[i] <= x[i] <= high[i]` (Gymnasium's `Box`). Elements are plain `number[]` of
 * length `size` (the product of `shape`, row-major); bounds may be `-Infinity` / `Infinity` for
 * `float` boxes. Sampling: uniform in bounded coordinates, shifted exponential in half-bounded ones,
 * standard normal in unbounded ones, uniform integers for `int` boxes.
 *
 * @example
 * const unit = new Box(0, 1, [2]);
 * unit.seed(1);
 * const point = unit.sample();          // two numbers in [0, 1]
 * unit.contains(point);                 // true
 * unit.contains([0.5, 2]);              // false: 2 is above the upper bound
 * const sizes = new Box([1, 8], [64, 512], undefined, 'int');
 * String(sizes);                        // 'Box([1, 8], [64, 512], (2,), int)'
 */
export class Box extends Space<number[]> {
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: BoxDtype;
  /** The number of entries (product of `shape`). */
  readonly size: number;

  constructor(low: number | readonly number[], high: number | readonly number[], shape?: readonly number[], dtype: BoxDtype = 'float') {
    super();
    if (dtype !== 'float' && dtype !== 'int') {
      throw new TypeError(`Expects \`dtype\` to be 'float' or 'int', actual: ${describeValue(dtype)}`);
    }
    this.dtype = dtype;
    this.shape = Object.freeze(resolveShape(low, high, shape));
    this.size = this.shape.reduce((product, extent) => product * extent, 1);
    this.low = Object.freeze(broadcastBound(low, this.size, 'low'));
    this.high = Object.freeze(broadcastBound(high, this.size, 'high'));
    for (let i = 0; i < this.size; i++) {
      const lowest = this.low[i] as number;
      const highest = this.high[i] as number;
      if (!(lowest <= highest)) {
        throw new RangeError(`Expects low <= high everywhere, actual at index ${i}: low=${lowest}, high=${highest}`);
      }
      if (dtype === 'int' && (!Number.isSafeInteger(lowest) || !Number.isSafeInteger(highest))) {
        throw new RangeError(
          `Expects finite integer bounds for dtype 'int', actual at index ${i}: low=${lowest}, high=${highest}`,
        );
      }
    }
  }

  sample(rng?: Rng): number[] {
    const generator = this.pickRng(rng);
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) {
      const lowest = this.low[i] as number;
      const highest = this.high[i] as number;
      if (this.dtype === 'int') {
        out[i] = generator.int(lowest, highest);
      } else if (lowest > -Infinity && highest < Infinity) {
        const u = generator.float();
        let value = lowest + (highest - lowest) * u;
        if (!Number.isFinite(value)) value = lowest * (1 - u) + highest * u;
        out[i] = Math.min(highest, Math.max(lowest, value));
      } else if (lowest > -Infinity) {
        out[i] = lowest - Math.log(1 - generator.float());
      } else if (highest < Infinity) {
        out[i] = highest + Math.log(1 - generator.float());
      } else {
        out[i] = generator.normal();
      }
    }
    return out;
  }

  contains(value: unknown): value is number[] {
    if (!Array.isArray(value) || value.length !== this.size) return false;
    const integers = this.dtype === 'int';
    for (let i = 0; i < value.length; i++) {
      const entry: unknown = value[i];
      if (typeof entry !== 'number' || !(entry >= (this.low[i] as number) && entry <= (this.high[i] as number))) {
        return false;
      }
      if (integers && !Number.isInteger(entry)) return false;
    }
    return true;
  }

  /** Whether every entry has a finite lower bound (`below`), upper bound (`above`) or both. */
  isBounded(manner: BoundedManner = 'both'): boolean {
    const below = this.low.every((bound) => bound > -Infinity);
    const above = this.high.every((bound) => bound < Infinity);
    if (manner === 'below') return below;
    if (manner === 'above') return above;
    if (manner === 'both') return below && above;
    throw new TypeError(`Expects \`manner\` to be 'both', 'below' or 'above', actual: ${describeValue(manner)}`);
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Box &&
      other.dtype === this.dtype &&
      sameNumbers(other.shape, this.shape) &&
      sameNumbers(other.low, this.low) &&
      sameNumbers(other.high, this.high)
    );
  }

  toJSON(): BoxJSON {
    const finiteOrNull = (bound: number): number | null => (Number.isFinite(bound) ? bound : null);
    return {
      type: 'Box',
      low: this.low.map(finiteOrNull),
      high: this.high.map(finiteOrNull),
      shape: this.shape.slice(),
      dtype: this.dtype,
    };
  }

  toString(): string {
    const shape = this.shape.length === 1 ? `(${this.shape[0]},)` : `(${this.shape.join(', ')})`;
    return `Box(${describeBound(this.low)}, ${describeBound(this.high)}, ${shape}, ${this.dtype})`;
  }

  get flatDim(): number {
    return this.size;
  }

  get flatIsInteger(): boolean {
    return this.dtype === 'int';
  }

  flattenInto(value: number[], out: number[], offset: number): void {
    for (let i = 0; i < this.size; i++) out[offset + i] = value[i] as number;
  }

  unflattenFrom(vector: ArrayLike<number>, offset: number): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = vector[offset + i] as number;
    return out;
  }

  appendFlatBounds(low: number[], high: number[]): void {
    for (let i = 0; i < this.size; i++) {
      low.push(this.low[i] as number);
      high.push(this.high[i] as number);
    }
  }
}

function resolveShape(low: unknown, high: unknown, shape: readonly number[] | undefined): number[] {
  if (shape !== undefined) {
    const extents = expectNumberArray(shape, 'shape');
    if (extents.length === 0) throw new RangeError('Expects `shape` to have at least one dimension, actual: []');
    extents.forEach((extent, i) => expectPositiveInteger(extent, `shape[${i}]`));
    return extents;
  }
  const arrayBound = typeof low === 'number' ? high : low;
  if (typeof arrayBound === 'number') {
    throw new TypeError('Expects `shape` when `low` and `high` are both numbers, actual: shape undefined');
  }
  return [expectNumberArray(arrayBound, typeof low === 'number' ? 'high' : 'low').length];
}

function broadcastBound(bound: unknown, size: number, name: string): number[] {
  if (typeof bound === 'number') {
    if (Number.isNaN(bound)) throw new RangeError(`Expects \`${name}\` to be a number, actual: NaN`);
    return new Array<number>(size).fill(bound);
  }
  const values = expectNumberArray(bound, name);
  if (values.length !== size) {
    throw new RangeError(`Expects \`${name}\` to have ${size} entries (the product of shape), actual: ${values.length}`);
  }
  const nanIndex = values.findIndex((value) => Number.isNaN(value));
  if (nanIndex >= 0) throw new RangeError(`Expects \`${name}\` to hold numbers, actual: NaN at index ${nanIndex}`);
  return values;
}

function describeBound(bound: readonly number[]): string {
  const first = bound[0] as number;
  return bound.every((value) => value === first) ? String(first) : `[${bound.join(', ')}]`;
}
