/** Acquisition functions: expected improvement and the upper confidence bound, from GP posterior means and variances. */
import { normalCdf, normalPdf } from './normal-distribution.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** Terms of the continued fraction behind `logEiFactor` (enough for double precision from z = -1 down). */
const CONTINUED_FRACTION_TERMS = 200;

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

/**
 * log h(z) with h(z) = phi(z) + z Phi(z), the expected improvement of a standard normal over z,
 * accurate where h underflows (z far below 0). For z > -1 it is computed directly; below, with x = -z,
 * h = phi(x) c / (x + c) where c = 1 / (x + 2 / (x + 3 / (x + ...))) is the continued fraction of the
 * Mills ratio's tail, so there is no cancellation (Ament et al., NeurIPS 2023, give the same motivation).
 *
 * @example
 * Math.exp(logEiFactor(0)).toFixed(6);   // '0.398942': phi(0)
 * Math.exp(logEiFactor(-5)).toExponential(6);   // '5.346166e-8'
 * Number.isFinite(logEiFactor(-60));   // true, where h itself is 0 in floating point
 */
export function logEiFactor(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  const x = -z;
  let tail = 0;
  for (let k = CONTINUED_FRACTION_TERMS; k >= 2; k--) tail = k / (x + tail);
  const c = 1 / (x + tail);
  return -0.5 * x * x - LOG_SQRT_2PI + Math.log(c / (x + c));
}

/**
 * The logarithm of expected improvement (maximisation), finite even where EI underflows to 0, so that
 * candidates far from the incumbent still rank by how promising they are (log-EI). -Infinity only
 * for a zero variance without improvement.
 *
 * @example
 * logExpectedImprovement(0, 1, 0, 0).toFixed(6);   // '-0.918939': log(phi(0))
 * logExpectedImprovement(-30, 1, 0, 0) > logExpectedImprovement(-31, 1, 0, 0);   // true, though both EIs are 0
 */
export function logExpectedImprovement(mean: number, variance: number, incumbent: number, xi: number): number {
  const sd = Math.sqrt(Math.max(variance, 0));
  const gain = mean - incumbent - xi;
  if (sd < 1e-12) return gain > 0 ? Math.log(gain) : -Infinity;
  return Math.log(sd) + logEiFactor(gain / sd);
}
