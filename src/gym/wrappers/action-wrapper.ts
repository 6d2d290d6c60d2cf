/** A wrapper that translates every action before the wrapped environment sees it. */
import type { Env, StepResult } from '../env.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from './wrapper.js';

/**
 * Override `action(outer)`; pass the space of the actions the agent sends. Actions outside that
 * space are rejected by this wrapper, before translation.
 *
 * @example
 * class Reversed extends ActionWrapper {
 *   constructor(env) { super(env, env.actionSpace); }
 *   action(arm) { return this.actionSpace.n - 1 - arm; }
 * }
 * const env = new Reversed(make('Bandit-v0', { arms: 3 }));
 * env.reset({ seed: 2 });
 * env.step(0).info.arm;   // 2
 */
export abstract class ActionWrapper<Obs, Act, InnerAct> extends Wrapper<Obs, Act, Obs, InnerAct> {
  constructor(env: Env<Obs, InnerAct>, actionSpace: Space<Act, unknown>) {
    super(env, { actionSpace });
  }

  /** The action the wrapped environment receives for `action`. */
  abstract action(action: Act): InnerAct;

  protected override onStep(action: Act): StepResult<Obs> {
    return this.env.step(this.action(action));
  }
}
