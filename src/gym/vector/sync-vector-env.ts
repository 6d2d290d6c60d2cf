/** A vector environment that steps its sub-environments one after the other in this thread. */
import { describeValue } from '../describe-value.js';
import type { Env, Info, ResetArgs } from '../env.js';
import { GymError, VectorEnvError } from '../errors.js';
import { isEnv } from '../capabilities/guards.js';
import { spaceFromJSON } from '../spaces/from-json.js';
import type { Space } from '../spaces/space.js';
import { Tuple } from '../spaces/tuple.js';
import { seedsFor } from './seeds.js';
import {
  AUTORESET_MODES,
  type AutoresetMode,
  type VectorEnv,
  type VectorResetArgs,
  type VectorResetResult,
  type VectorStepResult,
} from './vector-env.js';

export interface SyncVectorEnvSettings {
  readonly autoresetMode?: AutoresetMode;
}

/**
 * Gymnasium's `SyncVectorEnv`: builds one sub-environment per factory (their spaces must be equal)
 * and steps them in turn; autoreset follows `autoresetMode` (default `next-step`, see `AutoresetMode`).
 * Errors of a sub-environment keep their class and gain a "sub-environment i:" prefix.
 *
 * @example
 * const envs = new SyncVectorEnv([() => make('GridWalk-v0'), () => make('GridWalk-v0')]);
 * const { observations } = envs.reset({ seed: 42 });   // [[0, 0], [0, 0]]
 * const { rewards, terminations } = envs.step([1, 0]);
 * rewards.length;                                      // 2
 * envs.close();
 */
export class SyncVectorEnv<Obs, Act> implements VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<Obs, unknown>;
  readonly singleActionSpace: Space<Act, unknown>;
  readonly actionSpace: Space<Act[], unknown>;
  readonly autoresetMode: AutoresetMode;
  /** The sub-environments, in order. */
  readonly envs: readonly Env<Obs, Act>[];
  private readonly autoresetPending: boolean[];
  private isClosed = false;

  constructor(envFactories: readonly (() => Env<Obs, Act>)[], settings: SyncVectorEnvSettings = {}) {
    const { autoresetMode = 'next-step' } = settings;
    if (!AUTORESET_MODES.includes(autoresetMode)) {
      throw new TypeError(`Expects \`autoresetMode\` to be one of ${AUTORESET_MODES.join(', ')}, actual: ${describeValue(autoresetMode)}`);
    }
    if (!Array.isArray(envFactories) || envFactories.length === 0) {
      throw new TypeError(`Expects a non-empty array of environment factories, actual: ${describeValue(envFactories)}`);
    }
    const envs = envFactories.map((factory: unknown, i) => {
      if (typeof factory !== 'function') {
        throw new TypeError(`Expects environment factory ${i} to be a function, actual: ${describeValue(factory)}`);
      }
      const env: unknown = (factory as () => unknown)();
      if (!isEnv(env)) throw new TypeError(`Expects environment factory ${i} to return an Env, actual: ${describeValue(env)}`);
      return env as Env<Obs, Act>;
    });
    const first = envs[0] as Env<Obs, Act>;
    envs.forEach((env, i) => {
      for (const kind of ['observationSpace', 'actionSpace'] as const) {
        if (!env[kind].equals(first[kind])) {
          throw new VectorEnvError(`Sub-environment ${i} has ${kind} ${String(env[kind])}, expected ${String(first[kind])} like sub-environment 0`);
        }
      }
    });
    this.envs = Object.freeze(envs);
    this.numEnvs = envs.length;
    this.autoresetMode = autoresetMode;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.actionSpace = batchSpace(first.actionSpace, envs.length);
    this.autoresetPending = new Array<boolean>(envs.length).fill(false);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<Obs> {
    this.assertOpen('reset');
    if (typeof args !== 'object' || args === null) {
      throw new TypeError(`Expects reset() arguments as { seed?, options? }, actual: ${describeValue(args)}`);
    }
    const seeds = seedsFor(args.seed, this.numEnvs);
    const observations = new Array<Obs>(this.numEnvs);
    const infos = new Array<Info>(this.numEnvs);
    let i = 0;
    try {
      for (; i < this.numEnvs; i++) {
        const resetArgs: ResetArgs = { seed: seeds[i], options: args.options };
        const { observation, info } = (this.envs[i] as Env<Obs, Act>).reset(resetArgs);
        observations[i] = observation;
        infos[i] = info;
        this.autoresetPending[i] = false;
      }
    } catch (error) {
      throw locate(error, i);
    }
    return { observations, infos };
  }

  step(actions: readonly Act[]): VectorStepResult<Obs> {
    this.assertOpen('step');
    if (!Array.isArray(actions) || actions.length !== this.numEnvs) {
      throw new TypeError(`Expects ${this.numEnvs} actions (one per sub-environment), actual: ${describeValue(actions)}`);
    }
    const n = this.numEnvs;
    const observations = new Array<Obs>(n);
    const rewards = new Float64Array(n);
    const terminations = new Array<boolean>(n);
    const truncations = new Array<boolean>(n);
    const infos = new Array<Info>(n);
    const sameStep = this.autoresetMode === 'same-step';
    let i = 0;
    try {
      for (; i < n; i++) {
        const env = this.envs[i] as Env<Obs, Act>;
        if (this.autoresetPending[i] === true) {
          const { observation, info } = env.reset();
          observations[i] = observation;
          terminations[i] = false;
          truncations[i] = false;
          infos[i] = info;
          this.autoresetPending[i] = false;
          continue;
        }
        const result = env.step(actions[i] as Act);
        rewards[i] = result.reward;
        terminations[i] = result.terminated;
        truncations[i] = result.truncated;
        const ended = result.terminated || result.truncated;
        if (ended && sameStep) {
          const restarted = env.reset();
          observations[i] = restarted.observation;
          infos[i] = { ...restarted.info, finalObservation: result.observation, finalInfo: result.info };
        } else {
          observations[i] = result.observation;
          infos[i] = result.info;
          if (ended) this.autoresetPending[i] = true;
        }
      }
    } catch (error) {
      throw locate(error, i);
    }
    return { observations, rewards, terminations, truncations, infos };
  }

  /** Closes every sub-environment; safe to call more than once. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const env of this.envs) env.close();
  }

  /** The sub-environments' renders, one block per sub-environment. */
  render(): string {
    return this.envs.map((env, i) => `[${i}]\n${env.render()}`).join('\n');
  }

  toString(): string {
    return `SyncVectorEnv(${this.numEnvs} x ${this.envs[0]?.toString() ?? ''})`;
  }

  private assertOpen(operation: string): void {
    if (this.isClosed) throw new VectorEnvError(`Cannot ${operation}() a closed ${this.toString()}`);
  }
}

/** Prefixes the message of a gym, type or range error with the sub-environment it came from. */
function locate(error: unknown, index: number): unknown {
  if (error instanceof GymError || error instanceof TypeError || error instanceof RangeError) {
    error.message = `sub-environment ${index}: ${error.message}`;
  }
  return error;
}

/** A space of `count` actions, one per sub-environment; independent copies so that each samples its own stream. */
export function batchSpace<Act>(single: Space<Act, unknown>, count: number): Space<Act[], unknown> {
  const copies = Array.from({ length: count }, () => {
    try {
      return spaceFromJSON(single.toJSON());
    } catch {
      return single;
    }
  });
  return new Tuple(copies) as unknown as Space<Act[], unknown>;
}
