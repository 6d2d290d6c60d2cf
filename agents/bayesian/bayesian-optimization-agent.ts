/** Bayesian optimisation for mixed discrete spaces: a GP with ordinal and categorical inputs, log-EI (or UCB) maximised over the whole space. */
import * as z from 'zod';
import type { Rng } from '../../src/random/rng.js';
import type { Choices } from '../action-codec.js';
import { SearchAgent, type SearchOutcome } from '../agent.js';
import type { SearchSession } from '../search-session.js';
import { logExpectedImprovement, upperConfidenceBound } from './acquisition.js';
import { ExhaustiveSearch, localSearch, type Acquisition, type Proposal } from './acquisition-search.js';
import { DesignEncoding } from './design-encoding.js';
import { GaussianProcess } from './gaussian-process.js';
import type { GpHyperparameters } from './matern52.js';
import { fitGpHyperparameters } from './marginal-likelihood.js';
import { warpRewards } from './output-warping.js';
import { VarianceStore } from './variance-store.js';

export const bayesianHyperparameterShape = {
  /** Random (distinct) actions evaluated before the GP proposes any. Default 10. */
  initialPoints: z.number().int().min(1).max(100_000),
  /** 'ei' (expected improvement, maximised as log-EI) or 'ucb' (upper confidence bound). Default 'ei'. */
  acquisition: z.enum(['ei', 'ucb']),
  /** EI's improvement threshold, in units of the warped targets (about standard deviations). Default 0.01. */
  explorationXi: z.number().min(0).max(10),
  /** UCB's weight of the posterior standard deviation. Default 2. */
  ucbBeta: z.number().min(0).max(100),
  /** Score every design when the space has at most this many; search locally otherwise. Default 50,000. */
  exhaustiveLimit: z.number().int().min(0).max(10_000_000),
  /** Local search (larger spaces): starts from this many of the best observations... Default 5. */
  localStarts: z.number().int().min(0).max(10_000),
  /** ...and from this many random designs. Default 15. */
  randomStarts: z.number().int().min(0).max(10_000),
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
  exhaustiveLimit: 50_000,
  localStarts: 5,
  randomStarts: 15,
  refitEvery: 5,
  fitPoints: 128,
  fitSteps: 30,
  outputWarping: 'copula',
});

const INITIAL_GP: Omit<GpHyperparameters, 'lengthscales'> = { signalVariance: 1, noiseVariance: 1e-3 };
const INITIAL_LENGTHSCALE = 0.5;
const REDRAW_ATTEMPTS = 64;
const LOCAL_SEARCH_MOVES = 50;

/**
 * Bayesian optimisation for Discrete and MultiDiscrete action spaces with ordinal and categorical
 * dimensions (as the environment declares them in `actionKinds`; ordinal otherwise). A design's GP
 * input has its ordinal choices scaled to [0, 1] and its categorical choices as category indices,
 * which the Matern 5/2 ARD kernel compares for equality (an overlap kernel: every other category is
 * one lengthscale away). Rewards are warped (`outputWarping`) into the targets of a zero-mean GP whose
 * lengthscales, signal and noise variance maximise the marginal likelihood (with a weak log-normal
 * prior on the lengthscales). Each proposal maximises log-EI (or UCB) over the whole space: every
 * design not yet evaluated is scored when there are at most `exhaustiveLimit`, else a multi-start
 * local search (single-dimension moves from the best observations and random designs) finds it.
 * Once every design was evaluated it stops (`exhausted`) where evaluations count designs, and
 * re-evaluates the best-scoring one where they count (noisy) steps. In sequential episodes, whose
 * steps evaluate no design, it decides uniformly within the action mask.
 *
 * @example
 * const agent = new BayesianOptimizationAgent({ initialPoints: 5 });
 * const done = await lastValueFrom(agent.run(make('Bandit-v0', { arms: 8 }), { budget: 12, seed: 0 }));
 * done.details.fits > 0;   // true
 */
export class BayesianOptimizationAgent extends SearchAgent<BayesianOptimizationHyperparameters> {
  constructor(hyperparameters: Partial<BayesianOptimizationHyperparameters> = {}) {
    super('bo', bayesianHyperparameterShape, BAYESIAN_OPTIMIZATION_DEFAULTS, hyperparameters);
  }

  protected async search(session: SearchSession, hyperparameters: BayesianOptimizationHyperparameters, rng: Rng): Promise<SearchOutcome> {
    const codec = session.codec;
    const encoding = new DesignEncoding(codec, session.actionKinds);
    const observedChoices: Choices[] = [];
    const observedPoints: number[][] = [];
    const rewards: number[] = [];
    const observedKeys = new Set<string>();
    const exhaustive = codec.designCount <= hyperparameters.exhaustiveLimit ? new ExhaustiveSearch(codec, encoding, session.budget + 1) : null;
    const record = async (choices: Choices): Promise<void> => {
      const { reward } = await session.step(choices);
      if (!session.stepsAreEvaluations) return;
      observedChoices.push(choices);
      observedPoints.push(encoding.encode(choices));
      rewards.push(reward);
      observedKeys.add(codec.key(choices));
      exhaustive?.observe(choices);
    };
    const randomDecision = async (): Promise<void> => {
      session.observe();
      await record(codec.sample(rng, session.actionMask));
    };

    while (session.remaining > 0 && observedChoices.length < hyperparameters.initialPoints) {
      if (!session.stepsAreEvaluations) {
        await randomDecision();
        continue;
      }
      session.observe();
      let choices = codec.sample(rng, session.actionMask);
      for (let attempt = 0; observedKeys.has(codec.key(choices)) && attempt < REDRAW_ATTEMPTS; attempt++) choices = codec.sample(rng, session.actionMask);
      await record(choices);
    }

    let gpHyperparameters: GpHyperparameters = { ...INITIAL_GP, lengthscales: new Array<number>(encoding.dimensions).fill(INITIAL_LENGTHSCALE) };
    const gp = new GaussianProcess(encoding.dimensions, gpHyperparameters, encoding.categorical);
    const variances = new VarianceStore(gp);
    let proposals = 0;
    let fits = 0;
    let lastLogLikelihood = Number.NaN;
    let reason: SearchOutcome['reason'];
    while (session.remaining > 0) {
      if (!session.stepsAreEvaluations) {
        await randomDecision();
        continue;
      }
      const targets = warpRewards(rewards, hyperparameters.outputWarping);
      const refit = proposals % hyperparameters.refitEvery === 0;
      if (refit) {
        const subset = fitSubset(targets, hyperparameters.fitPoints, rng);
        const fitted = fitGpHyperparameters(
          subset.map((i) => observedPoints[i] as number[]),
          subset.map((i) => targets[i] as number),
          gpHyperparameters,
          hyperparameters.fitSteps,
          undefined,
          encoding.categorical,
        );
        gpHyperparameters = fitted.hyperparameters;
        lastLogLikelihood = fitted.logMarginalLikelihood;
        fits++;
        gp.reset(observedPoints, targets, gpHyperparameters);
      } else {
        for (let i = gp.size; i < observedPoints.length; i++) gp.addPoint(observedPoints[i] as number[], targets.slice(0, i + 1));
        gp.setTargets(targets);
      }
      const incumbent = Math.max(...targets);
      const acquisition: Acquisition =
        hyperparameters.acquisition === 'ei'
          ? (mean, variance) => logExpectedImprovement(mean, variance, incumbent, hyperparameters.explorationXi)
          : (mean, variance) => upperConfidenceBound(mean, variance, hyperparameters.ucbBeta);
      session.observe();
      const allowed = (choices: Choices): boolean => session.allows(choices);
      let proposal: Proposal | null;
      if (exhaustive !== null) {
        proposal = exhaustive.propose(gp, refit, acquisition, acquisition, allowed);
      } else {
        const incumbents = bestIndices(targets, hyperparameters.localStarts).map((i) => observedChoices[i] as Choices);
        proposal = localSearch(codec, encoding, gp, acquisition, acquisition, observedKeys, allowed, rng, {
          incumbents,
          randomStarts: hyperparameters.randomStarts,
          maxMoves: LOCAL_SEARCH_MOVES,
        }, variances);
        if (proposal === null) proposal = unobservedSample(codec, observedKeys, allowed, rng);
      }
      if (proposal === null) {
        if (session.evaluationUnit === 'design') {
          reason = 'exhausted';
          break;
        }
        const means = gp.predictMean(observedPoints);
        const bestObserved = means.indexOf(Math.max(...means));
        proposal = { choices: observedChoices[bestObserved] as Choices, value: Number.NaN };
      }
      proposals++;
      await record(proposal.choices);
    }
    return {
      ...(reason === undefined ? {} : { reason }),
      details: {
        proposals,
        fits,
        scoring: exhaustive !== null ? 'every design' : 'local search',
        gp: { ...gpHyperparameters, logMarginalLikelihood: lastLogLikelihood },
      },
    };
  }
}

/** A random allowed design not observed yet (a few draws), or null. */
function unobservedSample(codec: SearchSession['codec'], observed: ReadonlySet<string>, allowed: (choices: Choices) => boolean, rng: Rng): Proposal | null {
  for (let attempt = 0; attempt < REDRAW_ATTEMPTS; attempt++) {
    const choices = codec.sample(rng);
    if (!observed.has(codec.key(choices)) && allowed(choices)) return { choices, value: Number.NaN };
  }
  return null;
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
