/** The standard normal distribution: density, cumulative distribution and quantile (for EI, UCB and the copula warping). */

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The standard normal density.
 *
 * @example
 * normalPdf(0);   // 0.3989422804014327
 */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** erfc(x) for x >= 0 (W. J. Cody's rational Chebyshev approximation as in Numerical Recipes' erfcc; relative error < 1.2e-7). */
function erfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const polynomial =
    -x * x -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(polynomial);
}

/**
 * The standard normal cumulative distribution function (accurate to about 1e-7, relative in the tails).
 *
 * @example
 * Math.abs(normalCdf(0) - 0.5) < 1e-7;   // true
 * normalCdf(-8) > 0;                      // true: the tails keep their relative accuracy
 */
export function normalCdf(x: number): number {
  const tail = 0.5 * erfcNonNegative(Math.abs(x) / Math.SQRT2);
  return x >= 0 ? 1 - tail : tail;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const LOW = 0.02425;

/**
 * The standard normal quantile for `p` in (0, 1) (Acklam's algorithm, relative error < 1.2e-9).
 *
 * @example
 * Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8;   // true
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Expects a probability strictly between 0 and 1, actual: ${p}`);
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  if (p < LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
