/** Regularised (aging) evolution: tournament selection, per-dimension mutation, optional uniform crossover. */
import * as z from 'zod';
import type { Rng } from '../src/random/rng.js';
import type { ActionCodec, Choices } from './action-codec.js';
import { SearchAgent, type SearchOutcome } from './agent.js';
import type { SearchSession } from './search-session.js';

export const evolutionHyperparameterShape = {
  /** Individuals alive at once; the first `populationSize` evaluations are random. Default 20. */
  populationSize: z.number().int().min(2).max(100_000),
  /** Individuals drawn (without replacement) per tournament; the fittest becomes a parent. Default 5. */
  tournamentSize: z.number().int().min(1).max(100_000),
  /** Probability that each dimension of a child is mutated, or 'auto' for 1 / dimensions; at least one dimension always changes. Default 'auto'. */
  mutationProbability: z.union([z.literal('auto'), z.number().gt(0).max(1)], {
    error: "Invalid input: expected 'auto' or a number in (0, 1]",
  }),
  /** Probability that a child is the uniform crossover of two tournament winners (before mutation). Default 0. */
  crossoverProbability: z.number().min(0).max(1),
  /** Re-draw children whose action was already evaluated (up to 32 times), so a deterministic environment never spends budget twice on one design. Default true. */
  avoidDuplicates: z.boolean(),
};

export type EvolutionHyperparameters = z.infer<z.ZodObject<typeof evolutionHyperparameterShape>>;

export const EVOLUTION_DEFAULTS: EvolutionHyperparameters = Object.freeze({
  populationSize: 20,
  tournamentSize: 5,
  mutationProbability: 'auto',
  crossoverProbability: 0,
  avoidDuplicates: true,
});

const REDRAW_ATTEMPTS = 32;

interface Individual {
  readonly choices: Choices;
  readonly reward: number;
}

/**
 * Regularised evolution (Real et al., AAAI 2019): a population of the `populationSize` most recent
 * evaluations; each child is a mutation of the winner of a tournament of `tournamentSize` random
 * individuals, and replaces the oldest individual (aging), so good designs must keep being
 * rediscovered instead of dominating forever.
 *
 * @example
 * const agent = new EvolutionAgent({ populationSize: 8, tournamentSize: 3 });
 * const done = await lastValueFrom(agent.run(make('Bandit-v0', { arms: 10 }), { budget: 30, seed: 1 }));
 * done.hyperparameters.populationSize;   // 8
 */
export class EvolutionAgent extends SearchAgent<EvolutionHyperparameters> {
  constructor(hyperparameters: Partial<EvolutionHyperparameters> = {}) {
    super('evolution', evolutionHyperparameterShape, EVOLUTION_DEFAULTS, hyperparameters);
  }

  protected override crossCheck(hyperparameters: EvolutionHyperparameters): string[] {
    const { tournamentSize, populationSize } = hyperparameters;
    return tournamentSize > populationSize
      ? [`\`tournamentSize\` (actual: ${tournamentSize}) must be at most \`populationSize\` (actual: ${populationSize})`]
      : [];
  }

  protected async search(session: SearchSession, hyperparameters: EvolutionHyperparameters, rng: Rng): Promise<SearchOutcome> {
    const codec = session.codec;
    const { populationSize, avoidDuplicates, crossoverProbability } = hyperparameters;
    const mutationProbability =
      hyperparameters.mutationProbability === 'auto' ? 1 / codec.dimensions : hyperparameters.mutationProbability;
    const population: Individual[] = [];
    const seen = new Set<string>();
    let children = 0;
    let crossovers = 0;
    const fresh = (draw: () => Choices): Choices => {
      let choices = draw();
      if (!avoidDuplicates) return choices;
      for (let attempt = 0; seen.has(codec.key(choices)) && attempt < REDRAW_ATTEMPTS; attempt++) choices = draw();
      return choices;
    };
    while (session.remaining > 0) {
      let choices: Choices;
      if (population.length < populationSize) {
        choices = fresh(() => codec.sample(rng));
      } else {
        const parent = tournament(population, hyperparameters.tournamentSize, rng);
        const crossover = crossoverProbability > 0 && rng.float() < crossoverProbability;
        const mate = crossover ? tournament(population, hyperparameters.tournamentSize, rng) : undefined;
        if (crossover) crossovers++;
        children++;
        choices = fresh(() => {
          const base = mate === undefined ? parent.choices : uniformCrossover(parent.choices, mate.choices, rng);
          return mutate(base, codec, mutationProbability, rng);
        });
        if (avoidDuplicates && seen.has(codec.key(choices))) choices = fresh(() => codec.sample(rng));
      }
      session.observe();
      if (!session.allows(choices)) choices = codec.sample(rng, session.actionMask);
      seen.add(codec.key(choices));
      const { reward } = await session.step(choices);
      population.push({ choices, reward });
      if (population.length > populationSize) population.shift();
    }
    return { details: { children, crossovers, distinctDesigns: seen.size } };
  }
}

/** The fittest of `size` individuals drawn without replacement (the earliest drawn wins ties). */
function tournament(population: readonly Individual[], size: number, rng: Rng): Individual {
  const pool = population.map((_, index) => index);
  let winner: Individual | undefined;
  for (let i = 0; i < size; i++) {
    const j = rng.int(i, pool.length - 1);
    const picked = pool[j] as number;
    pool[j] = pool[i] as number;
    pool[i] = picked;
    const candidate = population[picked] as Individual;
    if (winner === undefined || candidate.reward > winner.reward) winner = candidate;
  }
  return winner as Individual;
}

/** Each dimension from either parent with probability 1/2. */
function uniformCrossover(first: Choices, second: Choices, rng: Rng): Choices {
  return first.map((choice, i) => (rng.float() < 0.5 ? choice : (second[i] as number)));
}

/**
 * Each dimension with more than one choice changes, with probability `probability`, to a uniformly
 * random different choice; when none changed, one random such dimension does.
 */
export function mutate(parent: Choices, codec: ActionCodec, probability: number, rng: Rng): Choices {
  const counts = codec.choiceCounts;
  const mutable = counts.flatMap((count, i) => (count > 1 ? [i] : []));
  const child = parent.slice();
  if (mutable.length === 0) return child;
  let changed = false;
  for (const i of mutable) {
    if (rng.float() < probability) {
      child[i] = differentChoice(parent[i] as number, counts[i] as number, rng);
      changed = true;
    }
  }
  if (!changed) {
    const i = rng.choice(mutable);
    child[i] = differentChoice(parent[i] as number, counts[i] as number, rng);
  }
  return child;
}

function differentChoice(current: number, count: number, rng: Rng): number {
  const other = rng.int(0, count - 2);
  return other >= current ? other + 1 : other;
}
