/** The critic of actor-critic agents: a multilayer perceptron from observations to a state value. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/random/rng.js';
import { embeddedObservation, seededDense, trunk } from './policy-network.js';

/**
 * V(s): the observation plus a learnable embedding (inputs `[observation, constant]`, the constant
 * always 1, as the policy has), `hiddenUnits` tanh layers and one linear output, weights seeded from `rng`.
 *
 * @example
 * await loadTfjs();
 * const critic = buildValueNetwork(3, [8], createRng(0));
 * critic.outputs[0].shape;   // [null, 1]
 * critic.inputs.length;   // 2: the observation and the constant 1
 * critic.dispose();
 */
export function buildValueNetwork(observationSize: number, hiddenUnits: readonly number[], rng: Rng): tf.LayersModel {
  const { inputs, output } = embeddedObservation(observationSize, rng, 'value');
  const value = seededDense(1, rng, 'linear', 1, { name: 'value_output' }).apply(trunk(output, hiddenUnits, rng, 'value')) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: value });
}

/** V(s) for a batch of observations (the constant input filled in). */
export function applyValueNetwork(critic: tf.LayersModel, observations: tf.Tensor2D): tf.Tensor1D {
  const rows = observations.shape[0];
  return (critic.apply([observations, tf.ones([rows, 1])]) as tf.Tensor).reshape([rows]) as tf.Tensor1D;
}

/** The trainable variables of a layers model (what the optimiser updates). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}
