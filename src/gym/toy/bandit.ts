/** A k-armed Gaussian bandit: the smallest environment with a seeded, stochastic reward. */
import { Mixin } from 'ts-mixer';
import * as z from 'zod';
import { EventSource } from '../capabilities/event-source.js';
import { Seeded } from '../capabilities/seeded.js';
import { Env, type ResetResult, type StepResult } from '../env.js';
import { Discrete } from '../spaces/discrete.js';
import { parseOptions } from '../options.js';

export const banditOptionsSchema = z.strictObject({
  /** Number of arms. */
  arms: z.number().int().min(1).max(1_000_000),
  /** Pulls per episode; the episode terminates after the last one. */
  pulls: z.number().int().min(1),
});

export type BanditOptions = z.infer<typeof banditOptionsSchema>;

/** The info of a pull: the arm and its regret (the best mean minus its mean). */
export type BanditInfo = { arm: number; regret: number };

export const BANDIT_DEFAULTS: BanditOptions = { arms: 10, pulls: 100 };

/**
 * Each episode draws arm means from a standard normal (with the environment generator); pulling arm
 * `a` pays `mean[a]` plus standard normal noise. The observation is always 0; `info` carries the arm
 * pulled and its regret (best mean minus its mean). Registered as `Bandit-v0`.
 *
 * @example
 * const bandit = new Bandit({ arms: 3 });
 * bandit.reset({ seed: 42 });
 * const { reward, info } = bandit.step(2);   // a noisy reward; info: { arm: 2, regret: ... }
 */
export class Bandit extends Mixin(Env<number, number, BanditInfo, Record<string, never>>, Seeded, EventSource<number, number>) {
  readonly options: BanditOptions;
  readonly observationSpace: Discrete;
  readonly actionSpace: Discrete;
  private means: number[] = [];
  private bestMean = 0;
  private pullsMade = 0;
  private lastArm = -1;

  constructor(options: Partial<BanditOptions> = {}) {
    super();
    this.options = parseOptions('Bandit', banditOptionsSchema, { ...BANDIT_DEFAULTS, ...options });
    this.observationSpace = new Discrete(1);
    this.actionSpace = new Discrete(this.options.arms);
  }

  protected onReset(): ResetResult<number, Record<string, never>> {
    const rng = this.rng;
    this.means = Array.from({ length: this.options.arms }, () => rng.normal());
    this.bestMean = Math.max(...this.means);
    this.pullsMade = 0;
    this.lastArm = -1;
    return { observation: 0, info: {} };
  }

  protected onStep(arm: number): StepResult<number, BanditInfo> {
    const mean = this.means[arm] as number;
    this.pullsMade++;
    this.lastArm = arm;
    return {
      observation: 0,
      reward: mean + this.rng.normal(),
      terminated: this.pullsMade >= this.options.pulls,
      truncated: false,
      info: { arm, regret: this.bestMean - mean },
    };
  }

  override render(): string {
    const last = this.lastArm < 0 ? 'none' : String(this.lastArm);
    return `Bandit: ${this.options.arms} arms, pull ${this.pullsMade}/${this.options.pulls}, last arm ${last}`;
  }
}
