/** Errors for bad input to the analysis functions. */

/**
 * Bad input to an analysis function: what it expects and what it got.
 *
 * @example
 * let message = '';
 * try { spearman([1, 2, 3], [1, 2]); } catch (error) { message = (error as AnalysisError).message; }
 * message;   // 'spearman expects samples of equal length, got 3 and 2'
 */
export class AnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/** Throws unless both samples are arrays of finite numbers of the same length (at least `min`). */
export function checkPaired(x: readonly number[], y: readonly number[], what: string, min = 2): void {
  if (!Array.isArray(x) || !Array.isArray(y)) throw new AnalysisError(`${what} expects two arrays of numbers`);
  if (x.length !== y.length) throw new AnalysisError(`${what} expects samples of equal length, got ${x.length} and ${y.length}`);
  if (x.length < min) throw new AnalysisError(`${what} expects at least ${min} pairs, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new AnalysisError(`${what} expects finite numbers, got ${String(x[i])} and ${String(y[i])} at index ${i}`);
    }
  }
}
