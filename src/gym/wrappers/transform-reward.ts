/** A reward wrapper given by a function (Gymnasium's `TransformReward`). */
import { describeValue } from '../describe-value.js';
import type { Env } from '../env.js';
import { RewardWrapper } from './reward-wrapper.js';

/**
 * Applies `transform` to every reward.
 *
 * @example
 * const env = new TransformReward(make('GridWalk-v0'), (reward) => 100 * reward);
 * env.reset({ seed: 0 });
 * env.step(1).reward;   // -1
 */
export class TransformReward<Obs, Act> extends RewardWrapper<Obs, Act> {
  private readonly transform: (reward: number) => number;

  constructor(env: Env<Obs, Act>, transform: (reward: number) => number) {
    super(env);
    if (typeof transform !== 'function') {
      throw new TypeError(`Expects \`transform\` to be a function, actual: ${describeValue(transform)}`);
    }
    this.transform = transform;
  }

  reward(reward: number): number {
    return this.transform(reward);
  }
}
