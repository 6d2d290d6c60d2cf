/** Warps of the observed rewards into GP targets: plain standardisation, or a rank-based Gaussian copula. */
import { normalQuantile } from './normal-distribution.js';

/** How rewards become GP targets. */
export type OutputWarping = 'standardize' | 'copula';

/**
 * `rewards` standardised to mean 0 and standard deviation 1 (all zeros when they are all equal).
 *
 * @example
 * standardize([1, 2, 3]);   // [-1.224744871391589, 0, 1.224744871391589]
 */
export function standardize(rewards: readonly number[]): number[] {
  const n = rewards.length;
  const mean = rewards.reduce((sum, value) => sum + value, 0) / n;
  const variance = rewards.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n;
  const sd = Math.sqrt(variance);
  return rewards.map((value) => (sd > 0 ? (value - mean) / sd : 0));
}

/**
 * The Gaussian copula transform: each reward replaced by the standard normal quantile of its
 * (tie-averaged) rank, (rank + 0.5) / n. Monotone, so the best reward stays best, and immune to the
 * scale of rewards (latencies spanning orders of magnitude, infeasibility penalties).
 *
 * @example
 * copula([10, 1000, 20]).map((value) => Math.round(value * 1000) / 1000);   // [-0.967, 0.967, 0]
 */
export function copula(rewards: readonly number[]): number[] {
  const n = rewards.length;
  const order = rewards.map((_, i) => i).sort((a, b) => (rewards[a] as number) - (rewards[b] as number) || a - b);
  const ranks = new Array<number>(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && rewards[order[end] as number] === rewards[order[start] as number]) end++;
    const averageRank = (start + end - 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = averageRank;
    start = end;
  }
  return ranks.map((rank) => normalQuantile((rank + 0.5) / n));
}

/** The targets for `rewards` under `warping`. */
export function warpRewards(rewards: readonly number[], warping: OutputWarping): number[] {
  return warping === 'copula' ? copula(rewards) : standardize(rewards);
}
