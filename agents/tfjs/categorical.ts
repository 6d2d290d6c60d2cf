/** Categorical distributions from logits, computed in float64 on the JavaScript side so that sampling is seeded and exact. */
import type { Rng } from '../../src/random/rng.js';

/**
 * The softmax of `logits` (shifted by their maximum for stability).
 *
 * @example
 * softmax([0, 0]);   // [0.5, 0.5]
 */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const exps = Array.from(logits, (logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

/**
 * An index drawn with the given probabilities (inverse CDF with one `rng.float()`).
 *
 * @example
 * sampleCategorical([0, 1, 0], createRng(0));   // 1
 */
export function sampleCategorical(probabilities: readonly number[], rng: Rng): number {
  const u = rng.float();
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    if (p <= 0) continue;
    last = i;
    cumulative += p;
    if (u < cumulative) return i;
  }
  return last;
}
