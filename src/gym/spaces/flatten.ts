/** Flattening: every space element as a number vector of length `flatDim`, and back (what agents feed models). */
import { describeValue } from '../describe-value.js';
import { Box } from './box.js';
import { isSpace, type AnySpace, type Space } from './space.js';

function expectSpace(space: unknown): asserts space is AnySpace {
  if (!isSpace(space)) throw new TypeError(`Expects a Space, actual: ${describeValue(space)}`);
}

/** The length of a flattened element of `space` (one-hot for `Discrete` and `MultiDiscrete`, as in Gymnasium). */
export function flatDim(space: AnySpace): number {
  expectSpace(space);
  return space.flatDim;
}

/**
 * `value` as a number vector; writes into `out` when given (no allocation) and returns it.
 * Throws when `value` is not an element of `space`.
 */
export function flatten<T>(space: Space<T, unknown>, value: T, out?: number[]): number[] {
  expectSpace(space);
  if (!space.contains(value)) {
    throw new RangeError(`Expects a value inside ${String(space)} to flatten, actual: ${describeValue(value)}`);
  }
  const vector = out ?? new Array<number>(space.flatDim);
  space.flattenInto(value, vector, 0);
  return vector;
}

/** The element of `space` whose flattened form is `vector` (the inverse of `flatten`). */
export function unflatten<T>(space: Space<T, unknown>, vector: ArrayLike<number>): T {
  expectSpace(space);
  const length = (vector as ArrayLike<number> | undefined)?.length;
  if (typeof length !== 'number' || length !== space.flatDim) {
    throw new RangeError(
      `Expects a vector of length ${space.flatDim} (flatDim of ${String(space)}), actual: ${describeValue(vector)}`,
    );
  }
  return space.unflattenFrom(vector, 0);
}

/** The `Box` that holds the flattened elements of `space` (integer-typed when every coordinate is). */
export function flattenSpace(space: AnySpace): Box {
  expectSpace(space);
  if (space instanceof Box) return new Box(space.low, space.high, [space.size], space.dtype);
  const low: number[] = [];
  const high: number[] = [];
  space.appendFlatBounds(low, high);
  if (low.length === 0) throw new RangeError(`Cannot flatten ${String(space)}: it has no coordinates`);
  return new Box(low, high, [low.length], space.flatIsInteger ? 'int' : 'float');
}
