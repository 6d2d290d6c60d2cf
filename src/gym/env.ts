/** The abstract environment: Gymnasium's reset/step contract, enforced once for every environment and wrapper. */
import type { Subject } from 'rxjs';
import { EVENT_SINK, SEED_HOOK } from './capabilities/hooks.js';
import { describeValue } from './describe-value.js';
import type { EnvEvent } from './env-event.js';
import { InvalidActionError, ResetNeededError } from './errors.js';
import { validateSeed } from './seed.js';
import type { Space } from './spaces/space.js';

/**
 * Auxiliary, diagnostic information returned by `reset` and `step` (metrics, the decoded design, ...).
 * Environments name their own info types (`Env<Obs, Act, StepInfo, ResetInfo>`); those are object
 * type aliases (`type MyInfo = { distance: number }`), which fit this index signature, not interfaces.
 */
export type Info = { [key: string]: unknown };

/** The arguments of `reset`: `seed` reseeds the environment's generator, `options` configure the episode. */
export interface ResetArgs {
  readonly seed?: number | undefined;
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

export interface ResetResult<Obs, ResetInfo extends Info = Info> {
  observation: Obs;
  info: ResetInfo;
}

export interface StepResult<Obs, StepInfo extends Info = Info> {
  observation: Obs;
  reward: number;
  /** The episode reached a terminal state of the task (e.g. the goal). */
  terminated: boolean;
  /** The episode was cut short by something outside the task (e.g. a time limit). */
  truncated: boolean;
  info: StepInfo;
}

/** How an environment was made: `make(spec.id, spec.kwargs)` makes it again. */
export interface EnvSpec {
  readonly id: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly maxEpisodeSteps: number | undefined;
  readonly description: string | undefined;
}

const NEEDS_RESET = 0;
const RUNNING = 1;
const ENDED = 2;
type Phase = typeof NEEDS_RESET | typeof RUNNING | typeof ENDED;

interface EnvState {
  phase: Phase;
  closed: boolean;
  episodeIndex: number;
  elapsedSteps: number;
  episodeReturn: number;
  spec: EnvSpec | undefined;
}

const ENV_STATE: unique symbol = Symbol('codesign-gym.envState');

interface CapabilityHooks<Obs, Act> {
  [SEED_HOOK]?: (seed: number) => void;
  [EVENT_SINK]?: Subject<EnvEvent<Obs, Act>>;
}

/**
 * The base of every environment (Gymnasium's `Env`). Subclasses define `observationSpace`,
 * `actionSpace`, `onReset` and `onStep`; the base provides `reset` and `step`, which
 * - validate `reset({ seed, options })` and reseed the environment generator (see `Seeded`),
 * - throw `ResetNeededError` when `step` comes before `reset` or after the episode ended
 *   (terminated or truncated),
 * - throw `InvalidActionError` when the action is outside `actionSpace`,
 * - publish reset, step and episode events when the environment is an `EventSource`.
 *
 * The type parameters are the observation, the action and the info of `step` and of `reset`.
 * Capabilities are composed with ts-mixer, `Env` first: `class MyEnv extends Mixin(Env<Obs, Act>, Seeded, EventSource<Obs, Act>)`.
 * `instanceof Env` does not see mixed classes; use `isEnv`.
 *
 * @example
 * class CoinFlip extends Mixin(Env, Seeded) {
 *   observationSpace = new Discrete(2);
 *   actionSpace = new Discrete(2);
 *   onReset() {
 *     return { observation: 0, info: {} };
 *   }
 *   onStep(guess) {
 *     const coin = this.rng.int(0, 1);
 *     return { observation: coin, reward: guess === coin ? 1 : 0, terminated: true, truncated: false, info: { coin } };
 *   }
 * }
 * const env = new CoinFlip();
 * env.reset({ seed: 42 });
 * const { reward, terminated } = env.step(1);  // reward 0 or 1, terminated true
 * // env.step(1) now throws ResetNeededError; env.step(2) would throw InvalidActionError
 */
export abstract class Env<Obs, Act, StepInfo extends Info = Info, ResetInfo extends Info = Info> {
  abstract readonly observationSpace: Space<Obs, unknown>;
  abstract readonly actionSpace: Space<Act, unknown>;

  /** Bookkeeping under a symbol, so that no subclass member can clobber it. */
  private readonly [ENV_STATE]: EnvState = {
    phase: NEEDS_RESET,
    closed: false,
    episodeIndex: -1,
    elapsedSteps: 0,
    episodeReturn: 0,
    spec: undefined,
  };

  /** Starts a new episode. With `seed`, reseeds the environment generator first (same seed, same episode). */
  reset(args: ResetArgs = {}): ResetResult<Obs, ResetInfo> {
    if (typeof args !== 'object' || args === null) {
      throw new TypeError(`Expects reset() arguments as { seed?, options? }, actual: ${describeValue(args)}`);
    }
    const { seed, options } = args;
    if (seed !== undefined) validateSeed(seed, '`seed` of reset()');
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw new TypeError(`Expects \`options\` of reset() to be an object, actual: ${describeValue(options)}`);
    }
    const hooks = this as CapabilityHooks<Obs, Act>;
    if (seed !== undefined) hooks[SEED_HOOK]?.(seed);
    const result = this.onReset(args);
    const state = this[ENV_STATE];
    state.phase = RUNNING;
    state.episodeIndex++;
    state.elapsedSteps = 0;
    state.episodeReturn = 0;
    const sink = hooks[EVENT_SINK];
    if (sink !== undefined && sink.observed) {
      sink.next({ type: 'reset', episode: state.episodeIndex, seed, observation: result.observation, info: result.info });
    }
    return result;
  }

  /** Advances the episode by one action. */
  step(action: Act): StepResult<Obs, StepInfo> {
    const state = this[ENV_STATE];
    if (state.phase !== RUNNING) throw this.resetNeeded();
    if (!this.actionSpace.contains(action)) {
      throw new InvalidActionError(
        `Expects an action inside ${String(this.actionSpace)} for ${this.toString()}, actual: ${describeValue(action)}`,
      );
    }
    const result = this.onStep(action);
    state.elapsedSteps++;
    state.episodeReturn += result.reward;
    const ended = result.terminated || result.truncated;
    if (ended) state.phase = ENDED;
    const sink = (this as CapabilityHooks<Obs, Act>)[EVENT_SINK];
    if (sink !== undefined && sink.observed) this.publishStep(sink, action, result, ended);
    return result;
  }

  /** A text picture of the current state (override it; the default names the environment). */
  render(): string {
    return this.toString();
  }

  /** Releases resources; safe to call more than once. Completes the event stream. */
  close(): void {
    const state = this[ENV_STATE];
    if (state.closed) return;
    state.closed = true;
    this.onClose();
    (this as CapabilityHooks<Obs, Act>)[EVENT_SINK]?.complete();
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this[ENV_STATE].closed;
  }

  /** The innermost environment (the environment itself; wrappers return the one they wrap). */
  get unwrapped(): Env<unknown, unknown> {
    return this;
  }

  /** How `make()` built this environment (undefined when constructed directly). */
  get spec(): EnvSpec | undefined {
    return this[ENV_STATE].spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this[ENV_STATE].spec = spec;
  }

  /** The class name, with the registered id when made by `make()`: `GridWalk<GridWalk-v0>`. */
  toString(): string {
    const name = this.constructor.name;
    const spec = this[ENV_STATE].spec;
    return spec === undefined ? name : `${name}<${spec.id}>`;
  }

  /** Starts an episode; `args.seed` has already reseeded `Seeded` environments. */
  protected abstract onReset(args: ResetArgs): ResetResult<Obs, ResetInfo>;

  /** Applies an action that is known to be inside `actionSpace`, in a running episode. */
  protected abstract onStep(action: Act): StepResult<Obs, StepInfo>;

  /** Releases resources, once. */
  protected onClose(): void {}

  private resetNeeded(): ResetNeededError {
    const where = this.toString();
    const state = this[ENV_STATE];
    if (state.phase === NEEDS_RESET) {
      return new ResetNeededError(`Cannot call step() before reset() on ${where}; call reset() first`);
    }
    return new ResetNeededError(
      `Cannot call step() after the episode ended on ${where} (after ${state.elapsedSteps} steps); call reset() to start a new episode`,
    );
  }

  private publishStep(sink: { next(event: EnvEvent<Obs, Act>): void }, action: Act, result: StepResult<Obs, StepInfo>, ended: boolean): void {
    const { observation, reward, terminated, truncated, info } = result;
    const { episodeIndex: episode, elapsedSteps, episodeReturn } = this[ENV_STATE];
    sink.next({ type: 'step', episode, step: elapsedSteps, action, observation, reward, terminated, truncated, info });
    if (ended) {
      sink.next({ type: 'episode', episode, length: elapsedSteps, return: episodeReturn, terminated, truncated });
    }
  }
}
