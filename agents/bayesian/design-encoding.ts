/** How Bayesian optimisation encodes a choice vector for its GP: ordinal choices scaled to [0, 1], categorical ones as category indices. */
import type { ActionCodec, Choices } from '../action-codec.js';

/** Whether the choices of an action dimension are ordered (`ordinal`) or unordered labels (`categorical`). */
export type DimensionKind = 'ordinal' | 'categorical';

/**
 * The GP inputs of a design: one coordinate per action dimension with more than one choice; an
 * ordinal choice c of n becomes c / (n - 1), a categorical one stays its index c and is flagged
 * `categorical`, so the kernel compares it for equality (an overlap kernel) instead of by distance.
 *
 * @example
 * const encoding = new DesignEncoding(new ActionCodec(new MultiDiscrete([6, 1, 4])), ['ordinal', 'ordinal', 'categorical']);
 * encoding.encode([5, 0, 2]);   // [1, 2]: PE choice 5 of 6 scaled, dataflow 2 as is
 * encoding.categorical;   // [false, true]
 */
export class DesignEncoding {
  /** Action dimensions that become coordinates (those with more than one choice). */
  readonly active: readonly number[];
  /** Per coordinate, whether it holds a category index. */
  readonly categorical: readonly boolean[];
  readonly dimensions: number;
  private readonly counts: readonly number[];

  constructor(codec: ActionCodec, kinds: readonly DimensionKind[]) {
    this.counts = codec.choiceCounts;
    const active = codec.choiceCounts.flatMap((count, i) => (count > 1 ? [i] : []));
    this.active = active;
    this.categorical = active.length === 0 ? [false] : active.map((i) => kinds[i] === 'categorical');
    this.dimensions = Math.max(1, active.length);
  }

  encode(choices: readonly number[]): number[] {
    if (this.active.length === 0) return [0];
    return this.active.map((i, k) => this.coordinateValue(k, choices[i] as number));
  }

  /**
   * The value of coordinate `coordinate` (of action dimension `active[coordinate]`) for choice `choice`.
   *
   * @example
   * new DesignEncoding(new ActionCodec(new MultiDiscrete([6, 1, 4])), ['ordinal', 'ordinal', 'categorical']).coordinateValue(0, 5);   // 1
   */
  coordinateValue(coordinate: number, choice: number): number {
    const dimension = this.active[coordinate];
    if (dimension === undefined) throw new RangeError(`Expects a coordinate in [0, ${this.active.length}), actual: ${coordinate}`);
    return this.categorical[coordinate] === true ? choice : choice / ((this.counts[dimension] as number) - 1);
  }
}

/**
 * The kinds of an environment's action dimensions, as the environment declares them
 * (`env.unwrapped.actionKinds`, one per dimension of an unchanged action space), else all ordinal.
 *
 * @example
 * actionKindsOf(make('AcceleratorDesign-v0'), 4);   // ['ordinal', 'ordinal', 'ordinal', 'categorical']
 * actionKindsOf(make('Bandit-v0'), 1);   // ['ordinal']: Bandit declares nothing
 */
export function actionKindsOf(env: { readonly unwrapped: unknown; readonly actionSpace: unknown }, dimensions: number): DimensionKind[] {
  const inner = env.unwrapped as { actionKinds?: unknown; actionSpace?: { toJSON?: () => unknown } };
  const kinds = inner.actionKinds;
  const same = inner.actionSpace === env.actionSpace || JSON.stringify(inner.actionSpace?.toJSON?.()) === JSON.stringify((env.actionSpace as { toJSON?: () => unknown }).toJSON?.());
  if (same && Array.isArray(kinds) && kinds.length === dimensions && kinds.every((kind) => kind === 'ordinal' || kind === 'categorical')) {
    return kinds as DimensionKind[];
  }
  return new Array<DimensionKind>(dimensions).fill('ordinal');
}

/**
 * Every choice vector of a space, in lexicographic order (last dimension fastest).
 *
 * @example
 * enumerateChoices([2, 2]);   // [[0, 0], [0, 1], [1, 0], [1, 1]]
 */
export function enumerateChoices(choiceCounts: readonly number[]): Choices[] {
  const out: Choices[] = [];
  forEachChoices(choiceCounts, (choices) => out.push(choices.slice()));
  return out;
}

/** Every choice vector, in lexicographic order (last dimension fastest), as a callback (no array of arrays; `choices` is reused). */
export function forEachChoices(choiceCounts: readonly number[], visit: (choices: Choices) => void): void {
  const current = choiceCounts.map(() => 0);
  for (;;) {
    visit(current);
    let dimension = current.length - 1;
    while (dimension >= 0) {
      current[dimension] = (current[dimension] as number) + 1;
      if ((current[dimension] as number) < (choiceCounts[dimension] as number)) break;
      current[dimension] = 0;
      dimension--;
    }
    if (dimension < 0) return;
  }
}
