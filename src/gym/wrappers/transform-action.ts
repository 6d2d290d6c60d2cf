/** An action wrapper given by a function (Gymnasium's `TransformAction`). */
import { describeValue } from '../describe-value.js';
import type { Env } from '../env.js';
import type { Space } from '../spaces/space.js';
import { ActionWrapper } from './action-wrapper.js';

/**
 * Applies `transform` to every action from `actionSpace` before the wrapped environment sees it.
 *
 * @example
 * const env = new TransformAction(make('Bandit-v0', { arms: 4 }), (bit) => bit * 3, new Discrete(2));
 * env.reset({ seed: 0 });
 * env.step(1).info.arm;   // 3
 */
export class TransformAction<Obs, Act, InnerAct> extends ActionWrapper<Obs, Act, InnerAct> {
  private readonly transform: (action: Act) => InnerAct;

  constructor(env: Env<Obs, InnerAct>, transform: (action: Act) => InnerAct, actionSpace: Space<Act, unknown>) {
    super(env, actionSpace);
    if (typeof transform !== 'function') {
      throw new TypeError(`Expects \`transform\` to be a function, actual: ${describeValue(transform)}`);
    }
    this.transform = transform;
  }

  action(action: Act): InnerAct {
    return this.transform(action);
  }
}
