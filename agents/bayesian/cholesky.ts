/** Cholesky factors (through ml-matrix) and the triangular solves the Gaussian process needs, on flat row-major arrays. */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/**
 * The lower Cholesky factor of the symmetric `n` x `n` matrix `matrix` (row-major), as a row-major
 * `Float64Array` with row stride `stride`; null when the matrix is not positive definite.
 *
 * @example
 * Array.from(choleskyLower(new Float64Array([4, 2, 2, 5]), 2, 2));   // [2, 0, 1, 2]
 */
export function choleskyLower(matrix: Float64Array, n: number, stride = n): Float64Array | null {
  const rows: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(matrix.subarray(i * n, i * n + n));
  const decomposition = new CholeskyDecomposition(new Matrix(rows));
  if (!decomposition.isPositiveDefinite()) return null;
  const lower = decomposition.lowerTriangularMatrix;
  const out = new Float64Array(stride * stride);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) out[i * stride + j] = lower.get(i, j);
  }
  for (let i = 0; i < n; i++) if (!((out[i * stride + i] as number) > 0)) return null;
  return out;
}

/**
 * Solves `L x = b` in place (`b` becomes `x`) for the lower factor `L` of size `n` with row stride `stride`.
 *
 * @example
 * const b = new Float64Array([2, 5]);
 * solveLowerInPlace(new Float64Array([2, 0, 1, 2]), 2, 2, b);
 * Array.from(b);   // [1, 2]
 */
export function solveLowerInPlace(lower: Float64Array, n: number, stride: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * stride;
    let sum = b[i] as number;
    for (let j = 0; j < i; j++) sum -= (lower[row + j] as number) * (b[j] as number);
    b[i] = sum / (lower[row + i] as number);
  }
}

/**
 * Solves `L^T x = b` in place for the lower factor `L`.
 *
 * @example
 * const b = new Float64Array([4, 4]);
 * solveUpperTransposedInPlace(new Float64Array([2, 0, 1, 2]), 2, 2, b);
 * Array.from(b);   // [1, 2]
 */
export function solveUpperTransposedInPlace(lower: Float64Array, n: number, stride: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i] as number;
    for (let j = i + 1; j < n; j++) sum -= (lower[j * stride + i] as number) * (b[j] as number);
    b[i] = sum / (lower[i * stride + i] as number);
  }
}

/**
 * The inverse of `L L^T` (row-major, `n` x `n`) from the lower factor `L`.
 *
 * @example
 * Array.from(inverseFromCholesky(new Float64Array([2, 0, 1, 2]), 2, 2));   // [0.3125, -0.125, -0.125, 0.25]
 */
export function inverseFromCholesky(lower: Float64Array, n: number, stride: number): Float64Array {
  // Rows of L^-1 (lower triangular), then K^-1 = L^-T L^-1.
  const inverseLower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * stride;
    const diagonal = lower[row + i] as number;
    inverseLower[i * n + i] = 1 / diagonal;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum += (lower[row + k] as number) * (inverseLower[k * n + j] as number);
      inverseLower[i * n + j] = -sum / diagonal;
    }
  }
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += (inverseLower[k * n + i] as number) * (inverseLower[k * n + j] as number);
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}
