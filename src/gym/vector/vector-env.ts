/** The vector environment contract: N copies of an environment stepped together, with automatic resets. */
import type { Info } from '../env.js';
import type { Space } from '../spaces/space.js';

/**
 * When a sub-environment's episode ends at step t (Gymnasium 1.x `AutoresetMode`):
 * - `next-step` (default, Gymnasium's default): step t returns the final observation with
 *   terminated/truncated set; at step t + 1 that sub-environment is reset instead of stepped (its
 *   action is ignored) and returns the reset observation and info, reward 0, both flags false.
 * - `same-step`: step t resets it at once and returns the reset observation; the final observation
 *   and info are in that sub-environment's info as `finalObservation` and `finalInfo`.
 */
export type AutoresetMode = 'next-step' | 'same-step';

export const AUTORESET_MODES: readonly AutoresetMode[] = ['next-step', 'same-step'];

export interface VectorResetArgs {
  /** One seed: sub-environment i gets `seed + i`. An array: one seed (or undefined) per sub-environment. */
  readonly seed?: number | readonly (number | undefined)[] | undefined;
  /** Passed to every sub-environment's reset. */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

export interface VectorResetResult<Obs> {
  observations: Obs[];
  infos: Info[];
}

/**
 * Per-sub-environment results, index i for sub-environment i. Unlike Gymnasium's batched arrays
 * and dict-of-arrays infos, observations and infos stay one entry per sub-environment (JavaScript
 * has no NumPy to batch into); rewards are a Float64Array.
 */
export interface VectorStepResult<Obs> {
  observations: Obs[];
  rewards: Float64Array;
  terminations: boolean[];
  truncations: boolean[];
  infos: Info[];
}

export interface VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<Obs, unknown>;
  readonly singleActionSpace: Space<Act, unknown>;
  /** One action per sub-environment: `actionSpace.sample()` gives a valid `step` argument. */
  readonly actionSpace: Space<Act[], unknown>;
  readonly autoresetMode: AutoresetMode;
  readonly closed: boolean;
  reset(args?: VectorResetArgs): VectorResetResult<Obs>;
  step(actions: readonly Act[]): VectorStepResult<Obs>;
  close(): void;
}
