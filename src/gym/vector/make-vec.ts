/** `makeVec`: a vector environment of a registered id, synchronous or on worker threads. */
import { describeValue } from '../describe-value.js';
import { make } from '../default-registry.js';
import { AsyncVectorEnv } from './async-vector-env.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { AutoresetMode, VectorEnv } from './vector-env.js';

export interface MakeVecSettings {
  readonly numEnvs: number;
  readonly options?: Readonly<Record<string, unknown>>;
  /** `sync` (default) steps in this thread; `async` uses worker threads (see `AsyncVectorEnv`). */
  readonly vectorizationMode?: 'sync' | 'async';
  readonly autoresetMode?: AutoresetMode;
  readonly maxEpisodeSteps?: number;
  /** `async` only: worker threads, and modules the workers import to register environments. */
  readonly workers?: number;
  readonly imports?: readonly string[];
}

/**
 * Gymnasium's `make_vec`: `numEnvs` copies of `make(id, options)` in one vector environment.
 *
 * @example
 * const envs = makeVec('Bandit-v0', { numEnvs: 3, options: { arms: 4 } });
 * envs.reset({ seed: 0 });
 * envs.step(envs.actionSpace.sample()).rewards.length;   // 3
 * envs.close();
 */
export function makeVec(id: string, settings: MakeVecSettings): VectorEnv<unknown, unknown> {
  if (typeof settings !== 'object' || settings === null) {
    throw new TypeError(`Expects makeVec settings { numEnvs, ... }, actual: ${describeValue(settings)}`);
  }
  const { numEnvs, options = {}, vectorizationMode = 'sync', autoresetMode, maxEpisodeSteps, workers, imports } = settings;
  if (typeof numEnvs !== 'number' || !Number.isSafeInteger(numEnvs) || numEnvs < 1) {
    throw new TypeError(`Expects \`numEnvs\` to be a positive integer, actual: ${describeValue(numEnvs)}`);
  }
  if (vectorizationMode === 'async') {
    return new AsyncVectorEnv({
      id,
      numEnvs,
      options: { ...options },
      ...(autoresetMode === undefined ? {} : { autoresetMode }),
      ...(maxEpisodeSteps === undefined ? {} : { maxEpisodeSteps }),
      ...(workers === undefined ? {} : { workers }),
      ...(imports === undefined ? {} : { imports: [...imports] }),
    });
  }
  if (vectorizationMode !== 'sync') {
    throw new TypeError(`Expects \`vectorizationMode\` to be 'sync' or 'async', actual: ${describeValue(vectorizationMode)}`);
  }
  if (workers !== undefined || imports !== undefined) {
    throw new TypeError("`workers` and `imports` apply to vectorizationMode 'async' only");
  }
  const factories = Array.from({ length: numEnvs }, () => () => make(id, options, { maxEpisodeSteps }));
  return new SyncVectorEnv(factories, autoresetMode === undefined ? {} : { autoresetMode });
}
