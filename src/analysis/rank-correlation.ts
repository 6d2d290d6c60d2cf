/** Rank correlation: Spearman's rho and Kendall's tau-b, both with ties handled. */
import { AnalysisError, checkPaired } from './errors.js';

/**
 * Ranks from 1, tied values sharing the mean of their ranks.
 *
 * @example
 * ranks([10, 20, 20, 5]); // [2, 3.5, 3.5, 1]
 */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const result = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const meanRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]!] = meanRank;
    start = end + 1;
  }
  return result;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) throw new AnalysisError('rank correlation is undefined when one sample is constant');
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's rank correlation: the Pearson correlation of the (tie-averaged) ranks.
 *
 * @example
 * spearman([1, 2, 3, 4], [10, 30, 20, 40]); // 0.8
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  checkPaired(x, y, 'spearman');
  return pearson(ranks(x), ranks(y));
}

/**
 * Kendall's tau-b, which corrects for ties in either sample, in O(n log n) (Knight's algorithm).
 *
 * @example
 * kendall([1, 2, 3, 4], [10, 30, 20, 40]); // 0.6666666666666666
 */
export function kendall(x: readonly number[], y: readonly number[]): number {
  checkPaired(x, y, 'kendall');
  const n = x.length;
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const totalPairs = (n * (n - 1)) / 2;
  // Pairs tied in x (n1), and tied in both (n3).
  let tiedX = 0;
  let tiedXY = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && x[order[end + 1]!] === x[order[start]!]) end++;
    const run = end - start + 1;
    tiedX += (run * (run - 1)) / 2;
    for (let s = start; s <= end; ) {
      let e = s;
      while (e + 1 <= end && y[order[e + 1]!] === y[order[s]!]) e++;
      const both = e - s + 1;
      tiedXY += (both * (both - 1)) / 2;
      s = e + 1;
    }
    start = end + 1;
  }
  // Discordant pairs are the swaps a merge sort of y (in x order) makes.
  const ys = order.map((i) => y[i]!);
  const swaps = mergeSortCountingSwaps(ys);
  let tiedY = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && ys[end + 1] === ys[start]) end++;
    const run = end - start + 1;
    tiedY += (run * (run - 1)) / 2;
    start = end + 1;
  }
  const concordantMinusDiscordant = totalPairs - tiedX - tiedY + tiedXY - 2 * swaps;
  const denominator = Math.sqrt((totalPairs - tiedX) * (totalPairs - tiedY));
  if (denominator === 0) throw new AnalysisError('rank correlation is undefined when one sample is constant');
  return concordantMinusDiscordant / denominator;
}

/** Sorts in place, returning the number of inversions (strictly greater elements before smaller ones). */
function mergeSortCountingSwaps(values: number[]): number {
  const buffer = new Array<number>(values.length);
  let swaps = 0;
  for (let width = 1; width < values.length; width *= 2) {
    for (let lo = 0; lo < values.length - width; lo += 2 * width) {
      const mid = lo + width;
      const hi = Math.min(lo + 2 * width, values.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (values[j]! < values[i]!) {
          swaps += mid - i;
          buffer[k++] = values[j++]!;
        } else {
          buffer[k++] = values[i++]!;
        }
      }
      while (i < mid) buffer[k++] = values[i++]!;
      while (j < hi) buffer[k++] = values[j++]!;
      for (let m = lo; m < hi; m++) values[m] = buffer[m]!;
    }
  }
  return swaps;
}

export type RankCorrelationMethod = 'spearman' | 'kendall';

export interface CorrelationMatrix {
  labels: string[];
  method: RankCorrelationMethod;
  /** `values[i][j]`: the correlation of series i and j (1 on the diagonal). */
  values: number[][];
}

/**
 * The rank correlation of every pair of series, e.g. the latencies of the same architectures on
 * several accelerators.
 *
 * @example
 * correlationMatrix({ a: [1, 2, 3], b: [1, 3, 2] }).values; // [[1, 0.5], [0.5, 1]]
 */
export function correlationMatrix(series: Readonly<Record<string, readonly number[]>>, method: RankCorrelationMethod = 'spearman'): CorrelationMatrix {
  const labels = Object.keys(series);
  if (labels.length === 0) throw new AnalysisError('correlationMatrix expects at least one series');
  const correlate = method === 'spearman' ? spearman : method === 'kendall' ? kendall : undefined;
  if (correlate === undefined) throw new AnalysisError(`unknown rank correlation method "${String(method)}"; expected spearman or kendall`);
  const values = labels.map(() => labels.map(() => 1));
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const r = correlate(series[labels[i]!]!, series[labels[j]!]!);
      values[i]![j] = r;
      values[j]![i] = r;
    }
  }
  return { labels, method, values };
}

/** The smallest off-diagonal entry (1 for a single series). */
export function minimumCorrelation(matrix: CorrelationMatrix): number {
  let min = 1;
  for (let i = 0; i < matrix.labels.length; i++) for (let j = i + 1; j < matrix.labels.length; j++) min = Math.min(min, matrix.values[i]![j]!);
  return min;
}
