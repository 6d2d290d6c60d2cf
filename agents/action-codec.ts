/** The bridge between an environment's Discrete or MultiDiscrete action space and the agents' choice vectors. */
import { describeValue, Discrete, isSpace, MultiDiscrete, type AnySpace } from '../src/gym/index.js';
import type { Rng } from '../src/random/rng.js';
import { UnsupportedEnvError } from './errors.js';

/** One 0-based choice per action dimension: `choices[i]` in `[0, choiceCounts[i])`. */
export type Choices = number[];

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

  /** Uniformly random choices. */
  sample(rng: Rng): Choices {
    return this.choiceCounts.map((count) => rng.int(0, count - 1));
  }

  /** A string that identifies `choices` (for sets of evaluated designs). */
  key(choices: readonly number[]): string {
    return choices.join(',');
  }
}
