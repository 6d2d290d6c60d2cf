/** A wrapper that truncates episodes after a fixed number of steps. */
import { describeValue } from '../describe-value.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Sets `truncated` on the `maxEpisodeSteps`-th step of an episode (Gymnasium's `TimeLimit`: also when
 * that step terminates). Stepping on after that throws `ResetNeededError` until `reset()`.
 *
 * @example
 * const env = new TimeLimit(make('Bandit-v0', { pulls: 1000 }), 2);
 * env.reset({ seed: 0 });
 * env.step(0).truncated;   // false
 * env.step(0).truncated;   // true
 */
export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  readonly maxEpisodeSteps: number;
  private stepsTaken = 0;

  constructor(env: Env<Obs, Act>, maxEpisodeSteps: number) {
    super(env);
    if (typeof maxEpisodeSteps !== 'number' || !Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new TypeError(`Expects \`maxEpisodeSteps\` to be a positive integer, actual: ${describeValue(maxEpisodeSteps)}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.stepsTaken;
  }

  protected override onReset(args: ResetArgs): ResetResult<Obs> {
    this.stepsTaken = 0;
    return this.env.reset(args);
  }

  protected override onStep(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.stepsTaken++;
    if (this.stepsTaken < this.maxEpisodeSteps || result.truncated) return result;
    return {
      observation: result.observation,
      reward: result.reward,
      terminated: result.terminated,
      truncated: true,
      info: result.info,
    };
  }
}
