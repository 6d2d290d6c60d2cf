/** The bridge between an environment's Discrete or MultiDiscrete action space and the agents' choice vectors. */
import { describeValue, Discrete, isSpace, MultiDiscrete, type AnySpace } from '../src/gym/index.js';
import type { Rng } from '../src/random/rng.js';
import { UnsupportedEnvError } from './errors.js';

/** One 0-based choice per action dimension: `choices[i]` in `[0, choiceCounts[i])`. */
export type Choices = number[];

/** Per action dimension, which choices are allowed (`mask[i][c]` truthy), or undefined for a dimension without a mask. */
export type ActionMask = readonly (readonly (number | boolean)[] | undefined)[];

/**
 * Agents search vectors of 0-based choices, one per dimension; the codec turns them into the
 * environment's actions (adding `start`, unwrapping `Discrete` to a number) and back.
 *
 * @example
 * const codec = new ActionCodec(new MultiDiscrete([3, 2], [1, 0]));
 * codec.choiceCounts;          // [3, 2]
 * codec.toAction([2, 1]);      // [3, 1]
 * codec.toChoices([3, 1]);     // [2, 1]
 * codec.normalise([2, 1]);     // [1, 1]
 * codec.designCount;           // 6
 * new ActionCodec(new Discrete(4)).toAction([3]);   // 3
 * const mask = new ActionCodec(new Discrete(4)).maskOf([1, 1, 0, 0]);   // from info.actionMask
 * new ActionCodec(new Discrete(4)).sample(createRng(0), mask)[0] < 2;   // true: only choices 0 and 1 are allowed
 */
export class ActionCodec {
  /** The number of choices of each dimension. */
  readonly choiceCounts: readonly number[];
  /** The number of distinct actions (may exceed 2^53 for huge spaces; then it is approximate). */
  readonly designCount: number;
  private readonly starts: readonly number[];
  private readonly scalar: boolean;

  constructor(space: AnySpace) {
    if (space instanceof Discrete) {
      this.choiceCounts = [space.n];
      this.starts = [space.start];
      this.scalar = true;
    } else if (space instanceof MultiDiscrete) {
      this.choiceCounts = space.nvec;
      this.starts = space.start;
      this.scalar = false;
    } else {
      throw new UnsupportedEnvError(`Expects a Discrete or MultiDiscrete action space, actual: ${isSpace(space) ? String(space) : describeValue(space)}`);
    }
    this.designCount = this.choiceCounts.reduce((product, count) => product * count, 1);
  }

  /** The number of action dimensions. */
  get dimensions(): number {
    return this.choiceCounts.length;
  }

  /** The environment's action for `choices`. */
  toAction(choices: readonly number[]): number | number[] {
    if (this.scalar) return (this.starts[0] as number) + (choices[0] as number);
    return choices.map((choice, i) => choice + (this.starts[i] as number));
  }

  /** The choices of an environment action (the inverse of `toAction`). */
  toChoices(action: number | readonly number[]): Choices {
    if (typeof action === 'number') return [action - (this.starts[0] as number)];
    return action.map((value, i) => value - (this.starts[i] as number));
  }

  /** Each choice scaled to [0, 1] (0 for a dimension with one choice): the GP's input encoding. */
  normalise(choices: readonly number[]): number[] {
    return choices.map((choice, i) => {
      const count = this.choiceCounts[i] as number;
      return count > 1 ? choice / (count - 1) : 0;
    });
  }

  /** Uniformly random choices (uniform among the allowed ones of each masked dimension). */
  sample(rng: Rng, mask?: ActionMask): Choices {
    if (mask === undefined) return this.choiceCounts.map((count) => rng.int(0, count - 1));
    return this.choiceCounts.map((count, i) => {
      const allowed = allowedChoices(mask[i], count);
      return allowed === undefined ? rng.int(0, count - 1) : (allowed[rng.int(0, allowed.length - 1)] as number);
    });
  }

  /**
   * An environment's `info.actionMask` as a per-dimension mask: for a `Discrete` space one array of
   * n flags, for `MultiDiscrete` one array (or null) per dimension. Undefined when there is none;
   * a malformed mask is an error (with what arrived).
   */
  maskOf(value: unknown): ActionMask | undefined {
    if (value === undefined || value === null) return undefined;
    const fail = (): never => {
      throw new UnsupportedEnvError(
        `Expects info.actionMask to be ${this.scalar ? `an array of ${this.choiceCounts[0]} flags` : `an array of ${this.dimensions} per-dimension flag arrays (or null)`}, actual: ${describeValue(value)}`,
      );
    };
    if (!Array.isArray(value)) return fail();
    const dimensions = (this.scalar ? [value] : value) as unknown[];
    if (dimensions.length !== this.dimensions) return fail();
    return dimensions.map((flags, i) => {
      if (flags === null || flags === undefined) return undefined;
      if (!Array.isArray(flags) || flags.length !== this.choiceCounts[i]) return fail();
      return flags as (number | boolean)[];
    });
  }

  /** Whether every choice is allowed by `mask` (always, without one). */
  allows(choices: readonly number[], mask: ActionMask | undefined): boolean {
    if (mask === undefined) return true;
    return choices.every((choice, i) => {
      const flags = mask[i];
      return flags === undefined || Boolean(flags[choice]);
    });
  }

  /** The allowed choices of dimension `i` under `mask` (every choice without one). */
  allowedChoices(i: number, mask: ActionMask | undefined): number[] {
    const count = this.choiceCounts[i] as number;
    return allowedChoices(mask?.[i], count) ?? Array.from({ length: count }, (_, c) => c);
  }

  /** A string that identifies `choices` (for sets of evaluated designs). */
  key(choices: readonly number[]): string {
    return choices.join(',');
  }
}

/** The allowed choices of a dimension's flags (undefined without flags); a mask that allows nothing allows everything, as Gymnasium samples `start` then. */
function allowedChoices(flags: readonly (number | boolean)[] | undefined, count: number): number[] | undefined {
  if (flags === undefined) return undefined;
  const allowed: number[] = [];
  for (let c = 0; c < count; c++) if (flags[c]) allowed.push(c);
  return allowed.length > 0 ? allowed : undefined;
}
