/**
 * Feature maps carried with a scale factor, so that synflow's products of all-positive weights stay
 * inside float32 (TF.js's only float type) however deep the network.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';

type Tf = typeof tfTypes;

/**
 * `value = true feature map x scale`. Synflow's network is linear (positive weights and inputs make
 * every ReLU the identity; BatchNorm is removed), so each map can be rescaled freely as long as
 * maps are brought to one scale before they are added. `null` is an all-zero map (a `none` edge).
 */
export interface ScaledMap {
  readonly value: tfTypes.Tensor4D;
  readonly scale: number;
}

/** A conv weight drawn like PyTorch's default init, then made positive as synflow does: U[0, 1/sqrt(fan_in)). */
export function positiveWeight(tf: Tf, rng: Rng, shape: [number, number, number, number]): tfTypes.Tensor4D {
  const [kh, kw, inChannels, outChannels] = shape;
  const bound = 1 / Math.sqrt(kh * kw * inChannels);
  const values = Float32Array.from({ length: kh * kw * inChannels * outChannels }, () => rng.float() * bound);
  return tf.tensor4d(values, shape);
}

/** Divides by the map's maximum (a constant for the gradient), keeping values near 1. */
export function normalize(tf: Tf, map: ScaledMap | null): ScaledMap | null {
  if (map === null) return null;
  const largest = tf.max(map.value).dataSync()[0]!;
  if (!(largest > 0)) return null;
  return { value: tf.div(map.value, largest), scale: map.scale / largest };
}

/** The sum of maps at a common scale (the first one's); null if all are null. */
export function addMaps(tf: Tf, maps: readonly (ScaledMap | null)[]): ScaledMap | null {
  const present = maps.filter((m): m is ScaledMap => m !== null);
  if (present.length === 0) return null;
  const scale = present[0]!.scale;
  let sum = present[0]!.value;
  for (const map of present.slice(1)) sum = tf.add(sum, map.scale === scale ? map.value : tf.mul(map.value, scale / map.scale));
  return normalize(tf, { value: sum, scale });
}

/** A convolution of a scaled map (the scale passes through: convolution is linear). */
export function convMap(tf: Tf, map: ScaledMap | null, weight: tfTypes.Tensor4D, stride: number, padding: 'same' | 'valid' = 'same'): ScaledMap | null {
  if (map === null) return null;
  return { value: tf.conv2d(map.value, weight, stride, padding), scale: map.scale };
}

/** Average pooling of a scaled map. */
export function avgPoolMap(tf: Tf, map: ScaledMap | null, size: number, stride: number, padding: 'same' | 'valid'): ScaledMap | null {
  if (map === null) return null;
  return { value: tf.avgPool(map.value, size, stride, padding), scale: map.scale };
}
