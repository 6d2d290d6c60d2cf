/** The critic of actor-critic agents: a multilayer perceptron from observations to a state value. */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/random/rng.js';
import { seededDense, trunk } from './policy-network.js';

/**
 * V(s): `hiddenUnits` tanh layers and one linear output, weights seeded from `rng`.
 *
 * @example
 * await loadTfjs();
 * const critic = buildValueNetwork(3, [8], createRng(0));
 * critic.outputs[0].shape;   // [null, 1]
 * critic.dispose();
 */
export function buildValueNetwork(observationSize: number, hiddenUnits: readonly number[], rng: Rng): tf.LayersModel {
  const observation = tf.input({ shape: [observationSize], name: 'observation' });
  const value = seededDense(1, rng, 'linear').apply(trunk(observation, hiddenUnits, rng)) as tf.SymbolicTensor;
  return tf.model({ inputs: observation, outputs: value });
}

/** The trainable variables of a layers model (what the optimiser updates). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}
