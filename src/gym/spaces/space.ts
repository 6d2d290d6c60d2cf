/** The abstract space: a set of values that can be sampled, tested, compared, flattened and serialised. */
import { createRng, type Rng } from '../../random/rng.js';
import { entropySeed } from '../entropy.js';
import { validateSeed } from '../seed.js';
import type { SpaceJSON } from './json.js';

/**
 * A set of values of type `T` (Gymnasium's `Space`). `Mask` is what `sample` accepts to exclude
 * values (`never` when the space takes no mask).
 *
 * Randomness: `sample(rng)` draws from the given generator; without one it draws from the space's
 * own generator, which `seed(s)` resets and which is seeded from OS entropy if nobody seeded it.
 *
 * Flattening: every space maps its values to `flatDim` numbers (one-hot for discrete choices),
 * the vectors agents feed to models; see `flatten`, `unflatten` and `flattenSpace`.
 *
 * @example
 * const spaces = [new Discrete(3), new Box(0, 1, [2]), new MultiDiscrete([2, 2])];
 * spaces.every((space) => space instanceof Space);   // true
 * spaces.map((space) => space.flatDim);               // [3, 2, 4]
 * spaces.map((space) => space.contains(space.sample(createRng(0))));   // [true, true, true]
 */
export abstract class Space<T, Mask = never> {
  private ownRng: Rng | undefined = undefined;

  /** Reseeds the space's own generator, so that `sample()` without a generator repeats. */
  seed(seed: number): void {
    validateSeed(seed);
    this.ownRng = createRng(seed);
  }

  /** The generator `sample` uses: `rng` when given, else the space's own. */
  protected pickRng(rng: Rng | undefined): Rng {
    if (rng !== undefined) return rng;
    if (this.ownRng === undefined) this.ownRng = createRng(entropySeed());
    return this.ownRng;
  }

  /** A random element, drawn from `rng` (or the space's own generator), avoiding what `mask` excludes. */
  abstract sample(rng?: Rng, mask?: Mask): T;

  /** Whether `value` is an element of this space (right type, shape and range). */
  abstract contains(value: unknown): value is T;

  /** Whether `other` is a space with the same type and parameters. */
  abstract equals(other: unknown): boolean;

  /** A JSON description that `spaceFromJSON` turns back into an equal space. */
  abstract toJSON(): SpaceJSON;

  /** A readable description, e.g. `Discrete(3)` or `Box(0, 1, (2,), float)`. */
  abstract toString(): string;

  /** The length of a flattened element. */
  abstract readonly flatDim: number;

  /** Whether every flattened element holds integers only. */
  abstract readonly flatIsInteger: boolean;

  /** Writes the flattened `value` into `out` from `offset` on; `value` is not checked (hot path). */
  abstract flattenInto(value: T, out: number[], offset: number): void;

  /** Reads an element back from `vector` at `offset` (the inverse of `flattenInto`). */
  abstract unflattenFrom(vector: ArrayLike<number>, offset: number): T;

  /** Appends the bounds of every flattened coordinate to `low` and `high`. */
  abstract appendFlatBounds(low: number[], high: number[]): void;
}

/** Any space, whatever its element and mask types. */
export type AnySpace = Space<unknown, unknown>;

/** The element type of a space type. */
export type SpaceValue<S> = S extends Space<infer T, infer _Mask> ? T : never;

/** The mask type of a space type. */
export type SpaceMask<S> = S extends Space<infer _T, infer Mask> ? Mask : never;

/** Whether `value` is a space of this package (duck-typed, so it works across copies of the module). */
export function isSpace(value: unknown): value is AnySpace {
  if (value instanceof Space) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof AnySpace, unknown>>;
  return (
    typeof candidate.sample === 'function' &&
    typeof candidate.contains === 'function' &&
    typeof candidate.toJSON === 'function' &&
    typeof candidate.flatDim === 'number'
  );
}
