/** REINFORCE on TF.js: a categorical policy per action dimension, a moving-average baseline and an entropy bonus. */
import type { Scalar } from '@tensorflow/tfjs';
import * as z from 'zod';
import type { Rng } from '../src/random/rng.js';
import type { Choices } from './action-codec.js';
import type { SearchOutcome } from './agent.js';
import type { SearchSession } from './search-session.js';
import { optimizerStep } from './tfjs/gradients.js';
import { networkHyperparameterShape, TfjsSearchAgent } from './tfjs/tfjs-agent.js';

export const reinforceHyperparameterShape = {
  ...networkHyperparameterShape,
  /** Update the policy once finished episodes hold at least this many steps. Default 16. */
  batchSteps: z.number().int().min(1).max(1_000_000),
  /** The baseline b <- decay * b + (1 - decay) * mean return after each update. Default 0.9. */
  baselineDecay: z.number().min(0).lt(1),
  /** Divide advantages (return minus baseline) by the returns' standard deviation in the batch. Default true. */
  scaleAdvantages: z.boolean(),
};

export type ReinforceHyperparameters = z.infer<z.ZodObject<typeof reinforceHyperparameterShape>>;

export const REINFORCE_DEFAULTS: ReinforceHyperparameters = Object.freeze({
  heads: 'independent',
  hiddenUnits: [64],
  learningRate: 0.01,
  gamma: 0.99,
  entropyCoefficient: 0.01,
  maxGradientNorm: 1,
  policyFile: null,
  batchSteps: 16,
  baselineDecay: 0.9,
  scaleAdvantages: true,
});

/** Episodes longer than this many batches are cut for the update (their returns truncated), so endless episodes still learn. */
const EPISODE_CUT_BATCHES = 4;

interface Sample {
  readonly observation: number[];
  readonly choices: Choices;
  readonly return: number;
}

/**
 * REINFORCE (Williams 1992) as ConfuciuX uses it for accelerator design: the policy (independent
 * categorical heads per action dimension, or autoregressive ones) is conditioned on the observation;
 * after every `batchSteps` steps of finished episodes it takes one Adam step on
 * -mean((G_t - b) log pi(a_t | s_t)) - entropyCoefficient * mean entropy, with discounted returns G_t
 * and a moving-average baseline b. Works in both episode modes (a complete design per step, or one
 * decision per step with the reward at the end).
 *
 * @example
 * const agent = new ReinforceAgent({ heads: 'autoregressive', batchSteps: 8 });
 * const done = await lastValueFrom(agent.run(make('Bandit-v0', { arms: 4, pulls: 8 }), { budget: 32, seed: 0 }));
 * TFJS_BACKENDS.includes(done.tfjsBackend);   // true: 'wasm' where tfjs-node is not installed
 * done.details.updates;   // 4
 */
export class ReinforceAgent extends TfjsSearchAgent<ReinforceHyperparameters> {
  constructor(hyperparameters: Partial<ReinforceHyperparameters> = {}) {
    super('reinforce', reinforceHyperparameterShape, REINFORCE_DEFAULTS, hyperparameters);
  }

  protected async search(session: SearchSession, hyperparameters: ReinforceHyperparameters, rng: Rng): Promise<SearchOutcome> {
    const { tf, backend, encoder, policy } = await this.setUp(session, hyperparameters, rng, false);
    const optimizer = tf.train.adam(hyperparameters.learningRate);
    const { gamma, batchSteps } = hyperparameters;
    let baseline: number | null = null;
    let updates = 0;
    let lastEntropy = Number.NaN;
    let batch: Sample[] = [];
    let episode: { observation: number[]; choices: Choices; reward: number }[] = [];

    const closeEpisode = (): void => {
      let future = 0;
      const samples: Sample[] = [];
      for (let t = episode.length - 1; t >= 0; t--) {
        const step = episode[t] as (typeof episode)[number];
        future = step.reward + gamma * future;
        samples.push({ observation: step.observation, choices: step.choices, return: future });
      }
      batch = batch.concat(samples.reverse());
      episode = [];
    };

    const update = (): void => {
      const returns = batch.map((sample) => sample.return);
      const meanReturn = returns.reduce((sum, value) => sum + value, 0) / returns.length;
      const b = baseline ?? meanReturn;
      const spread = Math.sqrt(returns.reduce((sum, value) => sum + (value - meanReturn) ** 2, 0) / returns.length);
      const scale = hyperparameters.scaleAdvantages && spread > 1e-8 ? 1 / spread : 1;
      const advantages = returns.map((value) => (value - b) * scale);
      baseline = hyperparameters.baselineDecay * b + (1 - hyperparameters.baselineDecay) * meanReturn;
      const observations = batch.map((sample) => sample.observation);
      const choices = batch.map((sample) => sample.choices);
      let entropyValue = 0;
      optimizerStep(
        optimizer,
        () => {
          const { logProbabilities, entropy } = policy.evaluate(tf.tensor2d(observations, [observations.length, encoder.size]), choices);
          const meanEntropy = entropy.mean();
          entropyValue = meanEntropy.dataSync()[0] as number;
          return logProbabilities.mul(tf.tensor1d(advantages)).mean().neg().sub(meanEntropy.mul(hyperparameters.entropyCoefficient)) as Scalar;
        },
        policy.trainableVariables,
        hyperparameters.maxGradientNorm,
      );
      lastEntropy = entropyValue;
      updates++;
      batch = [];
    };

    try {
      while (session.remaining > 0) {
        const observation = encoder.encode(session.observe());
        const choices = policy.sample(observation, rng);
        const transition = await session.step(choices);
        episode.push({ observation, choices, reward: transition.reward });
        if (transition.terminated || transition.truncated || episode.length >= EPISODE_CUT_BATCHES * batchSteps) closeEpisode();
        if (batch.length >= batchSteps) update();
      }
    } finally {
      optimizer.dispose();
    }
    return { tfjsBackend: backend, details: { updates, baseline, entropy: lastEntropy } };
  }
}
