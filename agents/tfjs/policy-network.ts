/** A categorical policy over each action dimension, on TF.js: independent heads, or autoregressive heads as in ConfuciuX. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/random/rng.js';
import type { Choices } from '../action-codec.js';
import { PolicyFileError } from '../errors.js';
import { sampleCategorical, softmax } from './categorical.js';

/** `independent`: one head per dimension on the shared trunk; `autoregressive`: head i also sees the choices of dimensions before i. */
export type PolicyHeads = 'independent' | 'autoregressive';

/** What a policy network looks like; saved with it, and checked against the environment on loading. */
export interface PolicyShape {
  readonly observationSize: number;
  readonly choiceCounts: readonly number[];
  readonly hiddenUnits: readonly number[];
  readonly heads: PolicyHeads;
}

/** The gain of the output heads' initial weights: small, so the initial policy is nearly uniform. */
const HEAD_INITIAL_SCALE = 0.01;

/** Weight initialisers seeded from `rng`, so the same seed builds the same network. */
export function seededDense(units: number, rng: Rng, activation: 'tanh' | 'linear', scale = 1): tf.layers.Layer {
  return tf.layers.dense({
    units,
    activation,
    kernelInitializer: tf.initializers.varianceScaling({ scale, mode: 'fanAvg', distribution: 'uniform', seed: rng.seed() }),
    biasInitializer: 'zeros',
  });
}

/** The multilayer perceptron trunk (tanh units) applied to `input`. */
export function trunk(input: tf.SymbolicTensor, hiddenUnits: readonly number[], rng: Rng): tf.SymbolicTensor {
  let hidden = input;
  for (const units of hiddenUnits) hidden = seededDense(units, rng, 'tanh').apply(hidden) as tf.SymbolicTensor;
  return hidden;
}

function oneHotRows(choices: readonly (readonly number[])[], dimension: number, count: number): number[][] {
  return choices.map((row) => {
    const out = new Array<number>(count).fill(0);
    out[row[dimension] as number] = 1;
    return out;
  });
}

/**
 * The policy pi(a | s) = prod_i pi_i(a_i | s, a_<i), a `tf.LayersModel` with inputs
 * `[observation, previous_1, ..., previous_{D-1}]` (the one-hot choices of the dimensions before i;
 * autoregressive heads only) and one logits output per action dimension. Sampling happens in
 * JavaScript with the agent's `Rng`, so it is seeded.
 *
 * @example
 * await loadTfjs();
 * const policy = CategoricalPolicy.create({ observationSize: 2, choiceCounts: [3, 2], hiddenUnits: [8], heads: 'autoregressive' }, createRng(0));
 * const choices = policy.sample([0.5, -1], createRng(1));   // e.g. [2, 0]
 * choices.length;   // 2
 * policy.dispose();
 */
export class CategoricalPolicy {
  readonly shape: PolicyShape;
  readonly model: tf.LayersModel;
  private readonly offsets: readonly number[];

  private constructor(shape: PolicyShape, model: tf.LayersModel) {
    this.shape = shape;
    this.model = model;
    const offsets: number[] = [];
    let total = 0;
    for (const count of shape.choiceCounts) {
      offsets.push(total);
      total += count;
    }
    this.offsets = offsets;
  }

  /** A new policy with weights seeded from `rng`. */
  static create(shape: PolicyShape, rng: Rng): CategoricalPolicy {
    const observation = tf.input({ shape: [shape.observationSize], name: 'observation' });
    const hidden = trunk(observation, shape.hiddenUnits, rng);
    const inputs: tf.SymbolicTensor[] = [observation];
    const outputs: tf.SymbolicTensor[] = [];
    let previousSize = 0;
    shape.choiceCounts.forEach((count, i) => {
      let headInput = hidden;
      if (shape.heads === 'autoregressive' && i > 0) {
        const previous = tf.input({ shape: [previousSize], name: `previous_${i}` });
        inputs.push(previous);
        headInput = tf.layers.concatenate().apply([hidden, previous]) as tf.SymbolicTensor;
      }
      outputs.push(seededDense(count, rng, 'linear', HEAD_INITIAL_SCALE).apply(headInput) as tf.SymbolicTensor);
      previousSize += count;
    });
    return new CategoricalPolicy(shape, tf.model({ inputs, outputs }));
  }

  /** A policy around a loaded model, after checking that the model has `shape`'s inputs and outputs. */
  static fromModel(shape: PolicyShape, model: tf.LayersModel): CategoricalPolicy {
    const expectedInputs = shape.heads === 'autoregressive' ? shape.choiceCounts.length : 1;
    const outputSizes = model.outputs.map((output) => output.shape[1]);
    const inputSize = model.inputs[0]?.shape[1];
    if (model.inputs.length !== expectedInputs || inputSize !== shape.observationSize || outputSizes.join(',') !== shape.choiceCounts.join(',')) {
      throw new PolicyFileError(
        `Expects a policy model with observation size ${shape.observationSize}, ${expectedInputs} input(s) and heads [${shape.choiceCounts.join(', ')}], actual: observation size ${String(inputSize)}, ${model.inputs.length} input(s) and heads [${outputSizes.join(', ')}]`,
      );
    }
    return new CategoricalPolicy(shape, model);
  }

  get trainableVariables(): tf.Variable[] {
    return this.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  }

  /** Choices for one observation, sampled with `rng` (greedy: the most probable choice of each head). */
  sample(observation: readonly number[], rng: Rng, greedy = false): Choices {
    const counts = this.shape.choiceCounts;
    const choices: number[] = [];
    const passes = this.shape.heads === 'autoregressive' ? counts.length : 1;
    let logits: number[][] = [];
    for (let pass = 0; pass < passes; pass++) {
      logits = tf.tidy(() => {
        const outputs = this.apply(tf.tensor2d([observation.slice()]), [choicesPadded(choices, counts)]);
        return outputs.map((output) => Array.from(output.dataSync()));
      });
      const heads = this.shape.heads === 'autoregressive' ? [pass] : counts.map((_, i) => i);
      for (const i of heads) {
        const probabilities = softmax(logits[i] as number[]);
        choices[i] = greedy ? argmax(probabilities) : sampleCategorical(probabilities, rng);
      }
    }
    return choices;
  }

  /**
   * Per row, the log-probability of `choices` and the entropy of the policy (summed over the
   * dimensions; for autoregressive heads, the entropy of each head given the taken earlier choices).
   * Differentiable: call inside `tf.variableGrads`.
   */
  evaluate(observations: tf.Tensor2D, choices: readonly (readonly number[])[]): { logProbabilities: tf.Tensor1D; entropy: tf.Tensor1D } {
    const outputs = this.apply(observations, choices);
    let logProbabilities: tf.Tensor1D = tf.zeros([choices.length]);
    let entropy: tf.Tensor1D = tf.zeros([choices.length]);
    outputs.forEach((logits, i) => {
      const count = this.shape.choiceCounts[i] as number;
      const logSoftmax = tf.logSoftmax(logits);
      const taken = tf.tensor2d(oneHotRows(choices, i, count));
      logProbabilities = logProbabilities.add(taken.mul(logSoftmax).sum(1));
      entropy = entropy.sub(tf.exp(logSoftmax).mul(logSoftmax).sum(1));
    });
    return { logProbabilities, entropy };
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Logits of every head for a batch; `choices` feeds the autoregressive heads (rows padded with 0 past what is decided). */
  private apply(observations: tf.Tensor2D, choices: readonly (readonly (number | undefined)[])[]): tf.Tensor2D[] {
    const inputs: tf.Tensor[] = [observations];
    if (this.shape.heads === 'autoregressive') {
      for (let i = 1; i < this.shape.choiceCounts.length; i++) {
        const size = this.offsets[i] as number;
        inputs.push(
          tf.tensor2d(
            choices.map((row) => {
              const out = new Array<number>(size).fill(0);
              for (let j = 0; j < i; j++) {
                const choice = row[j];
                if (choice !== undefined) out[(this.offsets[j] as number) + choice] = 1;
              }
              return out;
            }),
            [choices.length, size],
          ),
        );
      }
    }
    const output = this.model.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs, { training: true });
    return (Array.isArray(output) ? output : [output]) as tf.Tensor2D[];
  }
}

/** `choices` as a row whose undecided dimensions are left out (the autoregressive inputs only read decided ones). */
function choicesPadded(choices: readonly number[], counts: readonly number[]): (number | undefined)[] {
  return counts.map((_, i) => choices[i]);
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}
