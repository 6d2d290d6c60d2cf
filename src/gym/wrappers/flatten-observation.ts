/** A wrapper that turns every observation into a flat number vector (one-hot for discrete parts). */
import type { Env } from '../env.js';
import type { Box } from '../spaces/box.js';
import { flattenSpace } from '../spaces/flatten.js';
import type { Space } from '../spaces/space.js';
import { ObservationWrapper } from './observation-wrapper.js';

/**
 * Observations become `flatten(env.observationSpace, observation)`; the observation space becomes
 * `flattenSpace(env.observationSpace)` (Gymnasium's `FlattenObservation`).
 *
 * @example
 * const env = new FlattenObservation(make('GridWalk-v0', { width: 3, height: 2 }));
 * env.observationSpace.shape;            // [5]: one-hot x (3) then one-hot y (2)
 * env.reset({ seed: 0 }).observation;    // [1, 0, 0, 1, 0]
 */
export class FlattenObservation<InnerObs, Act> extends ObservationWrapper<number[], Act, InnerObs> {
  declare readonly observationSpace: Box;
  private readonly innerSpace: Space<InnerObs, unknown>;

  constructor(env: Env<InnerObs, Act>) {
    super(env, flattenSpace(env.observationSpace));
    this.innerSpace = env.observationSpace;
  }

  observation(observation: InnerObs): number[] {
    const vector = new Array<number>(this.innerSpace.flatDim);
    this.innerSpace.flattenInto(observation, vector, 0);
    return vector;
  }
}
