/** A wrapper that transforms every observation (from reset and step). */
import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from './wrapper.js';

/**
 * Override `observation(inner)`; pass the space of the transformed observations.
 *
 * @example
 * class Parity extends ObservationWrapper {
 *   constructor(env) { super(env, new Discrete(2)); }
 *   observation(position) { return (position[0] + position[1]) % 2; }
 * }
 * const env = new Parity(make('GridWalk-v0'));
 * env.reset({ seed: 0 }).observation;   // 0: the walk starts in the corner (0, 0)
 */
export abstract class ObservationWrapper<Obs, Act, InnerObs> extends Wrapper<Obs, Act, InnerObs, Act> {
  constructor(env: Env<InnerObs, Act>, observationSpace: Space<Obs, unknown>) {
    super(env, { observationSpace });
  }

  /** The observation the agent sees in place of `observation`. */
  abstract observation(observation: InnerObs): Obs;

  protected override onReset(args: ResetArgs): ResetResult<Obs> {
    const { observation, info } = this.env.reset(args);
    return { observation: this.observation(observation), info };
  }

  protected override onStep(action: Act): StepResult<Obs> {
    const { observation, reward, terminated, truncated, info } = this.env.step(action);
    return { observation: this.observation(observation), reward, terminated, truncated, info };
  }
}
