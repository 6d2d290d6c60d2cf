/**
 * The rules `checkEnv` applies, one function each, each failing with one message (after Gymnasium's
 * `env_checker`). Rules after `env-type` may assume an `Env`; each resets the environment itself.
 */
import { createRng } from '../../random/rng.js';
import { isEnv } from '../capabilities/guards.js';
import { deepEqual } from '../deep-equal.js';
import { describeValue } from '../describe-value.js';
import type { Env, ResetResult, StepResult } from '../env.js';
import { EnvCheckError } from '../errors.js';
import { isSpace } from '../spaces/space.js';
import { valueOutside } from './outside-value.js';

export type AnyEnv = Env<unknown, unknown>;

export interface EnvCheckContext {
  /** Seed of resets and of the sampled actions. */
  readonly seed: number;
  /** Steps of each rollout. */
  readonly steps: number;
}

export interface EnvCheckRule {
  readonly name: string;
  /** What the rule demands, in one sentence. */
  readonly demand: string;
  readonly check: (env: AnyEnv, context: EnvCheckContext) => void;
}

function fail(rule: string, message: string): never {
  throw new EnvCheckError(rule, message);
}

const SPACE_KINDS = 'a Space (Discrete, MultiDiscrete, Box, Dict, Tuple or a subclass of Space)';

export function checkEnvType(env: unknown): void {
  if (!isEnv(env)) fail('env-type', `checkEnv expects an environment built on Env (directly or through Mixin), actual: ${describeValue(env)}`);
}

export function checkObservationSpace(env: AnyEnv): void {
  const space: unknown = env.observationSpace;
  if (!isSpace(space)) fail('observation-space', `\`observationSpace\` must be ${SPACE_KINDS}, actual: ${describeValue(space)}`);
}

export function checkActionSpace(env: AnyEnv): void {
  const space: unknown = env.actionSpace;
  if (!isSpace(space)) fail('action-space', `\`actionSpace\` must be ${SPACE_KINDS}, actual: ${describeValue(space)}`);
}

export function checkSpaceSamples(env: AnyEnv, { seed }: EnvCheckContext): void {
  const rng = createRng(seed);
  for (const [name, space] of [['observationSpace', env.observationSpace], ['actionSpace', env.actionSpace]] as const) {
    for (let i = 0; i < 10; i++) {
      const sample = space.sample(rng);
      if (!space.contains(sample)) {
        fail('space-samples', `\`${name}\` (${String(space)}) sampled ${describeValue(sample)}, which its contains() rejects`);
      }
    }
  }
}

export function checkResetResult(env: AnyEnv, { seed }: EnvCheckContext): void {
  const result: unknown = env.reset({ seed });
  if (!isResetResult(result)) {
    fail('reset-result', `reset({ seed }) must return { observation, info } with info a plain object, actual: ${describeValue(result)}`);
  }
}

export function checkResetObservation(env: AnyEnv, { seed }: EnvCheckContext): void {
  const { observation } = env.reset({ seed });
  if (!env.observationSpace.contains(observation)) {
    fail('reset-observation', `The observation of reset() is not inside ${String(env.observationSpace)}: ${describeValue(observation)}`);
  }
}

export function checkResetOptions(env: AnyEnv, { seed }: EnvCheckContext): void {
  try {
    env.reset({ seed, options: {} });
  } catch (error) {
    fail('reset-options', `reset({ seed, options: {} }) must accept empty options, but it threw: ${describeError(error)}`);
  }
}

export function checkResetSeedDeterminism(env: AnyEnv, { seed }: EnvCheckContext): void {
  const first = env.reset({ seed });
  const second = env.reset({ seed });
  if (!deepEqual(first.observation, second.observation) || !deepEqual(first.info, second.info)) {
    fail(
      'reset-seed-determinism',
      `reset({ seed: ${seed} }) twice must give the same observation and info, actual: ${describeValue(first)} then ${describeValue(second)}`,
    );
  }
}

export function checkStepResult(env: AnyEnv, context: EnvCheckContext): void {
  rollout(env, context, (result) => {
    if (!isStepResult(result)) {
      fail(
        'step-result',
        `step() must return { observation, reward: number, terminated: boolean, truncated: boolean, info: plain object }, actual: ${describeValue(result)}`,
      );
    }
  });
}

export function checkStepObservation(env: AnyEnv, context: EnvCheckContext): void {
  rollout(env, context, (result, step) => {
    if (!env.observationSpace.contains(result.observation)) {
      fail('step-observation', `The observation of step ${step} is not inside ${String(env.observationSpace)}: ${describeValue(result.observation)}`);
    }
  });
}

export function checkFiniteReward(env: AnyEnv, context: EnvCheckContext): void {
  rollout(env, context, (result, step) => {
    if (!Number.isFinite(result.reward)) {
      fail('finite-reward', `Rewards must be finite numbers (penalise infeasible designs instead), actual at step ${step}: ${describeValue(result.reward)}`);
    }
  });
}

export function checkStepDeterminism(env: AnyEnv, context: EnvCheckContext): void {
  const first: unknown[] = [];
  const second: unknown[] = [];
  rollout(env, context, (result) => first.push(result), (result) => first.push(result));
  rollout(env, context, (result) => second.push(result), (result) => second.push(result));
  const index = first.findIndex((entry, i) => !deepEqual(entry, second[i]));
  if (index >= 0) {
    fail(
      'step-determinism',
      `The same seed and actions must give the same trajectory; record ${index} (resets included) differs: ${describeValue(first[index])} then ${describeValue(second[index])}`,
    );
  }
}

export function checkInvalidAction(env: AnyEnv, { seed }: EnvCheckContext): void {
  const outside = valueOutside(env.actionSpace);
  if (!outside.found) return;
  env.reset({ seed });
  let threw = false;
  try {
    env.step(outside.value);
  } catch {
    threw = true;
  }
  if (!threw) {
    fail('invalid-action', `step() must throw for an action outside ${String(env.actionSpace)}, but it accepted ${describeValue(outside.value)}`);
  }
}

export function checkStepAfterEnd(env: AnyEnv, { seed, steps }: EnvCheckContext): void {
  const actionRng = createRng(seed);
  let info = env.reset({ seed }).info;
  for (let step = 1; step <= steps; step++) {
    const result = env.step(sampleAllowed(env, actionRng, info));
    info = result.info;
    if (!result.terminated && !result.truncated) continue;
    let threw = false;
    try {
      env.step(env.actionSpace.sample(actionRng));
    } catch {
      threw = true;
    }
    if (!threw) fail('step-after-end', `step() must throw after the episode ended (at step ${step}) until reset(), but it returned a result`);
    return;
  }
}

export function checkRender(env: AnyEnv, { seed }: EnvCheckContext): void {
  env.reset({ seed });
  const picture: unknown = env.render();
  if (typeof picture !== 'string') fail('render', `render() must return a string, actual: ${describeValue(picture)}`);
}

export function checkCloseTwice(env: AnyEnv): void {
  try {
    env.close();
    env.close();
  } catch (error) {
    fail('close-twice', `close() must be safe to call twice, but it threw: ${describeError(error)}`);
  }
}

/** The rules in the order `checkEnv` applies them. */
export const envCheckRules: readonly EnvCheckRule[] = Object.freeze([
  { name: 'env-type', demand: 'The environment is built on Env.', check: checkEnvType },
  { name: 'observation-space', demand: '`observationSpace` is a Space.', check: checkObservationSpace },
  { name: 'action-space', demand: '`actionSpace` is a Space.', check: checkActionSpace },
  { name: 'space-samples', demand: 'Samples of both spaces are inside them.', check: checkSpaceSamples },
  { name: 'reset-result', demand: 'reset({ seed }) returns { observation, info }.', check: checkResetResult },
  { name: 'reset-observation', demand: 'The reset observation is inside the observation space.', check: checkResetObservation },
  { name: 'reset-options', demand: 'reset() accepts `options`.', check: checkResetOptions },
  { name: 'reset-seed-determinism', demand: 'The same reset seed gives the same observation and info.', check: checkResetSeedDeterminism },
  { name: 'step-result', demand: 'step() returns { observation, reward, terminated, truncated, info }.', check: checkStepResult },
  { name: 'step-observation', demand: 'Step observations are inside the observation space.', check: checkStepObservation },
  { name: 'finite-reward', demand: 'Rewards are finite numbers.', check: checkFiniteReward },
  { name: 'step-determinism', demand: 'The same seed and actions give the same trajectory.', check: checkStepDeterminism },
  { name: 'invalid-action', demand: 'step() throws for actions outside the action space.', check: checkInvalidAction },
  { name: 'step-after-end', demand: 'step() throws after the episode ended, until reset().', check: checkStepAfterEnd },
  { name: 'render', demand: 'render() returns a string.', check: checkRender },
  { name: 'close-twice', demand: 'close() is safe to call twice.', check: checkCloseTwice },
]);

/**
 * Resets with the context seed and takes `steps` actions sampled from a generator seeded alike
 * (within `info.actionMask` when the environment gives one),
 * resetting (without seed) when an episode ends; calls `onStep` for each step and `onReset` for each reset.
 */
function rollout(
  env: AnyEnv,
  { seed, steps }: EnvCheckContext,
  onStep: (result: StepResult<unknown>, step: number) => void,
  onReset?: (result: ResetResult<unknown>) => void,
): void {
  const actionRng = createRng(seed);
  const first = env.reset({ seed });
  onReset?.(first);
  let info = first.info;
  for (let step = 1; step <= steps; step++) {
    const result = env.step(sampleAllowed(env, actionRng, info));
    onStep(result, step);
    info = result.info;
    if (result.terminated || result.truncated) {
      const restarted = env.reset();
      info = restarted.info;
      onReset?.(restarted);
    }
  }
}

/** A sampled action, restricted to `info.actionMask` where the environment gives one (as Gymnasium's masked sampling). */
function sampleAllowed(env: AnyEnv, rng: ReturnType<typeof createRng>, info: Record<string, unknown>): unknown {
  const mask = info['actionMask'];
  return mask === undefined ? env.actionSpace.sample(rng) : (env.actionSpace.sample as (rng: unknown, mask: unknown) => unknown)(rng, mask);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isResetResult(value: unknown): value is ResetResult<unknown> {
  return isPlainObject(value) && 'observation' in value && isPlainObject(value['info']);
}

function isStepResult(value: unknown): value is StepResult<unknown> {
  return (
    isPlainObject(value) &&
    'observation' in value &&
    typeof value['reward'] === 'number' &&
    typeof value['terminated'] === 'boolean' &&
    typeof value['truncated'] === 'boolean' &&
    isPlainObject(value['info'])
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
}
