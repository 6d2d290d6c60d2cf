/** The NAS-Bench-201 network in TF.js, as synflow evaluates it: BatchNorm removed, positive weights, input of ones. */
import type * as tfTypes from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import type { Nasbench201Arch } from '../workloads/spaces/nasbench201.js';
import { addMaps, avgPoolMap, convMap, normalize, positiveWeight, type ScaledMap } from './synflow-scaled.js';

type Tf = typeof tfTypes;

const STAGE_CHANNELS = [16, 32, 64] as const;
const CELLS_PER_STAGE = 5;
/** Edge e's (target node, source node), NAS-Bench-201's order. */
const EDGES = [[1, 0], [2, 0], [2, 1], [3, 0], [3, 1], [3, 2]] as const;

/** Weight shapes in forward order: stem, per stage (reduction block, then each cell's conv edges), classifier. */
function weightShapes(arch: Nasbench201Arch, classes: number): [number, number, number, number][] {
  const shapes: [number, number, number, number][] = [[3, 3, 3, STAGE_CHANNELS[0]]];
  STAGE_CHANNELS.forEach((channels, stage) => {
    if (stage > 0) {
      const previous = STAGE_CHANNELS[stage - 1]!;
      shapes.push([3, 3, previous, channels], [3, 3, channels, channels], [1, 1, previous, channels]);
    }
    for (let cell = 0; cell < CELLS_PER_STAGE; cell++) {
      for (const op of arch.ops) {
        if (op === 'nor_conv_1x1') shapes.push([1, 1, channels, channels]);
        if (op === 'nor_conv_3x3') shapes.push([3, 3, channels, channels]);
      }
    }
  });
  shapes.push([1, 1, STAGE_CHANNELS[2], classes]);
  return shapes;
}

/**
 * Synflow (Tanaka et al. 2020, as Abdelfattah et al. 2021 apply it to NAS-Bench-201): the sum over
 * conv and linear weights of |w * dR/dw|, R the sum of the outputs for an input of ones, with every
 * weight made positive and BatchNorm removed. Biases do not change weights' gradients and are left out.
 *
 * Each layer's output y is linear in its weights, so the layer's sum of w * dR/dw equals the sum of
 * y * dR/dy: gradients are taken with respect to the layer outputs (through zero "taps" added to
 * them), which needs no filter-gradient kernel (the WASM backend has none).
 */
export function nasbench201Synflow(tf: Tf, arch: Nasbench201Arch, inputSize: number, classes: number, rng: Rng): number {
  const weights = weightShapes(arch, classes).map((shape) => positiveWeight(tf, rng, shape));
  /** Per weight: the shape of its layer's output, or null where its input is all zeros. */
  const outputShapes: (number[] | null)[] = weights.map(() => null);
  const outputs: (tfTypes.Tensor | null)[] = weights.map(() => null);
  let outputScale = 1;
  const forward = (taps: readonly (tfTypes.Tensor | null)[] | undefined): tfTypes.Scalar | null => {
    let next = 0;
    const conv = (map: ScaledMap | null, stride: number, padding: 'same' | 'valid' = 'same'): ScaledMap | null => {
      const index = next++;
      const out = convMap(tf, map, weights[index]!, stride, padding);
      if (out === null) return null;
      if (taps === undefined) {
        outputShapes[index] = out.value.shape;
        return out;
      }
      outputs[index] = tf.keep(out.value);
      return { value: tf.add(out.value, taps[index]!) as tfTypes.Tensor4D, scale: out.scale };
    };
    let x: ScaledMap | null = { value: tf.ones([1, inputSize, inputSize, 3]), scale: 1 };
    x = normalize(tf, conv(x, 1));
    STAGE_CHANNELS.forEach((_, stage) => {
      if (stage > 0) {
        const a = conv(x, 2);
        const b = conv(normalize(tf, a), 1);
        const shortcut = conv(avgPoolMap(tf, x, 2, 2, 'valid'), 1);
        x = addMaps(tf, [b, shortcut]);
      }
      for (let cell = 0; cell < CELLS_PER_STAGE; cell++) {
        const nodes: (ScaledMap | null)[] = [x];
        for (let target = 1; target <= 3; target++) {
          const incoming: (ScaledMap | null)[] = [];
          EDGES.forEach(([to, from], e) => {
            if (to !== target) return;
            const source = nodes[from]!;
            const op = arch.ops[e]!;
            if (op === 'skip_connect') incoming.push(source);
            else if (op === 'avg_pool_3x3') incoming.push(avgPoolMap(tf, source, 3, 1, 'same'));
            else if (op === 'nor_conv_1x1' || op === 'nor_conv_3x3') incoming.push(conv(source, 1));
          });
          nodes.push(addMaps(tf, incoming));
        }
        x = nodes[3]!;
      }
    });
    const pooled: ScaledMap | null = x === null ? null : { value: tf.mean(x.value, [1, 2], true) as tfTypes.Tensor4D, scale: x.scale };
    const logits = conv(pooled, 1);
    if (logits === null) return null;
    outputScale = logits.scale;
    return tf.sum(logits.value) as tfTypes.Scalar;
  };
  // One scope for every intermediate tensor; only weights and kept outputs need disposing by hand.
  tf.engine().startScope();
  try {
    if (forward(undefined) === null) return 0;
    const used = outputShapes.flatMap((shape, i) => (shape === null ? [] : [i]));
    const taps = outputShapes.map((shape) => (shape === null ? null : tf.zeros(shape)));
    const gradients = tf.grads((...present: tfTypes.Tensor[]) => {
      const all = taps.slice();
      used.forEach((index, k) => (all[index] = present[k]!));
      // Zero times every tap keeps each on the tape, so a layer that does not reach the output gets a zero gradient.
      const anchor = tf.mul(tf.addN(present.map((t) => tf.sum(t))), 0);
      return tf.add(forward(all)!, anchor) as tfTypes.Scalar;
    })(used.map((index) => taps[index]!));
    let scaled = 0;
    used.forEach((index, k) => {
      scaled += tf.sum(tf.mul(outputs[index]!, gradients[k]!)).dataSync()[0]!;
    });
    return scaled / outputScale;
  } finally {
    tf.engine().endScope();
    for (const weight of weights) weight.dispose();
    for (const output of outputs) output?.dispose();
  }
}
