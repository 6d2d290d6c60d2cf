/** One optimiser step on a scalar loss, with the gradients' global norm clipped. */
import * as tf from '@tensorflow/tfjs';

/**
 * Computes the gradients of `loss` with respect to `variables`, scales them down when their global
 * norm exceeds `maxNorm` (no clipping when `maxNorm` is Infinity), applies them with `optimizer`, and
 * returns the loss and the norm before clipping.
 *
 * @example
 * await loadTfjs();
 * const weight = tf.variable(tf.scalar(3));
 * const optimizer = tf.train.sgd(0.1);
 * optimizerStep(optimizer, () => weight.square(), [weight], 1).gradientNorm;   // 6
 * Math.round(weight.dataSync()[0] * 1000) / 1000;   // 2.9: the gradient 6 was clipped to norm 1
 */
export function optimizerStep(
  optimizer: tf.Optimizer,
  loss: () => tf.Scalar,
  variables: tf.Variable[],
  maxNorm: number,
): { loss: number; gradientNorm: number } {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, variables);
    const names = Object.keys(grads);
    const norm = Math.sqrt(names.reduce((sum, name) => sum + (grads[name] as tf.Tensor).square().sum().dataSync()[0]!, 0));
    const scale = Number.isFinite(maxNorm) && norm > maxNorm ? maxNorm / norm : 1;
    const scaled: tf.NamedTensorMap = {};
    for (const name of names) scaled[name] = scale === 1 ? (grads[name] as tf.Tensor) : (grads[name] as tf.Tensor).mul(scale);
    optimizer.applyGradients(scaled);
    return { loss: value.dataSync()[0] as number, gradientNorm: norm };
  });
}
