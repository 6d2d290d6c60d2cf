/** PPO on TF.js: actor-critic with the clipped surrogate objective, GAE, advantages normalised over the whole rollout, minibatch epochs. */
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
import { applyValueNetwork, trainableVariables } from './tfjs/value-network.js';

export const ppoHyperparameterShape = {
  ...networkHyperparameterShape,
  /** Finished episodes collected per update (designs, in complete-design episodes). Default 8. */
  rolloutEpisodes: z.number().int().min(1).max(1_000_000),
  /** Passes over each rollout. Default 4. */
  epochs: z.number().int().min(1).max(1000),
  /** Steps per gradient step; 0 takes the whole rollout at once. Default 0. */
  minibatchSize: z.number().int().min(0).max(1_000_000),
  /** The probability ratio is clipped to [1 - clipRatio, 1 + clipRatio]. Default 0.2. */
  clipRatio: z.number().gt(0).max(10),
  /** GAE's lambda. Default 0.95. */
  gaeLambda: z.number().min(0).max(1),
  /** Weight of the critic's squared error. Default 0.5. */
  valueCoefficient: z.number().min(0).max(100),
};

export type PpoHyperparameters = NetworkHyperparameters & {
  rolloutEpisodes: number;
  epochs: number;
  minibatchSize: number;
  clipRatio: number;
  gaeLambda: number;
  valueCoefficient: number;
};

export const PPO_DEFAULTS: PpoHyperparameters = Object.freeze({
  heads: 'autoregressive' as const,
  hiddenUnits: [64],
  learningRate: 0.003,
  gamma: 1,
  entropyCoefficient: 0.05,
  finalEntropyCoefficient: 0.005,
  advantages: 'rank' as const,
  maxGradientNorm: 0.5,
  withoutReplacement: true,
  policyFile: null,
  rolloutEpisodes: 8,
  epochs: 4,
  minibatchSize: 0,
  clipRatio: 0.2,
  gaeLambda: 0.95,
  valueCoefficient: 0.5,
});

/** A rollout is cut (and bootstrapped from the critic) once it holds this many steps, so endless episodes still learn. */
const ROLLOUT_CUT_STEPS = 512;

interface Step {
  readonly observation: number[];
  readonly choices: Choices;
  readonly masks: HeadMasks;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** The observation after the step, kept where the value of the next state is needed (episode truncated, or the rollout's end). */
  readonly next: number[] | null;
}

/**
 * Proximal policy optimisation (Schulman et al. 2017): collect `rolloutEpisodes` finished episodes,
 * estimate advantages with GAE(`gamma`, `gaeLambda`) from a separate critic (bootstrapping from the
 * critic where an episode is truncated or the rollout is cut mid-episode), normalise them over the
 * whole rollout (`advantages`), then run `epochs` passes (of shuffled minibatches of `minibatchSize`,
 * or the whole rollout) on the clipped surrogate plus `valueCoefficient` times the critic's squared
 * error minus the scheduled entropy bonus, with clipped gradient norm. Policy and critic see the
 * observation through a learnable input embedding; the policy's heads are autoregressive by default.
 * With `withoutReplacement` (and evaluations counted in designs) it samples only designs not evaluated
 * yet. Works in both episode modes.
 *
 * @example
 * const agent = new PpoAgent({ rolloutEpisodes: 4 });
 * const done = await lastValueFrom(agent.run(make('GridWalk-v0'), { budget: 32, seed: 0 }));
 * done.details.updates >= 0;   // true
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
    const proposer = new PolicyProposer(session, policy, hyperparameters.withoutReplacement);
    const { gamma, gaeLambda, clipRatio } = hyperparameters;
    let updates = 0;
    let approximateKl = Number.NaN;
    let clipFraction = Number.NaN;

    const values = (observations: number[][]): number[] =>
      tf.tidy(() => Array.from(applyValueNetwork(critic, tf.tensor2d(observations, [observations.length, encoder.size])).dataSync()));

    const update = (rollout: Step[]): void => {
      const n = rollout.length;
      const observations = rollout.map((step) => step.observation);
      const choices = rollout.map((step) => step.choices);
      const masks = rollout.map((step) => step.masks);
      const stateValues = values(observations);
      const nextObservations = rollout.flatMap((step) => (step.next === null ? [] : [step.next]));
      const nextValues = nextObservations.length > 0 ? values(nextObservations) : [];
      const rawAdvantages = new Array<number>(n).fill(0);
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
        rawAdvantages[t] = gae;
      }
      const returns = rawAdvantages.map((advantage, t) => advantage + (stateValues[t] as number));
      const advantages = normaliseAdvantages(rawAdvantages, hyperparameters.advantages);
      const oldLogProbabilities = tf.tidy(() =>
        Array.from(policy.evaluate(tf.tensor2d(observations, [n, encoder.size]), choices, masks).logProbabilities.dataSync()),
      );
      const beta = entropyWeight(hyperparameters, session.evaluations, session.budget);
      const minibatch = hyperparameters.minibatchSize === 0 ? n : hyperparameters.minibatchSize;
      let klSum = 0;
      let clippedCount = 0;
      let counted = 0;
      for (let epoch = 0; epoch < hyperparameters.epochs; epoch++) {
        const order = minibatch >= n ? rollout.map((_, i) => i) : rng.shuffle(rollout.map((_, i) => i));
        for (let start = 0; start < n; start += minibatch) {
          const indices = order.slice(start, start + minibatch);
          const lastEpoch = epoch === hyperparameters.epochs - 1;
          optimizerStep(
            optimizer,
            () => {
              const observationTensor = tf.tensor2d(
                indices.map((i) => observations[i] as number[]),
                [indices.length, encoder.size],
              );
              const { logProbabilities, entropy } = policy.evaluate(
                observationTensor,
                indices.map((i) => choices[i] as Choices),
                indices.map((i) => masks[i] as HeadMasks),
              );
              const logRatio = logProbabilities.sub(tf.tensor1d(indices.map((i) => oldLogProbabilities[i] as number)));
              const ratio = logRatio.exp();
              const advantageTensor = tf.tensor1d(indices.map((i) => advantages[i] as number));
              const surrogate = tf.minimum(ratio.mul(advantageTensor), ratio.clipByValue(1 - clipRatio, 1 + clipRatio).mul(advantageTensor));
              const predicted = applyValueNetwork(critic, observationTensor);
              const valueLoss = predicted.sub(tf.tensor1d(indices.map((i) => returns[i] as number))).square().mean();
              if (lastEpoch) {
                const ratios = ratio.dataSync();
                const logRatios = logRatio.dataSync();
                for (let k = 0; k < ratios.length; k++) {
                  klSum += (ratios[k] as number) - 1 - (logRatios[k] as number);
                  if (Math.abs((ratios[k] as number) - 1) > clipRatio) clippedCount++;
                  counted++;
                }
              }
              return surrogate.mean().neg().add(valueLoss.mul(hyperparameters.valueCoefficient)).sub(entropy.mean().mul(beta)) as Scalar;
            },
            variables,
            hyperparameters.maxGradientNorm,
          );
        }
      }
      policy.refresh();
      approximateKl = counted > 0 ? klSum / counted : Number.NaN;
      clipFraction = counted > 0 ? clippedCount / counted : Number.NaN;
      updates++;
    };

    let reason: SearchOutcome['reason'];
    try {
      let rollout: Step[] = [];
      let finished = 0;
      while (session.remaining > 0) {
        if (proposer.exhausted) {
          reason = 'exhausted';
          break;
        }
        const observation = encoder.encode(session.observe());
        const { choices, masks } = proposer.propose(observation, rng);
        const transition = await session.step(choices);
        proposer.record(choices, transition);
        const ended = transition.terminated || transition.truncated;
        if (ended) finished++;
        const rolloutFull = finished >= hyperparameters.rolloutEpisodes || rollout.length + 1 >= ROLLOUT_CUT_STEPS || session.remaining === 0;
        const cut = transition.truncated && !transition.terminated;
        const open = !ended && rolloutFull;
        rollout.push({
          observation,
          choices,
          masks,
          reward: transition.reward,
          terminated: transition.terminated,
          truncated: transition.truncated,
          next: cut || open ? encoder.encode(transition.observation) : null,
        });
        if (rolloutFull) {
          update(rollout);
          rollout = [];
          finished = 0;
        }
      }
    } finally {
      optimizer.dispose();
    }
    return { ...(reason === undefined ? {} : { reason }), tfjsBackend: backend, details: { updates, approximateKl, clipFraction } };
  }
}
