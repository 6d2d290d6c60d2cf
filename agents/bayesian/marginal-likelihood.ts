/** The GP log marginal likelihood with its gradient in log-hyperparameters, and its maximisation by Adam within bounds. */
import { choleskyLower, inverseFromCholesky, solveLowerInPlace, solveUpperTransposedInPlace } from './cholesky.js';
import { matern52, matern52LengthscaleFactor, type GpHyperparameters } from './matern52.js';

/** Bounds of the fitted hyperparameters, for inputs in [0, 1] and standardised targets. */
export const GP_HYPERPARAMETER_BOUNDS = Object.freeze({
  lengthscale: [0.02, 20] as const,
  signalVariance: [0.05, 20] as const,
  noiseVariance: [1e-6, 1] as const,
});

/**
 * A weak log-normal prior on each lengthscale (mean of the log at log 0.5, standard deviation 1.5),
 * which keeps lengthscales of dimensions the data barely inform from running to a bound.
 */
const LENGTHSCALE_PRIOR_LOG_MEAN = Math.log(0.5);
const LENGTHSCALE_PRIOR_LOG_SD = 1.5;

/** Log-hyperparameters in the order [log lengthscale_1..D, log signal variance, log noise variance]. */
export function toLogParameters(hyperparameters: GpHyperparameters): number[] {
  return [...hyperparameters.lengthscales.map(Math.log), Math.log(hyperparameters.signalVariance), Math.log(hyperparameters.noiseVariance)];
}

export function fromLogParameters(parameters: readonly number[]): GpHyperparameters {
  const d = parameters.length - 2;
  return {
    lengthscales: parameters.slice(0, d).map(Math.exp),
    signalVariance: Math.exp(parameters[d] as number),
    noiseVariance: Math.exp(parameters[d + 1] as number),
  };
}

/**
 * The log marginal likelihood of `targets` at `points` (plus the lengthscale prior) and its gradient
 * with respect to the log-hyperparameters; null when the covariance is not positive definite.
 * Coordinates flagged `categorical` hold category indices, and differ by 1 when unequal (see
 * `coordinateDifference`).
 *
 * @example
 * const hyperparameters = { lengthscales: [0.5], signalVariance: 1, noiseVariance: 0.01 };
 * const { value, gradient } = logMarginalLikelihood([[0], [0.5], [1]], [0, 1, 0], hyperparameters);
 * Number.isFinite(value) && gradient.length === 3;   // true
 */
export function logMarginalLikelihood(
  points: readonly (readonly number[])[],
  targets: readonly number[],
  hyperparameters: GpHyperparameters,
  categorical?: readonly boolean[],
): { value: number; gradient: number[] } | null {
  const n = points.length;
  const { lengthscales, signalVariance, noiseVariance } = hyperparameters;
  const d = lengthscales.length;
  const distances = new Float64Array(n * n);
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = points[i] as readonly number[];
    for (let j = 0; j < i; j++) {
      const b = points[j] as readonly number[];
      let squared = 0;
      for (let k = 0; k < d; k++) squared += (coordinateDifference(a, b, k, categorical) / (lengthscales[k] as number)) ** 2;
      const r = Math.sqrt(squared);
      distances[i * n + j] = r;
      const value = signalVariance * matern52(r);
      covariance[i * n + j] = value;
      covariance[j * n + i] = value;
    }
    covariance[i * n + i] = signalVariance + noiseVariance;
  }
  const lower = choleskyLower(covariance, n);
  if (lower === null) return null;
  const weights = Float64Array.from(targets);
  solveLowerInPlace(lower, n, n, weights);
  solveUpperTransposedInPlace(lower, n, n, weights);
  let value = -0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) value -= 0.5 * (targets[i] as number) * (weights[i] as number) + Math.log(lower[i * n + i] as number);
  const inverse = inverseFromCholesky(lower, n, n);
  // d value / d theta = 1/2 sum_ij W_ij dK_ij/dtheta with W = alpha alpha^T - K^-1 (symmetric: off-diagonal pairs twice).
  const gradient = new Array<number>(d + 2).fill(0);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    const a = points[i] as readonly number[];
    for (let j = 0; j < i; j++) {
      const b = points[j] as readonly number[];
      const w = (weights[i] as number) * (weights[j] as number) - (inverse[i * n + j] as number);
      const r = distances[i * n + j] as number;
      const factor = w * signalVariance * matern52LengthscaleFactor(r);
      for (let k = 0; k < d; k++) {
        const delta = coordinateDifference(a, b, k, categorical) / (lengthscales[k] as number);
        gradient[k] = (gradient[k] as number) + factor * delta * delta;
      }
      gradient[d] = (gradient[d] as number) + w * signalVariance * matern52(r);
    }
    const wDiagonal = (weights[i] as number) ** 2 - (inverse[i * n + i] as number);
    gradient[d] = (gradient[d] as number) + 0.5 * wDiagonal * signalVariance;
    trace += wDiagonal;
  }
  gradient[d + 1] = 0.5 * trace * noiseVariance;
  for (let k = 0; k < d; k++) {
    const standardised = (Math.log(lengthscales[k] as number) - LENGTHSCALE_PRIOR_LOG_MEAN) / LENGTHSCALE_PRIOR_LOG_SD;
    value -= 0.5 * standardised * standardised;
    gradient[k] = (gradient[k] as number) - standardised / LENGTHSCALE_PRIOR_LOG_SD;
  }
  return { value, gradient };
}

/**
 * How far apart two points are in coordinate `k`: the difference of ordinal coordinates, and for a
 * categorical one (a category index) 1 when the categories differ, else 0: the overlap (Hamming)
 * distance, the same as a one-hot encoding scaled by 1/sqrt(2) whose coordinates share a lengthscale.
 *
 * @example
 * coordinateDifference([0.5, 2], [0.25, 3], 0, [false, true]);   // 0.25
 * coordinateDifference([0.5, 2], [0.25, 3], 1, [false, true]);   // 1: categories 2 and 3 differ
 */
export function coordinateDifference(a: ArrayLike<number>, b: ArrayLike<number>, k: number, categorical?: readonly boolean[]): number {
  if (categorical?.[k] === true) return a[k] === b[k] ? 0 : 1;
  return (a[k] as number) - (b[k] as number);
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * The hyperparameters that maximise `logMarginalLikelihood` found by `steps` Adam steps of size
 * `learningRate` in log space from `start`, clamped to `GP_HYPERPARAMETER_BOUNDS`; returns the best
 * point visited (deterministic: no randomness involved).
 *
 * @example
 * const points = [[0], [0.25], [0.5], [0.75], [1]];
 * const fitted = fitGpHyperparameters(points, [0, 0.7, 1, 0.7, 0], { lengthscales: [2], signalVariance: 1, noiseVariance: 0.1 }, 50);
 * fitted.hyperparameters.lengthscales[0] < 2;   // true
 */
export function fitGpHyperparameters(
  points: readonly (readonly number[])[],
  targets: readonly number[],
  start: GpHyperparameters,
  steps: number,
  learningRate = 0.1,
  categorical?: readonly boolean[],
): { hyperparameters: GpHyperparameters; logMarginalLikelihood: number } {
  const d = start.lengthscales.length;
  const low = [
    ...new Array<number>(d).fill(Math.log(GP_HYPERPARAMETER_BOUNDS.lengthscale[0])),
    Math.log(GP_HYPERPARAMETER_BOUNDS.signalVariance[0]),
    Math.log(GP_HYPERPARAMETER_BOUNDS.noiseVariance[0]),
  ];
  const high = [
    ...new Array<number>(d).fill(Math.log(GP_HYPERPARAMETER_BOUNDS.lengthscale[1])),
    Math.log(GP_HYPERPARAMETER_BOUNDS.signalVariance[1]),
    Math.log(GP_HYPERPARAMETER_BOUNDS.noiseVariance[1]),
  ];
  const clamp = (values: number[]): number[] => values.map((value, i) => Math.min(high[i] as number, Math.max(low[i] as number, value)));
  let parameters = clamp(toLogParameters(start));
  let best = { parameters, value: -Infinity };
  const firstMoment = new Array<number>(d + 2).fill(0);
  const secondMoment = new Array<number>(d + 2).fill(0);
  for (let step = 1; step <= steps + 1; step++) {
    const result = logMarginalLikelihood(points, targets, fromLogParameters(parameters), categorical);
    if (result === null) {
      // Not positive definite: more noise always helps.
      parameters = clamp(parameters.map((value, i) => (i === d + 1 ? value + 1 : value)));
      continue;
    }
    if (result.value > best.value) best = { parameters, value: result.value };
    if (step > steps) break;
    parameters = clamp(
      parameters.map((value, i) => {
        const g = result.gradient[i] as number;
        firstMoment[i] = ADAM_BETA1 * (firstMoment[i] as number) + (1 - ADAM_BETA1) * g;
        secondMoment[i] = ADAM_BETA2 * (secondMoment[i] as number) + (1 - ADAM_BETA2) * g * g;
        const mHat = (firstMoment[i] as number) / (1 - ADAM_BETA1 ** step);
        const vHat = (secondMoment[i] as number) / (1 - ADAM_BETA2 ** step);
        return value + (learningRate * mHat) / (Math.sqrt(vHat) + ADAM_EPSILON);
      }),
    );
  }
  return { hyperparameters: fromLogParameters(best.parameters), logMarginalLikelihood: best.value };
}
