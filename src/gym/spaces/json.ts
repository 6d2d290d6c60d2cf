/** The JSON shapes of spaces: what `space.toJSON()` returns and `spaceFromJSON` reads back. */

export interface DiscreteJSON {
  readonly type: 'Discrete';
  readonly n: number;
  readonly start: number;
}

export interface MultiDiscreteJSON {
  readonly type: 'MultiDiscrete';
  readonly nvec: readonly number[];
  readonly start: readonly number[];
}

/** Infinite bounds are written as `null` (what `JSON.stringify` makes of `Infinity`). */
export interface BoxJSON {
  readonly type: 'Box';
  readonly low: readonly (number | null)[];
  readonly high: readonly (number | null)[];
  readonly shape: readonly number[];
  readonly dtype: 'float' | 'int';
}

export interface DictJSON {
  readonly type: 'Dict';
  readonly spaces: { readonly [key: string]: SpaceJSON };
}

export interface TupleJSON {
  readonly type: 'Tuple';
  readonly spaces: readonly SpaceJSON[];
}

export type SpaceJSON = DiscreteJSON | MultiDiscreteJSON | BoxJSON | DictJSON | TupleJSON;
