/** Advantages normalised over a whole batch, so that the best designs of the batch drive the update. */

/** `standardise`: (x - mean) / sd; `rank`: the centred ranks (ties averaged), scaled to standard deviation 1. */
export const ADVANTAGE_NORMALISATIONS = ['rank', 'standardise'] as const;
export type AdvantageNormalisation = (typeof ADVANTAGE_NORMALISATIONS)[number];

/**
 * `values` normalised over the whole batch: shifted to mean 0 and scaled to standard deviation 1,
 * either as they are (`standardise`) or after replacing each by its rank (`rank`: robust to the
 * scale of rewards and to infeasible-design penalties far below every feasible reward). All zeros
 * when the values do not vary.
 *
 * @example
 * normaliseAdvantages([1, 2, 3], 'standardise').map((a) => a.toFixed(3));   // ['-1.225', '0.000', '1.225']
 * normaliseAdvantages([-20, 0.5, 0.6], 'rank').map((a) => a.toFixed(3));   // ['-1.225', '0.000', '1.225']
 * normaliseAdvantages([2, 2], 'rank');   // [0, 0]
 */
export function normaliseAdvantages(values: readonly number[], mode: AdvantageNormalisation): number[] {
  const scores = mode === 'rank' ? ranks(values) : values.slice();
  const n = scores.length;
  if (n === 0) return [];
  const mean = scores.reduce((sum, value) => sum + value, 0) / n;
  const sd = Math.sqrt(scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n);
  return sd > 1e-12 ? scores.map((value) => (value - mean) / sd) : scores.map(() => 0);
}

/** Ranks from 0 (smallest), ties sharing their mean rank. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const out = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number]) end++;
    const rank = (start + end) / 2;
    for (let k = start; k <= end; k++) out[order[k] as number] = rank;
    start = end + 1;
  }
  return out;
}

/**
 * The risk-seeking advantages of Petersen et al. (ICLR 2021): the batch's `values` at or above the
 * (1 - `epsilon`) quantile keep value - quantile, the others 0 (they give no gradient). The quantile is
 * that of `reference` (the batch itself by default; a longer memory of recent returns that ends with
 * the batch makes the baseline the recent elite, so a batch that finds nothing better moves only the
 * entropy). In `rank` mode every value is replaced by its rank within `reference` first. The result is
 * scaled so that the nonzero advantages have mean square 1 (all zeros when none is above the quantile).
 *
 * @example
 * riskSeekingAdvantages([1, 2, 3, 4], 0.5, 'standardise');   // [0, 0, 0.447, 1.342]: 3 and 4 above the median 2.5
 * riskSeekingAdvantages([1, 2], 0.5, 'standardise', [5, 6, 1, 2]);   // [0, 0]: nothing above the memory's median
 * riskSeekingAdvantages([-9, 0.7], 0.5, 'rank', [0.5, 0.6, -9, 0.7]);   // [0, 1]: only 0.7 (rank 3) is above the median rank 1.5
 * riskSeekingAdvantages([1], 0, 'rank');
 * // RangeError: Expects a risk quantile epsilon in (0, 1], actual: 0
 */
export function riskSeekingAdvantages(values: readonly number[], epsilon: number, mode: AdvantageNormalisation, reference: readonly number[] = values): number[] {
  if (!(epsilon > 0 && epsilon <= 1)) throw new RangeError(`Expects a risk quantile epsilon in (0, 1], actual: ${epsilon}`);
  const n = reference.length;
  if (values.length === 0 || n === 0) return values.map(() => 0);
  const referenceScores = mode === 'rank' ? ranks(reference) : reference.slice();
  const sortedReference = reference.slice().sort((a, b) => a - b);
  const scores = mode === 'rank' ? values.map((value) => rankWithin(sortedReference, value)) : values.slice();
  const sorted = referenceScores.slice().sort((a, b) => a - b);
  const position = (1 - epsilon) * (n - 1);
  const low = Math.floor(position);
  const quantile = (sorted[low] as number) + ((sorted[Math.min(low + 1, n - 1)] as number) - (sorted[low] as number)) * (position - low);
  const raw = scores.map((value) => (value > quantile ? value - quantile : 0));
  const kept = raw.filter((value) => value > 0);
  const rms = Math.sqrt(kept.reduce((sum, value) => sum + value * value, 0) / Math.max(1, kept.length));
  return rms > 1e-12 ? raw.map((value) => value / rms) : raw.map(() => 0);
}

/** The rank (ties averaged, from 0) `value` has within `sorted` (ascending), which contains it. */
function rankWithin(sorted: readonly number[], value: number): number {
  let below = 0;
  while (below < sorted.length && (sorted[below] as number) < value) below++;
  let equal = below;
  while (equal < sorted.length && (sorted[equal] as number) === value) equal++;
  return equal > below ? (below + equal - 1) / 2 : below - 0.5;
}
