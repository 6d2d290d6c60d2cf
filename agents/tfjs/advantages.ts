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
