/** REINFORCE on TF.js: an autoregressive categorical policy, batch-normalised advantages and a scheduled entropy bonus. */
import type { Scalar } from '@tensorflow/tfjs';
import * as z from 'zod';
import type { Rng } from '../src/random/rng.js';
import type { Choices } from './action-codec.js';
import type { SearchOutcome } from './agent.js';
import type { SearchSession } from './search-session.js';
import { normaliseAdvantages } from './tfjs/advantages.js';
import { optimizerStep } from './tfjs/gradients.js';
import type { HeadMasks } from './tfjs/policy-network.js';
import { entropyWeight, networkHyperparameterShape, PolicyProposer, TfjsSearchAgent, type NetworkHyperparameters } from './tfjs/tfjs-agent.js';

export const reinforceHyperparameterShape = {
  ...networkHyperparameterShape,
  /** Update the policy after this many finished episodes (designs, in complete-design episodes). Default 4. */
  batchEpisodes: z.number().int().min(1).max(1_000_000),
};

export type ReinforceHyperparameters = NetworkHyperparameters & { batchEpisodes: number };

export const REINFORCE_DEFAULTS: ReinforceHyperparameters = Object.freeze({
  heads: 'autoregressive' as const,
  hiddenUnits: [64],
  learningRate: 0.01,
  gamma: 1,
  entropyCoefficient: 0.05,
  finalEntropyCoefficient: 0.005,
  advantages: 'rank' as const,
  maxGradientNorm: 1,
  withoutReplacement: true,
  policyFile: null,
  batchEpisodes: 4,
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
 * -mean(A_t log pi(a_t | s_t)) - beta * mean entropy, where A_t are the discounted returns G_t
 * normalised over the whole batch (`advantages`: centred ranks or standardised values) and beta moves
 * linearly from `entropyCoefficient` to `finalEntropyCoefficient` over the budget. With
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
      const advantages = normaliseAdvantages(
        batch.map((sample) => sample.return),
        hyperparameters.advantages,
      );
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
