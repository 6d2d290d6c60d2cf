/** PPO on TF.js: actor-critic with the clipped surrogate objective, GAE and minibatch epochs. */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import * as z from 'zod';
import type { Rng } from '../src/random/rng.js';
import type { Choices } from './action-codec.js';
import type { SearchOutcome } from './agent.js';
import type { SearchSession } from './search-session.js';
import { optimizerStep } from './tfjs/gradients.js';
import { networkHyperparameterShape, TfjsSearchAgent } from './tfjs/tfjs-agent.js';
import { trainableVariables } from './tfjs/value-network.js';

export const ppoHyperparameterShape = {
  ...networkHyperparameterShape,
  /** Environment steps collected per update. Default 32. */
  rolloutSteps: z.number().int().min(1).max(1_000_000),
  /** Passes over each rollout. Default 4. */
  epochs: z.number().int().min(1).max(1000),
  /** Steps per gradient step. Default 8. */
  minibatchSize: z.number().int().min(1).max(1_000_000),
  /** The probability ratio is clipped to [1 - clipRatio, 1 + clipRatio]. Default 0.2. */
  clipRatio: z.number().gt(0).max(10),
  /** GAE's lambda. Default 0.95. */
  gaeLambda: z.number().min(0).max(1),
  /** Weight of the critic's squared error. Default 0.5. */
  valueCoefficient: z.number().min(0).max(100),
  /** Standardise the advantages of each minibatch. Default true. */
  normalizeAdvantages: z.boolean(),
};

export type PpoHyperparameters = z.infer<z.ZodObject<typeof ppoHyperparameterShape>>;

export const PPO_DEFAULTS: PpoHyperparameters = Object.freeze({
  heads: 'independent',
  hiddenUnits: [64],
  learningRate: 0.003,
  gamma: 0.99,
  entropyCoefficient: 0.01,
  maxGradientNorm: 0.5,
  policyFile: null,
  rolloutSteps: 32,
  epochs: 4,
  minibatchSize: 8,
  clipRatio: 0.2,
  gaeLambda: 0.95,
  valueCoefficient: 0.5,
  normalizeAdvantages: true,
});

interface Step {
  readonly observation: number[];
  readonly choices: Choices;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** The observation after the step, kept where the value of the next state is needed (episode cut short, or the rollout's end). */
  readonly next: number[] | null;
}

/**
 * Proximal policy optimisation (Schulman et al. 2017): collect `rolloutSteps` steps, estimate
 * advantages with GAE(`gamma`, `gaeLambda`) from a separate critic (bootstrapping from the critic
 * where an episode is truncated or the rollout ends mid-episode), then run `epochs` passes of
 * shuffled minibatches on the clipped surrogate plus `valueCoefficient` times the critic's squared
 * error minus `entropyCoefficient` times the entropy, with clipped gradient norm. Works in both
 * episode modes (a complete design per step, or one decision per step with the reward at the end).
 *
 * @example
 * const agent = new PpoAgent({ rolloutSteps: 16 });
 * const done = await lastValueFrom(agent.run(make('GridWalk-v0'), { budget: 32, seed: 0 }));
 * done.details.updates;   // 2
 */
export class PpoAgent extends TfjsSearchAgent<PpoHyperparameters> {
  constructor(hyperparameters: Partial<PpoHyperparameters> = {}) {
    super('ppo', ppoHyperparameterShape, PPO_DEFAULTS, hyperparameters);
  }

  protected async search(session: SearchSession, hyperparameters: PpoHyperparameters, rng: Rng): Promise<SearchOutcome> {
    const setup = await this.setUp(session, hyperparameters, rng, true);
    const { tf, backend, encoder, policy } = setup;
    const critic = setup.value as NonNullable<typeof setup.value>;
    const optimizer = tf.train.adam(hyperparameters.learningRate);
    const variables = [...policy.trainableVariables, ...trainableVariables(critic)];
    const { gamma, gaeLambda, clipRatio } = hyperparameters;
    let updates = 0;
    let approximateKl = Number.NaN;
    let clipFraction = Number.NaN;

    const values = (observations: number[][]): number[] =>
      tf.tidy(() => Array.from((critic.predict(tf.tensor2d(observations, [observations.length, encoder.size])) as Tensor).dataSync()));

    const update = (rollout: Step[]): void => {
      const n = rollout.length;
      const observations = rollout.map((step) => step.observation);
      const choices = rollout.map((step) => step.choices);
      const stateValues = values(observations);
      const nextObservations = rollout.flatMap((step) => (step.next === null ? [] : [step.next]));
      const nextValues = nextObservations.length > 0 ? values(nextObservations) : [];
      const advantages = new Array<number>(n).fill(0);
      let nextIndex = nextValues.length - 1;
      let gae = 0;
      for (let t = n - 1; t >= 0; t--) {
        const step = rollout[t] as Step;
        let nextValue: number;
        let continues: boolean;
        if (step.terminated) {
          nextValue = 0;
          continues = false;
        } else if (step.next !== null) {
          nextValue = nextValues[nextIndex--] as number;
          continues = false;
        } else {
          nextValue = stateValues[t + 1] as number;
          continues = true;
        }
        const delta = step.reward + gamma * nextValue - (stateValues[t] as number);
        gae = delta + (continues ? gamma * gaeLambda * gae : 0);
        advantages[t] = gae;
      }
      const returns = advantages.map((advantage, t) => advantage + (stateValues[t] as number));
      const oldLogProbabilities = tf.tidy(() =>
        Array.from(policy.evaluate(tf.tensor2d(observations, [n, encoder.size]), choices).logProbabilities.dataSync()),
      );
      let klSum = 0;
      let clippedCount = 0;
      let counted = 0;
      for (let epoch = 0; epoch < hyperparameters.epochs; epoch++) {
        const order = rng.shuffle(rollout.map((_, i) => i));
        for (let start = 0; start < n; start += hyperparameters.minibatchSize) {
          const indices = order.slice(start, start + hyperparameters.minibatchSize);
          const batchAdvantages = standardised(indices.map((i) => advantages[i] as number), hyperparameters.normalizeAdvantages);
          const batchObservations = indices.map((i) => observations[i] as number[]);
          const batchChoices = indices.map((i) => choices[i] as Choices);
          const batchOld = indices.map((i) => oldLogProbabilities[i] as number);
          const batchReturns = indices.map((i) => returns[i] as number);
          const lastEpoch = epoch === hyperparameters.epochs - 1;
          optimizerStep(
            optimizer,
            () => {
              const observationTensor = tf.tensor2d(batchObservations, [indices.length, encoder.size]);
              const { logProbabilities, entropy } = policy.evaluate(observationTensor, batchChoices);
              const logRatio = logProbabilities.sub(tf.tensor1d(batchOld));
              const ratio = logRatio.exp();
              const advantageTensor = tf.tensor1d(batchAdvantages);
              const surrogate = tf.minimum(ratio.mul(advantageTensor), ratio.clipByValue(1 - clipRatio, 1 + clipRatio).mul(advantageTensor));
              const predicted = (critic.apply(observationTensor) as Tensor).reshape([indices.length]);
              const valueLoss = predicted.sub(tf.tensor1d(batchReturns)).square().mean();
              if (lastEpoch) {
                const ratios = ratio.dataSync();
                const logRatios = logRatio.dataSync();
                for (let k = 0; k < ratios.length; k++) {
                  klSum += (ratios[k] as number) - 1 - (logRatios[k] as number);
                  if (Math.abs((ratios[k] as number) - 1) > clipRatio) clippedCount++;
                  counted++;
                }
              }
              return surrogate
                .mean()
                .neg()
                .add(valueLoss.mul(hyperparameters.valueCoefficient))
                .sub(entropy.mean().mul(hyperparameters.entropyCoefficient)) as Scalar;
            },
            variables,
            hyperparameters.maxGradientNorm,
          );
        }
      }
      approximateKl = counted > 0 ? klSum / counted : Number.NaN;
      clipFraction = counted > 0 ? clippedCount / counted : Number.NaN;
      updates++;
    };

    try {
      let rollout: Step[] = [];
      while (session.remaining > 0) {
        const observation = encoder.encode(session.observe());
        const choices = policy.sample(observation, rng);
        const transition = await session.step(choices);
        const rolloutFull = rollout.length + 1 >= hyperparameters.rolloutSteps || session.remaining === 0;
        const cut = transition.truncated && !transition.terminated;
        const open = !transition.terminated && !transition.truncated && rolloutFull;
        rollout.push({
          observation,
          choices,
          reward: transition.reward,
          terminated: transition.terminated,
          truncated: transition.truncated,
          next: cut || open ? encoder.encode(transition.observation) : null,
        });
        if (rolloutFull) {
          update(rollout);
          rollout = [];
        }
      }
    } finally {
      optimizer.dispose();
    }
    return { tfjsBackend: backend, details: { updates, approximateKl, clipFraction } };
  }
}

/** `values` shifted to mean 0 and scaled to standard deviation 1 (when asked, and when they vary). */
function standardised(values: number[], normalise: boolean): number[] {
  if (!normalise || values.length < 2) return values;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
  return sd > 1e-8 ? values.map((value) => (value - mean) / sd) : values.map((value) => value - mean);
}
