/** A space of records: each key holds an element of its own subspace. */
import { createRng, type Rng } from '../../random/rng.js';
import { describeValue } from '../describe-value.js';
import { validateSeed } from '../seed.js';
import type { DictJSON, SpaceJSON } from './json.js';
import { isSpace, Space, type AnySpace, type SpaceMask, type SpaceValue } from './space.js';

/** The subspaces of a `Dict`, by key. */
export type SpaceRecord = { readonly [key: string]: AnySpace };

/** An element of `Dict<S>`: one element of each subspace. */
export type DictValue<S extends SpaceRecord> = { [K in keyof S]: SpaceValue<S[K]> };

/** Optional masks for some of the subspaces. */
export type DictMask<S extends SpaceRecord> = { readonly [K in keyof S]?: SpaceMask<S[K]> };

/**
 * Records whose key `k` holds an element of `spaces[k]` (Gymnasium's `Dict`). Keys are sorted, as in
 * Gymnasium, so flattening and seeding follow the same order whatever order the keys were written in.
 *
 * @example
 * const space = new Dict({ pes: new Discrete(4), bandwidth: new Box(1, 64, [1]) });
 * space.seed(3);
 * const design = space.sample();                          // { bandwidth: [..], pes: 0..3 }
 * space.contains(design);                                 // true
 * space.contains({ pes: 1 });                             // false: `bandwidth` is missing
 * space.sample(undefined, { pes: [0, 0, 1, 0] }).pes;     // 2
 */
export class Dict<S extends SpaceRecord> extends Space<DictValue<S>, DictMask<S>> {
  /** The subspaces, keys sorted. */
  readonly spaces: Readonly<S>;
  /** The sorted keys. */
  readonly keys: readonly (keyof S & string)[];
  private readonly subspaces: readonly AnySpace[];
  private readonly flatSize: number;

  constructor(spaces: S) {
    super();
    if (typeof spaces !== 'object' || spaces === null || Array.isArray(spaces)) {
      throw new TypeError(`Expects \`spaces\` to be an object of spaces, actual: ${describeValue(spaces)}`);
    }
    const keys = Object.keys(spaces).sort() as (keyof S & string)[];
    const sorted: Record<string, AnySpace> = {};
    for (const key of keys) {
      const subspace: unknown = spaces[key];
      if (!isSpace(subspace)) {
        throw new TypeError(`Expects \`spaces.${key}\` to be a Space, actual: ${describeValue(subspace)}`);
      }
      sorted[key] = subspace;
    }
    this.keys = Object.freeze(keys);
    this.spaces = Object.freeze(sorted) as Readonly<S>;
    this.subspaces = Object.freeze(keys.map((key) => sorted[key] as AnySpace));
    this.flatSize = this.subspaces.reduce((sum, subspace) => sum + subspace.flatDim, 0);
  }

  /** Seeds every subspace with a seed derived from `seed`, in key order. */
  override seed(seed: number): void {
    validateSeed(seed);
    const seeds = createRng(seed);
    for (const subspace of this.subspaces) subspace.seed(seeds.seed());
  }

  sample(rng?: Rng, mask?: DictMask<S>): DictValue<S> {
    if (mask !== undefined) this.checkMask(mask);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      const subspace = this.subspaces[i] as AnySpace;
      out[key] = subspace.sample(rng, mask?.[key]);
    }
    return out as DictValue<S>;
  }

  contains(value: unknown): value is DictValue<S> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    let keyCount = 0;
    for (const key in record) {
      if (Object.prototype.hasOwnProperty.call(record, key)) keyCount++;
    }
    if (keyCount !== this.keys.length) return false;
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      if (!Object.prototype.hasOwnProperty.call(record, key)) return false;
      if (!(this.subspaces[i] as AnySpace).contains(record[key])) return false;
    }
    return true;
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Dict) || other.keys.length !== this.keys.length) return false;
    const otherSpaces = other.spaces as SpaceRecord;
    return this.keys.every((key, i) => otherSpaces[key]?.equals(this.subspaces[i]) === true);
  }

  toJSON(): DictJSON {
    const spaces: Record<string, SpaceJSON> = {};
    for (let i = 0; i < this.keys.length; i++) spaces[this.keys[i] as string] = (this.subspaces[i] as AnySpace).toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((key, i) => `'${key}': ${String(this.subspaces[i])}`).join(', ')})`;
  }

  get flatDim(): number {
    return this.flatSize;
  }

  get flatIsInteger(): boolean {
    return this.subspaces.every((subspace) => subspace.flatIsInteger);
  }

  flattenInto(value: DictValue<S>, out: number[], offset: number): void {
    const record = value as Record<string, unknown>;
    let position = offset;
    for (let i = 0; i < this.keys.length; i++) {
      const subspace = this.subspaces[i] as AnySpace;
      subspace.flattenInto(record[this.keys[i] as string], out, position);
      position += subspace.flatDim;
    }
  }

  unflattenFrom(vector: ArrayLike<number>, offset: number): DictValue<S> {
    const out: Record<string, unknown> = {};
    let position = offset;
    for (let i = 0; i < this.keys.length; i++) {
      const subspace = this.subspaces[i] as AnySpace;
      out[this.keys[i] as string] = subspace.unflattenFrom(vector, position);
      position += subspace.flatDim;
    }
    return out as DictValue<S>;
  }

  appendFlatBounds(low: number[], high: number[]): void {
    for (const subspace of this.subspaces) subspace.appendFlatBounds(low, high);
  }

  private checkMask(mask: unknown): void {
    if (typeof mask !== 'object' || mask === null || Array.isArray(mask)) {
      throw new TypeError(`Expects the sample mask to be an object keyed like the Dict, actual: ${describeValue(mask)}`);
    }
    for (const key of Object.keys(mask)) {
      if (!Object.prototype.hasOwnProperty.call(this.spaces, key)) {
        throw new RangeError(`The sample mask has key '${key}' which the Dict does not have (keys: ${this.keys.join(', ')})`);
      }
    }
  }
}
