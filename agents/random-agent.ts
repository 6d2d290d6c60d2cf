/** Random search: uniform samples of the action space, the baseline every study needs. */
import * as z from 'zod';
import type { Rng } from '../src/random/rng.js';
import { SearchAgent, type SearchOutcome } from './agent.js';
import type { SearchSession } from './search-session.js';

export const randomHyperparameterShape = {
  /**
   * Never evaluate an action twice (stops with reason `exhausted` once every action was tried); applies
   * while every step evaluates a design (not to the decisions of sequential episodes). When evaluations
   * count designs, repeats are free anyway. Default false.
   */
  withoutReplacement: z.boolean(),
};

export type RandomHyperparameters = z.infer<z.ZodObject<typeof randomHyperparameterShape>>;

export const RANDOM_DEFAULTS: RandomHyperparameters = Object.freeze({ withoutReplacement: false });

/** Resampling attempts before sampling without replacement falls back to enumerating the unseen actions. */
const REJECTION_ATTEMPTS = 64;

/**
 * Uniformly random actions (within the environment's action mask), one per step, independent of
 * observations and rewards. With `withoutReplacement`, every action is evaluated at most once.
 *
 * @example
 * const agent = new RandomAgent();
 * const done = await lastValueFrom(agent.run(make('Bandit-v0', { arms: 4 }), { budget: 20, seed: 3 }));
 * done.evaluations;   // 20
 * done.hyperparameters;   // { withoutReplacement: false }
 */
export class RandomAgent extends SearchAgent<RandomHyperparameters> {
  constructor(hyperparameters: Partial<RandomHyperparameters> = {}) {
    super('random', randomHyperparameterShape, RANDOM_DEFAULTS, hyperparameters);
  }

  protected async search(session: SearchSession, hyperparameters: RandomHyperparameters, rng: Rng): Promise<SearchOutcome> {
    const codec = session.codec;
    const seen = new Set<string>();
    while (session.remaining > 0) {
      session.observe();
      if (!hyperparameters.withoutReplacement || !session.stepsAreEvaluations || session.actionMask !== undefined) {
        await session.step(codec.sample(rng, session.actionMask));
        continue;
      }
      if (seen.size >= codec.designCount) return { reason: 'exhausted' };
      let choices = codec.sample(rng);
      for (let attempt = 0; seen.has(codec.key(choices)) && attempt < REJECTION_ATTEMPTS; attempt++) {
        choices = codec.sample(rng);
      }
      if (seen.has(codec.key(choices))) choices = unseenChoice(codec.choiceCounts, seen, rng);
      seen.add(codec.key(choices));
      await session.step(choices);
    }
    return {};
  }
}

/** A uniformly random choice vector not in `seen` (enumerates the space; only reached when it is nearly exhausted). */
function unseenChoice(choiceCounts: readonly number[], seen: ReadonlySet<string>, rng: Rng): number[] {
  const unseen: number[][] = [];
  const current = choiceCounts.map(() => 0);
  for (;;) {
    if (!seen.has(current.join(','))) unseen.push(current.slice());
    let dimension = 0;
    while (dimension < current.length) {
      current[dimension] = (current[dimension] as number) + 1;
      if ((current[dimension] as number) < (choiceCounts[dimension] as number)) break;
      current[dimension] = 0;
      dimension++;
    }
    if (dimension === current.length) break;
  }
  return rng.choice(unseen);
}
