/** A wrapper that truncates episodes after a fixed number of steps. */
import { describeValue } from '../describe-value.js';
import type { Env, Info, ResetArgs, ResetResult, StepResult } from '../env.js';
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
export class TimeLimit<Obs, Act, StepInfo extends Info = Info, ResetInfo extends Info = Info> extends Wrapper<Obs, Act, Obs, Act, StepInfo, ResetInfo> {
  readonly maxEpisodeSteps: number;
  private stepsTaken = 0;
  private readonly limited: Env<Obs, Act, StepInfo, ResetInfo>;

  constructor(env: Env<Obs, Act, StepInfo, ResetInfo>, maxEpisodeSteps: number) {
    super(env);
    this.limited = env;
    if (typeof maxEpisodeSteps !== 'number' || !Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new TypeError(`Expects \`maxEpisodeSteps\` to be a positive integer, actual: ${describeValue(maxEpisodeSteps)}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.stepsTaken;
  }

  protected override onReset(args: ResetArgs): ResetResult<Obs, ResetInfo> {
    this.stepsTaken = 0;
    return this.limited.reset(args);
  }

  protected override onStep(action: Act): StepResult<Obs, StepInfo> {
    const result = this.limited.step(action);
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
