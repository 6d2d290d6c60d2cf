/** The base of every wrapper: an environment that forwards to the one it wraps. */
import { describeValue } from '../describe-value.js';
import { Env, type EnvSpec, type Info, type ResetArgs, type ResetResult, type StepResult } from '../env.js';
import { isEnv } from '../capabilities/guards.js';
import type { Space } from '../spaces/space.js';

/** Spaces a wrapper exposes instead of the wrapped environment's. */
export interface WrapperSpaces<Obs, Act> {
  readonly observationSpace?: Space<Obs, unknown> | undefined;
  readonly actionSpace?: Space<Act, unknown> | undefined;
}

/**
 * Wraps an environment to change its behaviour in a modular way (Gymnasium's `Wrapper`). By default
 * every call is forwarded; `unwrapped`, `spec`, `render` and `close` reach the wrapped environment.
 * A wrapper is an `Env`, so its own `step` also enforces reset order and its action space.
 *
 * The default `onReset`/`onStep` forward values unchanged: a subclass that changes the observation
 * or action type must pass its spaces and override them (or use `ObservationWrapper`, `ActionWrapper`).
 * `StepInfo` and `ResetInfo` are the infos the wrapper returns (by default those of the wrapped
 * environment, unchanged).
 *
 * @example
 * class CountSteps extends Wrapper {
 *   steps = 0;
 *   onStep(action) {
 *     this.steps++;
 *     return super.onStep(action);
 *   }
 * }
 * const env = new CountSteps(make('Bandit-v0'));
 * env.reset({ seed: 1 });
 * env.step(0);
 * env.steps;                         // 1
 * String(env);                       // 'CountSteps<Bandit<Bandit-v0>>'
 */
export class Wrapper<Obs, Act, InnerObs = Obs, InnerAct = Act, StepInfo extends Info = Info, ResetInfo extends Info = Info> extends Env<
  Obs,
  Act,
  StepInfo,
  ResetInfo
> {
  /** The wrapped environment. */
  readonly env: Env<InnerObs, InnerAct>;
  readonly observationSpace: Space<Obs, unknown>;
  readonly actionSpace: Space<Act, unknown>;

  constructor(env: Env<InnerObs, InnerAct>, spaces: WrapperSpaces<Obs, Act> = {}) {
    super();
    if (!isEnv(env)) throw new TypeError(`Expects \`env\` to be an Env, actual: ${describeValue(env)}`);
    this.env = env;
    this.observationSpace = spaces.observationSpace ?? (env.observationSpace as unknown as Space<Obs, unknown>);
    this.actionSpace = spaces.actionSpace ?? (env.actionSpace as unknown as Space<Act, unknown>);
  }

  protected onReset(args: ResetArgs): ResetResult<Obs, ResetInfo> {
    return this.env.reset(args) as unknown as ResetResult<Obs, ResetInfo>;
  }

  protected onStep(action: Act): StepResult<Obs, StepInfo> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs, StepInfo>;
  }

  protected override onClose(): void {
    this.env.close();
  }

  override render(): string {
    return this.env.render();
  }

  override get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  override get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  override set spec(spec: EnvSpec | undefined) {
    this.env.spec = spec;
  }

  override toString(): string {
    return `${this.constructor.name}<${this.env.toString()}>`;
  }
}
