/** The gym core: spaces, environments, capabilities, wrappers, registry, checker and vector environments. */
export { Mixin, hasMixin } from 'ts-mixer';

export { Space, isSpace, type AnySpace, type SpaceValue, type SpaceMask } from './spaces/space.js';
export { Discrete, type DiscreteMask } from './spaces/discrete.js';
export { MultiDiscrete, type MultiDiscreteMask } from './spaces/multi-discrete.js';
export { Box, type BoxDtype, type BoundedManner } from './spaces/box.js';
export { Dict, type SpaceRecord, type DictValue, type DictMask } from './spaces/dict.js';
export { Tuple, type TupleValue, type TupleMask } from './spaces/tuple.js';
export { flatDim, flatten, unflatten, flattenSpace } from './spaces/flatten.js';
export { spaceFromJSON } from './spaces/from-json.js';
export type { SpaceJSON, DiscreteJSON, MultiDiscreteJSON, BoxJSON, DictJSON, TupleJSON } from './spaces/json.js';

export { Env, type Info, type ResetArgs, type ResetResult, type StepResult, type EnvSpec } from './env.js';
export type { EnvEvent, ResetEvent, StepEvent, EpisodeEvent } from './env-event.js';
export { Seeded } from './capabilities/seeded.js';
export { EventSource } from './capabilities/event-source.js';
export { Memoized, type CacheStats } from './capabilities/memoized.js';
export { isEnv, isSeeded, isEventSource, isMemoized } from './capabilities/guards.js';

export { Wrapper, type WrapperSpaces } from './wrappers/wrapper.js';
export { ObservationWrapper } from './wrappers/observation-wrapper.js';
export { ActionWrapper } from './wrappers/action-wrapper.js';
export { RewardWrapper } from './wrappers/reward-wrapper.js';
export { TransformObservation } from './wrappers/transform-observation.js';
export { TransformAction } from './wrappers/transform-action.js';
export { TransformReward } from './wrappers/transform-reward.js';
export { TimeLimit } from './wrappers/time-limit.js';
export {
  RecordEpisodeStatistics,
  type EpisodeStatistics,
  type RecordEpisodeStatisticsSettings,
} from './wrappers/record-episode-statistics.js';
export { FlattenObservation } from './wrappers/flatten-observation.js';

export { parseEnvId, formatEnvId, type EnvId } from './env-id.js';
export { Registry, type EnvFactory, type RegisterSettings, type MakeSettings } from './registry.js';
export {
  registry,
  register,
  make,
  listEnvs,
  envSpec,
  type EnvRegistry,
  type RegisteredEnvId,
  type EnvOptions,
  type EnvOf,
  type ObservationOf,
  type ActionOf,
  type StepInfoOf,
  type ResetInfoOf,
  type TimeLimited,
} from './default-registry.js';
export { parseOptions } from './options.js';

export { checkEnv, type EnvCheckSettings } from './checker/check-env.js';
export { envCheckRules, type EnvCheckRule, type EnvCheckContext } from './checker/rules.js';

export type {
  VectorEnv,
  AutoresetMode,
  VectorResetArgs,
  VectorResetResult,
  VectorStepResult,
} from './vector/vector-env.js';
export { SyncVectorEnv, type SyncVectorEnvSettings } from './vector/sync-vector-env.js';
export { AsyncVectorEnv, type AsyncVectorEnvSettings } from './vector/async-vector-env.js';
export { makeVec, type MakeVecSettings } from './vector/make-vec.js';

export { Bandit, type BanditInfo, type BanditOptions, banditOptionsSchema } from './toy/bandit.js';
export { GridWalk, type GridWalkInfo, type GridWalkOptions, gridWalkOptionsSchema, GRID_WALK_STEP_REWARD } from './toy/grid-walk.js';

export {
  GymError,
  ResetNeededError,
  InvalidActionError,
  RegistryError,
  InvalidOptionsError,
  EnvCheckError,
  VectorEnvError,
} from './errors.js';
export { deepEqual } from './deep-equal.js';
export { describeValue } from './describe-value.js';
export { MAX_SEED } from './seed.js';
