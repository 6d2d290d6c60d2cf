/**
 * The statistics of the agent benchmark: medians with bootstrap confidence intervals (runs that never
 * reached the target count as censored, above the budget), success-rate curves with bootstrap bands,
 * and the Mann-Whitney U test. Built on simple-statistics; resampling uses the package's seeded
 * generator, so a report is the same every time it is rebuilt.
 */
import { quantileSorted, sampleWithReplacement, wilcoxonRankSum } from 'simple-statistics';
import { normalCdf } from '../../agents/bayesian/normal-distribution.js';
import { createRng, type Rng } from '../../src/random/rng.js';

/** Bootstrap resamples behind every interval and band. */
export const BOOTSTRAP_RESAMPLES = 2000;
/** The confidence level of intervals and bands. */
export const CONFIDENCE = 0.95;
/** The seed of the bootstrap's generator (fixed: reports are reproducible). */
export const BOOTSTRAP_SEED = 20_241;

/** A value that may be censored: `null` means "not within the budget" (counted as budget + 1). */
export type Censored = number | null;

function uncensored(values: readonly Censored[], budget: number): number[] {
  return values.map((value) => value ?? budget + 1).sort((a, b) => a - b);
}

/** The median, or null when it is censored (at least half the runs never got there). */
export function censoredMedian(values: readonly Censored[], budget: number): number | null {
  if (values.length === 0) return null;
  const median = quantileSorted(uncensored(values, budget), 0.5);
  return median > budget ? null : median;
}

export interface MedianWithInterval {
  /** null: censored (more than the budget). */
  readonly median: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/**
 * The median of `values` with a percentile-bootstrap confidence interval; censored values (null)
 * count as budget + 1, and a median or bound above the budget is reported as null (not reached).
 *
 * @example
 * const { median, low, high } = bootstrapMedian([10, 12, 14, 20, null], 100);
 * [median, low <= 14, high];   // [14, true, null]: the upper bound is censored
 */
export function bootstrapMedian(values: readonly Censored[], budget: number, rng: Rng = createRng(BOOTSTRAP_SEED)): MedianWithInterval {
  if (values.length === 0) return { median: null, low: null, high: null };
  const filled = uncensored(values, budget);
  const random = (): number => rng.float();
  const medians = Array.from({ length: BOOTSTRAP_RESAMPLES }, () => quantileSorted(sampleWithReplacement(filled, filled.length, random).sort((a, b) => a - b), 0.5)).sort((a, b) => a - b);
  const shown = (value: number): number | null => (value > budget ? null : value);
  return {
    median: shown(quantileSorted(filled, 0.5)),
    low: shown(quantileSorted(medians, (1 - CONFIDENCE) / 2)),
    high: shown(quantileSorted(medians, 1 - (1 - CONFIDENCE) / 2)),
  };
}

export interface SuccessCurve {
  readonly evaluations: number[];
  /** Fraction of runs within the target after each evaluation count. */
  readonly rate: number[];
  readonly low: number[];
  readonly high: number[];
}

/**
 * The fraction of runs that reached the target (`reachedAt`, the evaluation when a run first got
 * there, null for never) after each of `evaluations`, with a bootstrap band over the runs.
 *
 * @example
 * const curve = successCurve([1, 2, null, 4], [1, 2, 3, 4]);
 * curve.rate;   // [0.25, 0.5, 0.5, 0.75]
 */
export function successCurve(reachedAt: readonly Censored[], evaluations: readonly number[], rng: Rng = createRng(BOOTSTRAP_SEED)): SuccessCurve {
  const runs = reachedAt.map((value) => value ?? Infinity);
  const rateOf = (sample: readonly number[], e: number): number => sample.filter((at) => at <= e).length / Math.max(1, sample.length);
  const random = (): number => rng.float();
  const samples = Array.from({ length: BOOTSTRAP_RESAMPLES }, () => sampleWithReplacement(runs, runs.length, random));
  const low: number[] = [];
  const high: number[] = [];
  for (const e of evaluations) {
    const rates = samples.map((sample) => rateOf(sample, e)).sort((a, b) => a - b);
    low.push(quantileSorted(rates, (1 - CONFIDENCE) / 2));
    high.push(quantileSorted(rates, 1 - (1 - CONFIDENCE) / 2));
  }
  return { evaluations: evaluations.slice(), rate: evaluations.map((e) => rateOf(runs, e)), low, high };
}

export interface MannWhitney {
  /** U of the first sample (the number of pairs in which it is larger, ties counting 1/2). */
  readonly u: number;
  readonly z: number;
  /** Two-sided p-value (normal approximation with tie and continuity corrections). */
  readonly p: number;
}

/**
 * The Mann-Whitney U test of `x` against `y` (two-sided): the rank sum from simple-statistics'
 * `wilcoxonRankSum` (ties share their mean rank), and the normal approximation with the tie-corrected
 * variance and a continuity correction, as scipy's `mannwhitneyu(method='asymptotic')` computes it.
 *
 * @example
 * const test = mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]);
 * [test.u, test.p < 0.001];   // [0, true]
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitney {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`Expects two non-empty samples, actual sizes ${n1} and ${n2}`);
  const u = wilcoxonRankSum(x.slice(), y.slice()) - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const counts = new Map<number, number>();
  for (const value of [...x, ...y]) counts.set(value, (counts.get(value) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) ties += t ** 3 - t;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, p: 1 };
  const difference = u - (n1 * n2) / 2;
  const z = (Math.abs(difference) - 0.5) / Math.sqrt(variance);
  const p = Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
  return { u, z: Math.sign(difference) * Math.max(0, z), p };
}

/** Mean rank of each entry (1 = best = smallest), ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const out = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number]) end++;
    for (let k = start; k <= end; k++) out[order[k] as number] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

/** Pointwise quantiles of curves (each run's curve has one value per evaluation). */
export function curveQuantiles(curves: readonly (readonly number[])[], quantiles: readonly number[]): number[][] {
  const length = Math.max(0, ...curves.map((curve) => curve.length));
  return quantiles.map((q) =>
    Array.from({ length }, (_, e) => {
      const values = curves.map((curve) => curve[Math.min(e, curve.length - 1)] as number).sort((a, b) => a - b);
      return quantileSorted(values, q);
    }),
  );
}
