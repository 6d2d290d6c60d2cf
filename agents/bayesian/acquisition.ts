/** Acquisition functions: expected improvement and the upper confidence bound, from GP posterior means and variances. */
import { normalCdf, normalPdf } from './normal-distribution.js';

/** Which acquisition function scores the candidates. */
export type AcquisitionName = 'ei' | 'ucb';

/**
 * Expected improvement over `incumbent + xi` for a Gaussian with mean `mean` and variance `variance`
 * (maximisation).
 *
 * @example
 * expectedImprovement(1, 0, 0, 0);                 // 1: a certain improvement of 1
 * expectedImprovement(0, 1, 0, 0) > 0.39;          // true: sigma * pdf(0) = 0.3989...
 */
export function expectedImprovement(mean: number, variance: number, incumbent: number, xi: number): number {
  const sd = Math.sqrt(Math.max(variance, 0));
  const gain = mean - incumbent - xi;
  if (sd < 1e-12) return Math.max(gain, 0);
  const z = gain / sd;
  return gain * normalCdf(z) + sd * normalPdf(z);
}

/**
 * The upper confidence bound `mean + beta * sd`.
 *
 * @example
 * upperConfidenceBound(1, 4, 2);   // 5
 */
export function upperConfidenceBound(mean: number, variance: number, beta: number): number {
  return mean + beta * Math.sqrt(Math.max(variance, 0));
}
