/** How well a predictor's outputs match the targets: root mean square error. */
import { fail } from '../workloads/errors.js';

/** Root mean square error of predictions against targets. */
export function rmse(predicted: readonly number[], actual: readonly number[]): number {
  if (predicted.length !== actual.length) fail('rmse', 'two arrays of the same length', `${predicted.length} and ${actual.length}`);
  if (predicted.length < 2) fail('rmse', 'at least two pairs', predicted.length);
  for (const v of [...predicted, ...actual]) if (!Number.isFinite(v)) fail('rmse', 'finite numbers', v);
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i]! - actual[i]!) ** 2;
  return Math.sqrt(sum / predicted.length);
}
