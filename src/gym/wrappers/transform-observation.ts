/** An observation wrapper given by a function (Gymnasium's `TransformObservation`). */
import { describeValue } from '../describe-value.js';
import type { Env } from '../env.js';
import type { Space } from '../spaces/space.js';
import { ObservationWrapper } from './observation-wrapper.js';

/**
 * Applies `transform` to every observation; `observationSpace` holds the results.
 *
 * @example
 * const env = new TransformObservation(make('GridWalk-v0'), ([x, y]) => x + y, new Discrete(9));
 * env.reset({ seed: 0 }).observation;   // 0
 */
export class TransformObservation<Obs, Act, InnerObs> extends ObservationWrapper<Obs, Act, InnerObs> {
  private readonly transform: (observation: InnerObs) => Obs;

  constructor(env: Env<InnerObs, Act>, transform: (observation: InnerObs) => Obs, observationSpace: Space<Obs, unknown>) {
    super(env, observationSpace);
    if (typeof transform !== 'function') {
      throw new TypeError(`Expects \`transform\` to be a function, actual: ${describeValue(transform)}`);
    }
    this.transform = transform;
  }

  observation(observation: InnerObs): Obs {
    return this.transform(observation);
  }
}
