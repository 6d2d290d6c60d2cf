/** Small environments for the gym tests. */
import { EventSource, Discrete, Env, Mixin, Seeded, type ResetArgs, type ResetResult, type StepResult } from '../../src/gym/index.js';

/** Counts down from `length`; reward = action; terminates at 0; observation = steps left. */
export class Countdown extends Mixin(Env<number, number>, Seeded, EventSource<number, number>) {
  readonly observationSpace = new Discrete(11);
  readonly actionSpace = new Discrete(2);
  readonly length: number;
  left = 0;
  lastResetArgs: ResetArgs | undefined;
  closeCount = 0;

  constructor(length = 3) {
    super();
    this.length = length;
  }

  protected onReset(args: ResetArgs): ResetResult<number> {
    this.left = this.length;
    this.lastResetArgs = args;
    return { observation: this.left, info: { noise: this.rng.int(0, 1_000_000) } };
  }

  protected onStep(action: number): StepResult<number> {
    this.left--;
    return { observation: this.left, reward: action, terminated: this.left === 0, truncated: false, info: { left: this.left } };
  }

  protected override onClose(): void {
    this.closeCount++;
  }
}

/** Never terminates; truncates itself after `limit` steps. */
export class SelfTruncating extends Env<number, number> {
  readonly observationSpace = new Discrete(1);
  readonly actionSpace = new Discrete(1);
  private steps = 0;

  constructor(private readonly limit: number) {
    super();
  }

  protected onReset(): ResetResult<number> {
    this.steps = 0;
    return { observation: 0, info: {} };
  }

  protected onStep(): StepResult<number> {
    this.steps++;
    return { observation: 0, reward: 0, terminated: false, truncated: this.steps >= this.limit, info: {} };
  }
}
