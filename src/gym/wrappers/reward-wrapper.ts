/** A wrapper that transforms every reward. */
import type { StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Override `reward(inner)`.
 *
 * @example
 * class Negated extends RewardWrapper {
 *   reward(reward) { return -reward; }
 * }
 * const env = new Negated(make('GridWalk-v0'));
 * env.reset({ seed: 0 });
 * env.step(1).reward;   // 0.01: the walk's step penalty, negated
 */
export abstract class RewardWrapper<Obs, Act> extends Wrapper<Obs, Act> {
  /** The reward the agent sees in place of `reward`. */
  abstract reward(reward: number): number;

  protected override onStep(action: Act): StepResult<Obs> {
    const { observation, reward, terminated, truncated, info } = this.env.step(action);
    return { observation, reward: this.reward(reward), terminated, truncated, info };
  }
}
