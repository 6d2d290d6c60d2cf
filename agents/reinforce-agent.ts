/** REINFORCE on TF.js: an autoregressive categorical policy, risk-seeking advantages against the recent elite and a scheduled entropy bonus. */
import type { Scalar } from '@tensorflow/tfjs';
import * as z from 'zod';
import type { Rng } from '../src/random/rng.js';
import type { Choices } from './action-codec.js';
import type { SearchOutcome } from './agent.js';
import type { SearchSession } from './search-session.js';
import { normaliseAdvantages, riskSeekingAdvantages } from './tfjs/advantages.js';
import { optimizerStep } from './tfjs/gradients.js';
import type { HeadMasks } from './tfjs/policy-network.js';
import { entropyWeight, networkHyperparameterShape, PolicyProposer, TfjsSearchAgent, type NetworkHyperparameters } from './tfjs/tfjs-agent.js';

export const reinforceHyperparameterShape = {
  ...networkHyperparameterShape,
  /** Update the policy after this many finished episodes (designs, in complete-design episodes). Default 8. */
  batchEpisodes: z.number().int().min(1).max(1_000_000),
  /**
   * The risk-seeking policy gradient (Petersen et al. 2021) with epsilon = `riskQuantile`: only returns
   * above the (1 - epsilon) quantile of recent returns drive the update, with that quantile as the
   * baseline. Default 0.1; null: every return of the batch, normalised by `advantages`.
   */
  riskQuantile: z.number().gt(0).max(1).nullable(),
  /** With `riskQuantile`: the quantile is that of the last this many returns (at least the batch's). Default 64. */
  riskMemory: z.number().int().min(0).max(1_000_000),
};

export type ReinforceHyperparameters = NetworkHyperparameters & { batchEpisodes: number; riskQuantile: number | null; riskMemory: number };

export const REINFORCE_DEFAULTS: ReinforceHyperparameters = Object.freeze({
  heads: 'autoregressive' as const,
  hiddenUnits: [64],
  learningRate: 0.03,
  gamma: 1,
  entropyCoefficient: 0.05,
  finalEntropyCoefficient: 0.02,
  advantages: 'rank' as const,
  maxGradientNorm: 1,
  withoutReplacement: true,
  policyFile: null,
  batchEpisodes: 8,
  riskQuantile: 0.1,
  riskMemory: 64,
});

/** Episodes longer than this many steps are cut for the update (their returns truncated), so endless episodes still learn. */
const EPISODE_CUT_STEPS = 256;

interface Sample {
  readonly observation: number[];
  readonly choices: Choices;
  readonly masks: HeadMasks;
  readonly return: number;
}

/**
 * REINFORCE (Williams 1992), as ConfuciuX uses it for accelerator design: a categorical policy
 * conditioned on the observation (through a learnable input embedding, so every weight learns even
 * when the observation is always the reset one), autoregressive heads by default. After every
 * `batchEpisodes` finished episodes it takes one Adam step on
 * -mean(A_t log pi(a_t | s_t)) - beta * mean entropy, where beta moves linearly from
 * `entropyCoefficient` to `finalEntropyCoefficient` over the budget. By default the advantages are
 * risk-seeking (Petersen et al. 2021): the baseline is the (1 - `riskQuantile`) quantile of the ranks
 * of the last `riskMemory` discounted returns G_t, and only returns above it get a (positive)
 * advantage, so the policy moves towards what beats the recent elite, and a batch that beats nothing
 * moves only the entropy (a policy settled on a poor design spreads out again instead of being pushed
 * further onto it). With `riskQuantile` null, A_t are the returns normalised over the whole batch
 * (`advantages`: centred ranks or standardised values). With
 * `withoutReplacement` (and evaluations counted in designs) it samples only designs not evaluated yet.
 * Works in both episode modes (a complete design per step, or one decision per step within the
 * environment's action mask, reward at the end).
 *
 * @example
 * const agent = new ReinforceAgent({ batchEpisodes: 8 });
 * const done = await lastValueFrom(agent.run(make('Bandit-v0', { arms: 4, pulls: 8 }), { budget: 32, seed: 0 }));
 * TFJS_BACKENDS.includes(done.tfjsBackend);   // true: 'wasm' where tfjs-node is not installed
 * done.details.updates;   // 0: 4 episodes of 8 pulls, fewer than one batch
 */
export class ReinforceAgent extends TfjsSearchAgent<ReinforceHyperparameters> {
  constructor(hyperparameters: Partial<ReinforceHyperparameters> = {}) {
    super('reinforce', reinforceHyperparameterShape, REINFORCE_DEFAULTS, hyperparameters);
  }

  protected async search(session: SearchSession, hyperparameters: ReinforceHyperparameters, rng: Rng): Promise<SearchOutcome> {
    const { tf, backend, encoder, policy } = await this.setUp(session, hyperparameters, rng, false);
    const optimizer = tf.train.adam(hyperparameters.learningRate);
    const proposer = new PolicyProposer(session, policy, hyperparameters.withoutReplacement);
    const { gamma, batchEpisodes } = hyperparameters;
    let updates = 0;
    let lastEntropy = Number.NaN;
    let batch: Sample[] = [];
    let batchEpisodeCount = 0;
    let memory: number[] = [];
    let episode: { observation: number[]; choices: Choices; masks: HeadMasks; reward: number }[] = [];

    const closeEpisode = (): void => {
      let future = 0;
      const samples: Sample[] = [];
      for (let t = episode.length - 1; t >= 0; t--) {
        const step = episode[t] as (typeof episode)[number];
        future = step.reward + gamma * future;
        samples.push({ observation: step.observation, choices: step.choices, masks: step.masks, return: future });
      }
      batch = batch.concat(samples.reverse());
      batchEpisodeCount++;
      episode = [];
    };

    const update = (): void => {
      const returns = batch.map((sample) => sample.return);
      memory = memory.concat(returns).slice(-Math.max(hyperparameters.riskMemory, returns.length));
      const advantages =
        hyperparameters.riskQuantile === null
          ? normaliseAdvantages(returns, hyperparameters.advantages)
          : riskSeekingAdvantages(returns, hyperparameters.riskQuantile, hyperparameters.advantages, memory);
      const observations = batch.map((sample) => sample.observation);
      const choices = batch.map((sample) => sample.choices);
      const masks = batch.map((sample) => sample.masks);
      const beta = entropyWeight(hyperparameters, session.evaluations, session.budget);
      let entropyValue = 0;
      optimizerStep(
        optimizer,
        () => {
          const { logProbabilities, entropy } = policy.evaluate(tf.tensor2d(observations, [observations.length, encoder.size]), choices, masks);
          const meanEntropy = entropy.mean();
          entropyValue = meanEntropy.dataSync()[0] as number;
          return logProbabilities.mul(tf.tensor1d(advantages)).mean().neg().sub(meanEntropy.mul(beta)) as Scalar;
        },
        policy.trainableVariables,
        hyperparameters.maxGradientNorm,
      );
      policy.refresh();
      lastEntropy = entropyValue;
      updates++;
      batch = [];
      batchEpisodeCount = 0;
    };

    let reason: SearchOutcome['reason'];
    try {
      while (session.remaining > 0) {
        if (proposer.exhausted) {
          reason = 'exhausted';
          break;
        }
        const observation = encoder.encode(session.observe());
        const { choices, masks } = proposer.propose(observation, rng);
        const transition = await session.step(choices);
        proposer.record(choices, transition);
        episode.push({ observation, choices, masks, reward: transition.reward });
        if (transition.terminated || transition.truncated || episode.length >= EPISODE_CUT_STEPS) closeEpisode();
        if (batchEpisodeCount >= batchEpisodes) update();
      }
    } finally {
      optimizer.dispose();
    }
    return { ...(reason === undefined ? {} : { reason }), tfjsBackend: backend, details: { updates, entropy: lastEntropy } };
  }
}
