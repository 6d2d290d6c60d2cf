/** Spearman rank correlation and RMSE, for judging predictors and proxies. */
import { fail } from '../workloads/errors.js';

/** Ranks 1..n, ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.value === order[i]!.value) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k]!.index] = mean;
    i = j + 1;
  }
  return result;
}

function checkPairs(xs: readonly number[], ys: readonly number[], what: string): void {
  if (xs.length !== ys.length) fail(what, 'two arrays of the same length', `${xs.length} and ${ys.length}`);
  if (xs.length < 2) fail(what, 'at least two pairs', xs.length);
  for (const v of [...xs, ...ys]) if (!Number.isFinite(v)) fail(what, 'finite numbers', v);
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's rho: the Pearson correlation of the ranks (ties averaged).
 *
 * @example
 * spearman([1, 2, 3], [30, 20, 10]);    // -1
 * spearman([1, 2, 3, 4], [1, 4, 9, 16]); // 1
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  checkPairs(xs, ys, 'spearman');
  return pearson(ranks(xs), ranks(ys));
}

/** Root mean square error of predictions against targets. */
export function rmse(predicted: readonly number[], actual: readonly number[]): number {
  checkPairs(predicted, actual, 'rmse');
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i]! - actual[i]!) ** 2;
  return Math.sqrt(sum / predicted.length);
}
