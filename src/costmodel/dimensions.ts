/** Dimension indices and dimension tables: sizes and outer strides of a layer or a cluster level. */
import { DIMENSION_NAMES, type DimensionName } from '../maestro/types.js';

/** Dimensions as small integers, so tables are flat arrays. Order matches DIMENSION_NAMES. */
export const enum Dim {
  K = 0,
  C = 1,
  R = 2,
  S = 3,
  Y = 4,
  X = 5,
  YOut = 6,
  XOut = 7,
  N = 8,
  G = 9,
  M = 10,
}

export const DIM_COUNT = 11;

export function dimIndex(name: DimensionName): Dim {
  return DIMENSION_NAMES.indexOf(name) as Dim;
}

export function dimName(dim: Dim): DimensionName {
  return DIMENSION_NAMES[dim] as DimensionName;
}

/** MAESTRO's `std::map<string,int>` of dimensions: absent entries read as 0. */
export class DimTable {
  readonly size: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  readonly stride: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  readonly present: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  /** For a layer's own table: bit d set when the layer file wrote dimension d (the others are derived). */
  writtenMask = 0;

  has(dim: Dim): boolean {
    return this.present[dim] === 1;
  }

  get(dim: Dim): number {
    return this.size[dim]!;
  }

  /** Empties the table (for reuse). */
  clear(): void {
    const size = this.size;
    const stride = this.stride;
    const present = this.present;
    for (let dim = 0; dim < DIM_COUNT; dim++) {
      size[dim] = 0;
      stride[dim] = 0;
      present[dim] = 0;
    }
    this.writtenMask = 0;
  }

  set(dim: Dim, size: number, stride: number): void {
    this.size[dim] = size;
    this.stride[dim] = stride;
    this.present[dim] = 1;
  }
}

/** A zero-filled table indexed by Dim. */
export function dimArray(): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}

/** C++ integer division, truncating toward zero. */
export function tdiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** C++ `%` on integers (sign of the dividend). */
export function tmod(a: number, b: number): number {
  return a - b * Math.trunc(a / b);
}

/** MAESTRO's ceiling division: `a/b + (a%b != 0)`, with C++ truncation. */
export function ceilDiv(a: number, b: number): number {
  const quotient = Math.trunc(a / b);
  return a - b * quotient !== 0 ? quotient + 1 : quotient;
}
