/** Bayesian optimisation: a Gaussian process on the normalised actions and expected improvement (or UCB) over sampled candidates. */
import * as z from 'zod';
import type { Rng } from '../../src/random/rng.js';
import type { ActionCodec, Choices } from '../action-codec.js';
import { SearchAgent, type SearchOutcome } from '../agent.js';
import type { SearchSession } from '../search-session.js';
import { expectedImprovement, upperConfidenceBound } from './acquisition.js';
import { acquisitionCandidates } from './candidates.js';
import { GaussianProcess } from './gaussian-process.js';
import type { GpHyperparameters } from './matern52.js';
import { fitGpHyperparameters } from './marginal-likelihood.js';
import { warpRewards } from './output-warping.js';

export const bayesianHyperparameterShape = {
  /** Random (distinct) actions evaluated before the GP proposes any. Default 10. */
  initialPoints: z.number().int().min(1).max(100_000),
  /** 'ei' (expected improvement) or 'ucb' (upper confidence bound). Default 'ei'. */
  acquisition: z.enum(['ei', 'ucb']),
  /** EI's improvement threshold, in units of the warped targets (about standard deviations). Default 0.01. */
  explorationXi: z.number().min(0).max(10),
  /** UCB's weight of the posterior standard deviation. Default 2. */
  ucbBeta: z.number().min(0).max(100),
  /** Uniformly random candidates scored per iteration. Default 256. */
  randomCandidates: z.number().int().min(1).max(1_000_000),
  /** Incumbents (best observations) whose single-dimension neighbours are also scored. Default 5. */
  localBest: z.number().int().min(0).max(10_000),
  /** At most this many neighbours per incumbent (a random subset when there are more). Default 32. */
  localCandidates: z.number().int().min(0).max(1_000_000),
  /** Refit the GP hyperparameters every this many proposals (the factor is extended in O(n^2) between refits). Default 5. */
  refitEvery: z.number().int().min(1).max(1_000_000),
  /** Observations the marginal likelihood is fitted on (the best half and a random rest when there are more). Default 128. */
  fitPoints: z.number().int().min(2).max(100_000),
  /** Adam steps per hyperparameter fit (warm-started from the previous fit). Default 30. */
  fitSteps: z.number().int().min(0).max(100_000),
  /** 'copula' (rank-based Gaussian, robust to reward scale and penalties) or 'standardize'. Default 'copula'. */
  outputWarping: z.enum(['copula', 'standardize']),
};

export type BayesianOptimizationHyperparameters = z.infer<z.ZodObject<typeof bayesianHyperparameterShape>>;

export const BAYESIAN_OPTIMIZATION_DEFAULTS: BayesianOptimizationHyperparameters = Object.freeze({
  initialPoints: 10,
  acquisition: 'ei',
  explorationXi: 0.01,
  ucbBeta: 2,
  randomCandidates: 256,
  localBest: 5,
  localCandidates: 32,
  refitEvery: 5,
  fitPoints: 128,
  fitSteps: 30,
  outputWarping: 'copula',
});

const INITIAL_GP: Omit<GpHyperparameters, 'lengthscales'> = { signalVariance: 1, noiseVariance: 1e-3 };
const INITIAL_LENGTHSCALE = 0.5;
const REDRAW_ATTEMPTS = 64;

/**
 * Bayesian optimisation for Discrete and MultiDiscrete action spaces. Actions are encoded as their
 * choices scaled to [0, 1] per dimension (dimensions with a single choice dropped); rewards are warped
 * (`outputWarping`) into targets of a zero-mean GP with a Matern 5/2 ARD kernel, whose lengthscales,
 * signal and noise variance maximise the marginal likelihood (with a weak log-normal prior on the
 * lengthscales). Each iteration scores `randomCandidates` random unobserved actions plus neighbours of
 * the `localBest` best observations by EI (or UCB) and evaluates the best one; once every action was
 * observed it re-evaluates the best-scoring observed ones (useful only for noisy environments).
 *
 * @example
 * const agent = new BayesianOptimizationAgent({ initialPoints: 5, randomCandidates: 64 });
 * const done = await lastValueFrom(agent.run(make('Bandit-v0', { arms: 8 }), { budget: 12, seed: 0 }));
 * done.details.fits > 0;   // true
 */
export class BayesianOptimizationAgent extends SearchAgent<BayesianOptimizationHyperparameters> {
  constructor(hyperparameters: Partial<BayesianOptimizationHyperparameters> = {}) {
    super('bo', bayesianHyperparameterShape, BAYESIAN_OPTIMIZATION_DEFAULTS, hyperparameters);
  }

  protected async search(
    session: SearchSession,
    hyperparameters: BayesianOptimizationHyperparameters,
    rng: Rng,
  ): Promise<SearchOutcome> {
    const codec = session.codec;
    const encode = encoder(codec);
    const dimensions = Math.max(1, codec.choiceCounts.filter((count) => count > 1).length);
    const observedChoices: Choices[] = [];
    const observedPoints: number[][] = [];
    const rewards: number[] = [];
    const observedKeys = new Set<string>();
    const record = async (choices: Choices): Promise<void> => {
      const { reward } = await session.step(choices);
      observedChoices.push(choices);
      observedPoints.push(encode(choices));
      rewards.push(reward);
      observedKeys.add(codec.key(choices));
    };

    while (session.remaining > 0 && observedChoices.length < hyperparameters.initialPoints) {
      let choices = codec.sample(rng);
      for (let attempt = 0; observedKeys.has(codec.key(choices)) && attempt < REDRAW_ATTEMPTS; attempt++) choices = codec.sample(rng);
      await record(choices);
    }

    let gpHyperparameters: GpHyperparameters = { ...INITIAL_GP, lengthscales: new Array<number>(dimensions).fill(INITIAL_LENGTHSCALE) };
    const gp = new GaussianProcess(dimensions, gpHyperparameters);
    let proposals = 0;
    let fits = 0;
    let lastLogLikelihood = Number.NaN;
    while (session.remaining > 0) {
      const targets = warpRewards(rewards, hyperparameters.outputWarping);
      if (proposals % hyperparameters.refitEvery === 0) {
        const subset = fitSubset(targets, hyperparameters.fitPoints, rng);
        const fitted = fitGpHyperparameters(
          subset.map((i) => observedPoints[i] as number[]),
          subset.map((i) => targets[i] as number),
          gpHyperparameters,
          hyperparameters.fitSteps,
        );
        gpHyperparameters = fitted.hyperparameters;
        lastLogLikelihood = fitted.logMarginalLikelihood;
        fits++;
        gp.reset(observedPoints, targets, gpHyperparameters);
      } else {
        for (let i = gp.size; i < observedPoints.length; i++) gp.addPoint(observedPoints[i] as number[], targets.slice(0, i + 1));
        gp.setTargets(targets);
      }
      const incumbents = bestIndices(targets, hyperparameters.localBest).map((i) => observedChoices[i] as Choices);
      let pool = acquisitionCandidates(codec, observedKeys, incumbents, rng, hyperparameters);
      if (pool.length === 0) pool = observedChoices.slice();
      const { mean, variance } = gp.predict(pool.map(encode));
      const incumbent = Math.max(...targets);
      let bestScore = -Infinity;
      let chosen = 0;
      for (let c = 0; c < pool.length; c++) {
        const score =
          hyperparameters.acquisition === 'ei'
            ? expectedImprovement(mean[c] as number, variance[c] as number, incumbent, hyperparameters.explorationXi)
            : upperConfidenceBound(mean[c] as number, variance[c] as number, hyperparameters.ucbBeta);
        if (score > bestScore) {
          bestScore = score;
          chosen = c;
        }
      }
      proposals++;
      await record(pool[chosen] as Choices);
    }
    return {
      details: {
        proposals,
        fits,
        gp: { ...gpHyperparameters, logMarginalLikelihood: lastLogLikelihood },
      },
    };
  }
}

/** Encodes choices as the [0, 1]-scaled choices of the dimensions with more than one choice. */
function encoder(codec: ActionCodec): (choices: Choices) => number[] {
  const active = codec.choiceCounts.flatMap((count, i) => (count > 1 ? [i] : []));
  if (active.length === 0) return () => [0];
  return (choices) => {
    const normalised = codec.normalise(choices);
    return active.map((i) => normalised[i] as number);
  };
}

/** Indices of the `count` highest targets (earliest first among ties). */
function bestIndices(targets: readonly number[], count: number): number[] {
  return targets
    .map((_, i) => i)
    .sort((a, b) => (targets[b] as number) - (targets[a] as number) || a - b)
    .slice(0, count);
}

/** Every index when there are at most `size`; else the best half and a random sample of the rest. */
function fitSubset(targets: readonly number[], size: number, rng: Rng): number[] {
  if (targets.length <= size) return targets.map((_, i) => i);
  const ranked = bestIndices(targets, targets.length);
  const best = ranked.slice(0, Math.floor(size / 2));
  const rest = rng.shuffle(ranked.slice(best.length)).slice(0, size - best.length);
  return [...best, ...rest].sort((a, b) => a - b);
}
