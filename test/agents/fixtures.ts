/** Small synthetic environments with known optima, for the agent tests. */
import { Mixin } from 'ts-mixer';
import { Box, Discrete, Env, EventSource, MultiDiscrete, Seeded, type ResetResult, type StepResult } from '../../src/gym/index.js';

/**
 * One complete design per step: reward = -sum_i weight_i (x_i - optimum_i)^2 / (n_i - 1)^2 minus an
 * interaction term, so the unique optimum is `optimum` with reward 0. Episodes last `episodeLength`
 * steps; the observation is the last reward. `info` carries the decoded design and metrics like the
 * real environments do.
 */
export class QuadraticDesignEnv extends Mixin(Env<number[], number[]>, Seeded, EventSource<number[], number[]>) {
  readonly observationSpace: Box;
  readonly actionSpace: MultiDiscrete;
  readonly nvec: readonly number[];
  readonly optimum: readonly number[];
  readonly episodeLength: number;
  private steps = 0;

  constructor(nvec: readonly number[], optimum: readonly number[], episodeLength = 1) {
    super();
    this.nvec = nvec;
    this.optimum = optimum;
    this.episodeLength = episodeLength;
    this.actionSpace = new MultiDiscrete(nvec);
    this.observationSpace = new Box(-100, 0, [1]);
  }

  /** The reward of a design. */
  score(design: readonly number[]): number {
    let cost = 0;
    design.forEach((value, i) => {
      const span = Math.max(1, (this.nvec[i] as number) - 1);
      cost += (i + 1) * ((value - (this.optimum[i] as number)) / span) ** 2;
    });
    const first = ((design[0] as number) - (this.optimum[0] as number)) / Math.max(1, (this.nvec[0] as number) - 1);
    const last = ((design.at(-1) as number) - (this.optimum.at(-1) as number)) / Math.max(1, (this.nvec.at(-1) as number) - 1);
    return -(cost + 0.5 * Math.abs(first * last));
  }

  protected onReset(): ResetResult<number[]> {
    this.steps = 0;
    return { observation: [0], info: {} };
  }

  protected onStep(action: number[]): StepResult<number[]> {
    this.steps++;
    const reward = this.score(action);
    return {
      observation: [Math.max(-100, reward)],
      reward,
      terminated: this.steps >= this.episodeLength,
      truncated: false,
      info: { design: { knobs: action.slice() }, metrics: { cost: -reward, feasible: true } },
    };
  }
}

/**
 * Sequential mode: one decision per step (a `Discrete(maxChoices)` action whose value is taken modulo
 * the current dimension's choices), the observation one-hot of the dimension being decided, reward
 * only at the end of the episode (as in ConfuciuX).
 */
export class SequentialDesignEnv extends Mixin(Env<number[], number>, Seeded) {
  readonly observationSpace: MultiDiscrete;
  readonly actionSpace: Discrete;
  private readonly inner: QuadraticDesignEnv;
  private decisions: number[] = [];

  constructor(nvec: readonly number[], optimum: readonly number[]) {
    super();
    this.inner = new QuadraticDesignEnv(nvec, optimum);
    this.actionSpace = new Discrete(Math.max(...nvec));
    this.observationSpace = new MultiDiscrete([nvec.length]);
  }

  protected onReset(): ResetResult<number[]> {
    this.decisions = [];
    return { observation: [0], info: {} };
  }

  protected onStep(action: number): StepResult<number[]> {
    const nvec = this.inner.nvec;
    this.decisions.push(action % (nvec[this.decisions.length] as number));
    const done = this.decisions.length === nvec.length;
    return {
      observation: [done ? 0 : this.decisions.length],
      reward: done ? this.inner.score(this.decisions) : 0,
      terminated: done,
      truncated: false,
      info: done ? { design: { knobs: this.decisions.slice() } } : {},
    };
  }
}
