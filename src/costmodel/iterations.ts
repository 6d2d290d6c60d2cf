/**
 * Iteration states and cases of a cluster level (spec §3.8). Each directive has an Init state and
 * possibly Steady (repeated) and Edge (partial last tile) states; a case picks one state per
 * directive and occurs as often as the product of the states' counts.
 */
import type { ClusterLevel } from './clusters.js';
import { tdiv } from './dimensions.js';

export const enum Position {
  Init = 0,
  Steady = 1,
  Edge = 2,
}

/** A packed array of zeros (`new Array(n).fill(0)` is holey, and `fill` is a call into the runtime). */
export function zeros(n: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < n; i++) array.push(0);
  return array;
}

/** The possible states of every directive of one level for one dimension table (flat, 3 per directive). */
export class IterationStates {
  readonly count: number[];
  readonly position: number[];
  readonly occurrences: number[];
  readonly isEdge: number[];
  readonly unrolled: number[];
  readonly spatialEdgeEdge: number[];
  totalCases = 0;
  /** Counts `compute` calls, so that views of the states know when they changed. */
  version = 0;

  constructor(directiveCount: number) {
    this.count = zeros(directiveCount);
    this.position = zeros(directiveCount * 3);
    this.occurrences = zeros(directiveCount * 3);
    this.isEdge = zeros(directiveCount * 3);
    this.unrolled = zeros(directiveCount * 3);
    this.spatialEdgeEdge = zeros(directiveCount * 3);
  }

  /** Computes the states for a level invoked with the dimension sizes `dimSizes` (indexed by Dim). */
  compute(level: ClusterLevel, dimSizes: readonly number[]): void {
    this.version++;
    const width = level.width;
    const directives = level.directives;
    let total = 1;
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i]!;
      const dim = dimSizes[d.dim]!;
      const m = d.size;
      const o = d.ofs;
      let k = i * 3;
      const base = k;
      if (!d.spatial) {
        this.put(k++, Position.Init, 1, dim < m, dim <= m, false);
        const steady = tdiv(dim - m, o);
        if (m < dim && steady > 0) this.put(k++, Position.Steady, steady, false, false, false);
        if (!(dim < m) && steady * o + m < dim) this.put(k++, Position.Edge, 1, true, false, false);
      } else {
        const coverage = m + o * (width - 1);
        const initEdge = dim < coverage;
        const unrolled = dim <= coverage;
        this.put(k++, Position.Init, 1, initEdge, unrolled, initEdge);
        const steady = tdiv(tdiv(dim - m, o) + 1, width) - 1;
        if (coverage < dim && steady > 0) this.put(k++, Position.Steady, steady, false, false, false);
        const hasEdge = !unrolled && (steady + 1) * o * width + coverage > dim && steady * o * width + coverage !== dim;
        if (!initEdge && hasEdge) {
          const remainder = dim - (steady + 1) * o * width;
          const active = remainder < m ? 1 : tdiv(remainder - m, o) + 1;
          this.put(k++, Position.Edge, 1, true, false, (active - 1) * o + m < remainder);
        }
      }
      this.count[i] = k - base;
      total *= k - base;
    }
    this.totalCases = total;
  }

  private put(k: number, position: Position, occurrences: number, isEdge: boolean, unrolled: boolean, spee: boolean): void {
    this.position[k] = position;
    this.occurrences[k] = occurrences;
    this.isEdge[k] = isEdge ? 1 : 0;
    this.unrolled[k] = unrolled ? 1 : 0;
    this.spatialEdgeEdge[k] = spee ? 1 : 0;
  }
}

/**
 * Enumerates cases in MAESTRO's order: case c picks state ceil(c / f_i) mod n_i for directive i,
 * where f_i is the product of the state counts of the directives after i. Case 0 is all-Init.
 * `choice[i]` holds the chosen state index; `next()` advances and returns false after the last case.
 * A directive with a single state keeps choice 0 in every case, so the counter runs over the
 * others only (`varying`): most directives have one state, and skipping them changes no case.
 */
export class CaseEnumerator {
  readonly choice: number[];
  /** The directives with more than one state, in order; `varyingCount` of them are valid. */
  readonly varying: number[];
  varyingCount = 0;
  /**
   * The first position in `varying` whose choice the last `next()` changed (the ones after it may
   * have changed too); in case 0 every choice was set.
   */
  changedFrom = 0;
  /** One digit per varying directive. */
  private readonly digits: number[];
  private caseIndex = -1;
  private states!: IterationStates;

  constructor(directiveCount: number) {
    this.choice = zeros(directiveCount);
    this.varying = zeros(directiveCount);
    this.digits = zeros(directiveCount);
  }

  reset(states: IterationStates): void {
    this.states = states;
    this.caseIndex = -1;
    const count = states.count;
    const varying = this.varying;
    const digits = this.digits;
    let varyingCount = 0;
    for (let i = 0; i < this.choice.length; i++) {
      digits[i] = 0;
      if (count[i]! > 1) varying[varyingCount++] = i;
    }
    this.varyingCount = varyingCount;
  }

  /** Whether the current case is case 0 (every choice was just set). */
  get isFirst(): boolean {
    return this.caseIndex === 0;
  }

  next(): boolean {
    const states = this.states;
    this.caseIndex++;
    if (this.caseIndex >= states.totalCases) return false;
    const choice = this.choice;
    if (this.caseIndex === 0) {
      for (let i = 0; i < choice.length; i++) choice[i] = 0;
      this.changedFrom = 0;
      return true;
    }
    const count = states.count;
    const varying = this.varying;
    const digits = this.digits;
    const m = this.varyingCount;
    // For c >= 1, ceil(c/f_i) = floor((c-1)/f_i) + 1: the mixed-radix digits of c-1, each plus one.
    let from = 0;
    if (this.caseIndex >= 2) {
      for (let a = m - 1; a >= 0; a--) {
        const digit = digits[a]! + 1;
        if (digit < count[varying[a]!]!) {
          digits[a] = digit;
          from = a;
          break;
        }
        digits[a] = 0;
      }
    }
    for (let a = from; a < m; a++) {
      const i = varying[a]!;
      // (digit + 1) mod radix, without a division.
      const next = digits[a]! + 1;
      choice[i] = next === count[i]! ? 0 : next;
    }
    this.changedFrom = from;
    return true;
  }
}
