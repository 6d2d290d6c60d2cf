/** Observations as the flat number vectors that policy and value networks take. */
import { flatten, type AnySpace, type Space } from '../../src/gym/index.js';
import { UnsupportedEnvError } from '../errors.js';

/** Entries of flattened observations are clipped to this magnitude (Box spaces may be unbounded). */
export const OBSERVATION_CLIP = 1e3;

/**
 * Flattens observations of `space` (one-hot for discrete parts, as `flatten` does), clipping entries
 * to +-`OBSERVATION_CLIP`, so networks always see finite inputs.
 *
 * @example
 * const encoder = new ObservationEncoder(new Discrete(3));
 * encoder.size;          // 3
 * encoder.encode(1);     // [0, 1, 0]
 */
export class ObservationEncoder {
  readonly size: number;
  private readonly space: Space<unknown, unknown>;

  constructor(space: AnySpace) {
    const size = (space as { flatDim?: unknown }).flatDim;
    if (typeof size !== 'number' || size < 1) {
      throw new UnsupportedEnvError(`Expects an observation space that flattens to at least one number, actual: ${String(space)}`);
    }
    this.space = space;
    this.size = size;
  }

  encode(observation: unknown): number[] {
    return flatten(this.space, observation).map((value) => Math.max(-OBSERVATION_CLIP, Math.min(OBSERVATION_CLIP, value)));
  }
}
