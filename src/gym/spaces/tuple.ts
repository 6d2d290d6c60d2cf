/** A space of fixed-length lists: position i holds an element of the i-th subspace. */
import { createRng, type Rng } from '../../random/rng.js';
import { describeValue } from '../describe-value.js';
import { validateSeed } from '../seed.js';
import type { TupleJSON } from './json.js';
import { isSpace, Space, type AnySpace, type SpaceMask, type SpaceValue } from './space.js';

/** An element of `Tuple<S>`: one element of each subspace, in order. */
export type TupleValue<S extends readonly AnySpace[]> = { -readonly [I in keyof S]: SpaceValue<S[I]> };

/** Optional masks, position by position (`undefined` leaves a position unmasked). */
export type TupleMask<S extends readonly AnySpace[]> = { readonly [I in keyof S]?: SpaceMask<S[I]> };

/**
 * Arrays whose i-th entry is an element of `spaces[i]` (Gymnasium's `Tuple`).
 *
 * @example
 * const space = new Tuple([new Discrete(2), new Box(-1, 1, [2])]);
 * space.seed(5);
 * const [bit, point] = space.sample();   // e.g. 1 and [0.3, -0.7]
 * space.contains([bit, point]);          // true
 * space.contains([bit]);                 // false: too short
 * String(space);                         // 'Tuple(Discrete(2), Box(-1, 1, (2,), float))'
 */
export class Tuple<const S extends readonly AnySpace[]> extends Space<TupleValue<S>, TupleMask<S>> {
  /** The subspaces, in order. */
  readonly spaces: S;
  private readonly flatSize: number;

  constructor(spaces: S) {
    super();
    if (!Array.isArray(spaces)) {
      throw new TypeError(`Expects \`spaces\` to be an array of spaces, actual: ${describeValue(spaces)}`);
    }
    spaces.forEach((subspace: unknown, i) => {
      if (!isSpace(subspace)) throw new TypeError(`Expects \`spaces[${i}]\` to be a Space, actual: ${describeValue(subspace)}`);
    });
    this.spaces = Object.freeze(spaces.slice()) as unknown as S;
    this.flatSize = spaces.reduce((sum, subspace) => sum + subspace.flatDim, 0);
  }

  /** Seeds every subspace with a seed derived from `seed`, in order. */
  override seed(seed: number): void {
    validateSeed(seed);
    const seeds = createRng(seed);
    for (const subspace of this.spaces) subspace.seed(seeds.seed());
  }

  sample(rng?: Rng, mask?: TupleMask<S>): TupleValue<S> {
    const masks = mask as readonly unknown[] | undefined;
    if (masks !== undefined && (!Array.isArray(masks) || masks.length !== this.spaces.length)) {
      const actual = Array.isArray(masks) ? `length ${masks.length}` : describeValue(masks);
      throw new RangeError(`Expects the sample mask to be an array of ${this.spaces.length} masks, actual: ${actual}`);
    }
    const out = new Array<unknown>(this.spaces.length);
    for (let i = 0; i < this.spaces.length; i++) out[i] = (this.spaces[i] as AnySpace).sample(rng, masks?.[i]);
    return out as TupleValue<S>;
  }

  contains(value: unknown): value is TupleValue<S> {
    if (!Array.isArray(value) || value.length !== this.spaces.length) return false;
    for (let i = 0; i < value.length; i++) {
      if (!(this.spaces[i] as AnySpace).contains(value[i])) return false;
    }
    return true;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Tuple &&
      other.spaces.length === this.spaces.length &&
      this.spaces.every((subspace, i) => subspace.equals(other.spaces[i]))
    );
  }

  toJSON(): TupleJSON {
    return { type: 'Tuple', spaces: this.spaces.map((subspace) => subspace.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map((subspace) => String(subspace)).join(', ')})`;
  }

  get flatDim(): number {
    return this.flatSize;
  }

  get flatIsInteger(): boolean {
    return this.spaces.every((subspace) => subspace.flatIsInteger);
  }

  flattenInto(value: TupleValue<S>, out: number[], offset: number): void {
    const items = value as readonly unknown[];
    let position = offset;
    for (let i = 0; i < this.spaces.length; i++) {
      const subspace = this.spaces[i] as AnySpace;
      subspace.flattenInto(items[i], out, position);
      position += subspace.flatDim;
    }
  }

  unflattenFrom(vector: ArrayLike<number>, offset: number): TupleValue<S> {
    const out = new Array<unknown>(this.spaces.length);
    let position = offset;
    for (let i = 0; i < this.spaces.length; i++) {
      const subspace = this.spaces[i] as AnySpace;
      out[i] = subspace.unflattenFrom(vector, position);
      position += subspace.flatDim;
    }
    return out as TupleValue<S>;
  }

  appendFlatBounds(low: number[], high: number[]): void {
    for (const subspace of this.spaces) subspace.appendFlatBounds(low, high);
  }
}
