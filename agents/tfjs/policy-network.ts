/** A categorical policy over each action dimension, on TF.js: autoregressive heads (as in ConfuciuX) or independent ones. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/random/rng.js';
import type { Choices } from '../action-codec.js';
import { PolicyFileError } from '../errors.js';
import { sampleCategorical, softmax } from './categorical.js';

/** `autoregressive`: head i also sees the choices of the dimensions before i; `independent`: one head per dimension on the shared trunk. */
export type PolicyHeads = 'independent' | 'autoregressive';

/** What a policy network looks like; saved with it, and checked against the environment on loading. */
export interface PolicyShape {
  readonly observationSize: number;
  readonly choiceCounts: readonly number[];
  readonly hiddenUnits: readonly number[];
  readonly heads: PolicyHeads;
}

/** Which choices of each head a sample may take (`flags[c]` truthy), or undefined where every choice is allowed. */
export type HeadMasks = readonly (readonly (number | boolean)[] | undefined)[];

/** A sample of the policy: the choices, and the masks that restricted each head (needed to score it again). */
export interface PolicySample {
  readonly choices: Choices;
  readonly masks: HeadMasks;
}

/** The gain of the output heads' initial weights: small, so the initial policy is nearly uniform. */
const HEAD_INITIAL_SCALE = 0.01;
/** Logit of a masked choice inside the differentiable loss (exp of it is exactly 0 in float32). */
const MASKED_LOGIT = -1e9;

/** Dense layer whose weight initialiser is seeded from `rng`, so the same seed builds the same network. */
export function seededDense(units: number, rng: Rng, activation: 'tanh' | 'linear', scale = 1, options: { name?: string; useBias?: boolean } = {}): tf.layers.Layer {
  return tf.layers.dense({
    units,
    activation,
    useBias: options.useBias ?? true,
    ...(options.name === undefined ? {} : { name: options.name }),
    kernelInitializer: tf.initializers.varianceScaling({ scale, mode: 'fanAvg', distribution: 'uniform', seed: rng.seed() }),
    biasInitializer: 'zeros',
  });
}

/** The multilayer perceptron trunk (tanh units) applied to `input`; layers named `${prefix}_hidden_k`. */
export function trunk(input: tf.SymbolicTensor, hiddenUnits: readonly number[], rng: Rng, prefix = 'trunk'): tf.SymbolicTensor {
  let hidden = input;
  hiddenUnits.forEach((units, k) => {
    hidden = seededDense(units, rng, 'tanh', 1, { name: `${prefix}_hidden_${k}` }).apply(hidden) as tf.SymbolicTensor;
  });
  return hidden;
}

/**
 * The observation plus a learnable embedding: inputs `observation` and `constant` (always 1); the
 * output is observation + e, e a trainable vector (a bias-free dense layer on the constant). So the
 * first layer sees a non-zero input, and every weight gets a gradient, even where the observation is
 * always the all-zero reset observation (single-step episodes).
 */
export function embeddedObservation(observationSize: number, rng: Rng, prefix: string): { inputs: tf.SymbolicTensor[]; output: tf.SymbolicTensor } {
  const observation = tf.input({ shape: [observationSize], name: `${prefix}_observation` });
  const constant = tf.input({ shape: [1], name: `${prefix}_constant` });
  const embedding = seededDense(observationSize, rng, 'linear', 1, { name: `${prefix}_input_embedding`, useBias: false }).apply(constant) as tf.SymbolicTensor;
  return { inputs: [observation, constant], output: tf.layers.add().apply([observation, embedding]) as tf.SymbolicTensor };
}

function oneHotRows(choices: readonly (readonly number[])[], dimension: number, count: number): number[][] {
  return choices.map((row) => {
    const out = new Array<number>(count).fill(0);
    out[row[dimension] as number] = 1;
    return out;
  });
}

/** A dense layer's weights, copied out of TF.js for sampling in JavaScript. */
interface DenseWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array | null;
  readonly inputs: number;
  readonly units: number;
}

function denseWeights(model: tf.LayersModel, name: string): DenseWeights {
  const layer = model.getLayer(name);
  const weights = layer.getWeights();
  const kernel = weights[0] as tf.Tensor;
  const [inputs, units] = kernel.shape as [number, number];
  return { kernel: kernel.dataSync() as Float32Array, bias: weights[1] === undefined ? null : (weights[1].dataSync() as Float32Array), inputs, units };
}

/** `dense(input)` in float64 (tanh or linear). */
function applyDense(weights: DenseWeights, input: ArrayLike<number>, tanh: boolean): Float64Array {
  const out = new Float64Array(weights.units);
  for (let j = 0; j < weights.units; j++) out[j] = weights.bias === null ? 0 : (weights.bias[j] as number);
  for (let i = 0; i < weights.inputs; i++) {
    const x = input[i] as number;
    if (x === 0) continue;
    const row = i * weights.units;
    for (let j = 0; j < weights.units; j++) out[j] = (out[j] as number) + x * (weights.kernel[row + j] as number);
  }
  if (tanh) for (let j = 0; j < weights.units; j++) out[j] = Math.tanh(out[j] as number);
  return out;
}

/**
 * The policy pi(a | s) = prod_i pi_i(a_i | s, a_<i), a `tf.LayersModel` with inputs
 * `[observation, constant, previous_1, ..., previous_{D-1}]` (`constant` is always 1 and feeds the
 * learnable input embedding; `previous_i` is the one-hot choices of the dimensions before i, for
 * autoregressive heads only) and one logits output per action dimension. Sampling runs in JavaScript
 * on a copy of the weights (taken by `refresh()` after each update) with the agent's `Rng`, so it is
 * seeded and costs microseconds; `evaluate` scores samples differentiably on TF.js. Masks restrict a
 * head's choices (the environment's action mask, or designs already evaluated).
 *
 * @example
 * await loadTfjs();
 * const policy = CategoricalPolicy.create({ observationSize: 2, choiceCounts: [3, 2], hiddenUnits: [8], heads: 'autoregressive' }, createRng(0));
 * const { choices } = policy.sample([0.5, -1], createRng(1));   // e.g. [2, 0]
 * choices.length;   // 2
 * policy.sample([0, 0], createRng(1), { masks: (head) => (head === 0 ? [0, 1, 0] : undefined) }).choices[0];   // 1: the only allowed choice
 * policy.dispose();
 */
export class CategoricalPolicy {
  readonly shape: PolicyShape;
  readonly model: tf.LayersModel;
  private readonly offsets: readonly number[];
  private weights: { embedding: Float32Array; hidden: DenseWeights[]; heads: DenseWeights[] } | null = null;

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
    this.refresh();
  }

  /** A new policy with weights seeded from `rng`. */
  static create(shape: PolicyShape, rng: Rng): CategoricalPolicy {
    const { inputs, output } = embeddedObservation(shape.observationSize, rng, 'policy');
    const hidden = trunk(output, shape.hiddenUnits, rng, 'policy');
    const outputs: tf.SymbolicTensor[] = [];
    let previousSize = 0;
    shape.choiceCounts.forEach((count, i) => {
      let headInput = hidden;
      if (shape.heads === 'autoregressive' && i > 0) {
        const previous = tf.input({ shape: [previousSize], name: `policy_previous_${i}` });
        inputs.push(previous);
        headInput = tf.layers.concatenate().apply([hidden, previous]) as tf.SymbolicTensor;
      }
      outputs.push(seededDense(count, rng, 'linear', HEAD_INITIAL_SCALE, { name: `policy_head_${i}` }).apply(headInput) as tf.SymbolicTensor);
      previousSize += count;
    });
    return new CategoricalPolicy(shape, tf.model({ inputs, outputs }));
  }

  /** A policy around a loaded model, after checking that the model has `shape`'s inputs and outputs. */
  static fromModel(shape: PolicyShape, model: tf.LayersModel): CategoricalPolicy {
    const expectedInputs = 2 + (shape.heads === 'autoregressive' ? shape.choiceCounts.length - 1 : 0);
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

  /** Copies the current weights for sampling; call after every optimiser step. */
  refresh(): void {
    this.weights = {
      embedding: denseWeights(this.model, 'policy_input_embedding').kernel,
      hidden: this.shape.hiddenUnits.map((_, k) => denseWeights(this.model, `policy_hidden_${k}`)),
      heads: this.shape.choiceCounts.map((_, i) => denseWeights(this.model, `policy_head_${i}`)),
    };
  }

  /**
   * One sample for `observation`: head by head, each restricted to `masks(head, choicesSoFar)` (when it
   * returns flags) and drawn with `rng`, or the most probable allowed choice when `greedy`.
   */
  sample(
    observation: readonly number[],
    rng: Rng,
    options: { greedy?: boolean; masks?: (head: number, decided: readonly number[]) => readonly (number | boolean)[] | undefined } = {},
  ): PolicySample {
    const weights = this.weights as NonNullable<CategoricalPolicy['weights']>;
    let hidden: ArrayLike<number> = observation.map((value, i) => value + (weights.embedding[i] as number));
    for (const layer of weights.hidden) hidden = applyDense(layer, hidden, true);
    const hiddenSize = hidden.length;
    const counts = this.shape.choiceCounts;
    const autoregressive = this.shape.heads === 'autoregressive';
    const totalChoices = (this.offsets.at(-1) ?? 0) + (counts.at(-1) ?? 0);
    const headInput = new Float64Array(hiddenSize + (autoregressive ? totalChoices : 0));
    headInput.set(hidden);
    const choices: number[] = [];
    const masks: ((readonly (number | boolean)[]) | undefined)[] = [];
    counts.forEach((_, i) => {
      const head = weights.heads[i] as DenseWeights;
      const logits = applyDense(head, headInput.subarray(0, head.inputs), false);
      const mask = options.masks?.(i, choices);
      let probabilities = softmax(logits);
      if (mask !== undefined) {
        probabilities = probabilities.map((p, c) => (mask[c] ? p : 0));
        const total = probabilities.reduce((sum, p) => sum + p, 0);
        probabilities = total > 0 ? probabilities.map((p) => p / total) : probabilities.map((_, c) => (mask[c] ? 1 : 0));
      }
      const choice = options.greedy === true ? argmax(probabilities) : sampleCategorical(probabilities, rng);
      choices.push(choice);
      masks.push(mask);
      if (autoregressive) headInput[hiddenSize + (this.offsets[i] as number) + choice] = 1;
    });
    return { choices, masks };
  }

  /**
   * Per row, the log-probability of `choices` and the entropy of the policy (summed over the
   * dimensions; for autoregressive heads, the entropy of each head given the taken earlier choices),
   * each head restricted to the row's mask where `masks` gives one. Differentiable: call inside
   * `tf.variableGrads`.
   */
  evaluate(
    observations: tf.Tensor2D,
    choices: readonly (readonly number[])[],
    masks?: readonly HeadMasks[],
  ): { logProbabilities: tf.Tensor1D; entropy: tf.Tensor1D } {
    const outputs = this.apply(observations, choices);
    let logProbabilities: tf.Tensor1D = tf.zeros([choices.length]);
    let entropy: tf.Tensor1D = tf.zeros([choices.length]);
    outputs.forEach((logits, i) => {
      const count = this.shape.choiceCounts[i] as number;
      let masked: tf.Tensor2D = logits;
      if (masks !== undefined && masks.some((row) => row[i] !== undefined)) {
        const allowed = tf.tensor2d(
          masks.map((row) => Array.from({ length: count }, (_, c) => (row[i] === undefined || row[i]![c] ? 1 : 0))),
          [choices.length, count],
          'bool',
        );
        masked = tf.where(allowed, logits, tf.fill([choices.length, count], MASKED_LOGIT));
      }
      const logSoftmax = tf.logSoftmax(masked);
      const taken = tf.tensor2d(oneHotRows(choices, i, count));
      logProbabilities = logProbabilities.add(taken.mul(logSoftmax).sum(1));
      entropy = entropy.sub(tf.exp(logSoftmax).mul(logSoftmax).sum(1));
    });
    return { logProbabilities, entropy };
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Logits of every head for a batch; `choices` feeds the autoregressive heads. */
  private apply(observations: tf.Tensor2D, choices: readonly (readonly number[])[]): tf.Tensor2D[] {
    const rows = choices.length;
    const inputs: tf.Tensor[] = [observations, tf.ones([rows, 1])];
    if (this.shape.heads === 'autoregressive') {
      for (let i = 1; i < this.shape.choiceCounts.length; i++) {
        const size = this.offsets[i] as number;
        inputs.push(
          tf.tensor2d(
            choices.map((row) => {
              const out = new Array<number>(size).fill(0);
              for (let j = 0; j < i; j++) out[(this.offsets[j] as number) + (row[j] as number)] = 1;
              return out;
            }),
            [rows, size],
          ),
        );
      }
    }
    const output = this.model.apply(inputs, { training: true });
    return (Array.isArray(output) ? output : [output]) as tf.Tensor2D[];
  }
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}
