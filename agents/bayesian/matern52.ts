/** The Matern 5/2 covariance with one lengthscale per input dimension (ARD), and its derivatives. */

const SQRT5 = Math.sqrt(5);

/** The hyperparameters of a GP with a Matern 5/2 ARD kernel and Gaussian noise. */
export interface GpHyperparameters {
  /** One per input dimension, in units of the normalised inputs ([0, 1] per dimension). */
  readonly lengthscales: readonly number[];
  /** The prior variance of the latent function (in units of the warped targets). */
  readonly signalVariance: number;
  /** The observation noise variance (also the jitter that keeps the covariance positive definite). */
  readonly noiseVariance: number;
}

/**
 * The Matern 5/2 correlation at scaled distance `r` (distance divided by the lengthscale):
 * (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r).
 *
 * @example
 * matern52(0);   // 1
 */
export function matern52(r: number): number {
  const s = SQRT5 * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

/**
 * The factor f(r) with d k / d log(lengthscale_d) = signalVariance * f(r) * (delta_d / lengthscale_d)^2:
 * (5 / 3) (1 + sqrt(5) r) exp(-sqrt(5) r). Finite at r = 0, so no division by the distance is needed.
 *
 * @example
 * matern52LengthscaleFactor(0);   // 1.6666666666666667
 */
export function matern52LengthscaleFactor(r: number): number {
  const s = SQRT5 * r;
  return (5 / 3) * (1 + s) * Math.exp(-s);
}

/**
 * The covariance of two points under `hyperparameters` (without noise).
 *
 * @example
 * maternCovariance([0, 0], [0, 0], { lengthscales: [1, 1], signalVariance: 2, noiseVariance: 0 });   // 2
 */
export function maternCovariance(a: ArrayLike<number>, b: ArrayLike<number>, hyperparameters: GpHyperparameters): number {
  const { lengthscales, signalVariance } = hyperparameters;
  let squared = 0;
  for (let d = 0; d < lengthscales.length; d++) {
    const delta = ((a[d] as number) - (b[d] as number)) / (lengthscales[d] as number);
    squared += delta * delta;
  }
  return signalVariance * matern52(Math.sqrt(squared));
}
