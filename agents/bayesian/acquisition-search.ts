/**
 * Maximising the acquisition function over a discrete design space: every design scored where the space
 * is small enough, multi-start local search over single-dimension moves elsewhere. Both prune with an
 * upper bound (the acquisition at the prior variance, which no posterior variance exceeds), so the
 * exact O(n^2) posterior variance is computed only for designs that could win.
 */
import type { Rng } from '../../src/random/rng.js';
import type { ActionCodec, Choices } from '../action-codec.js';
import type { DesignEncoding } from './design-encoding.js';
import { forEachChoices } from './design-encoding.js';
import type { GaussianProcess } from './gaussian-process.js';
import { matern52 } from './matern52.js';

/** An acquisition function of the posterior mean and variance (larger is better), increasing in both. */
export type Acquisition = (mean: number, variance: number) => number;

/** A proposal and its acquisition value. */
export interface Proposal {
  readonly choices: Choices;
  readonly value: number;
}

/** Entries of the candidate-by-observation covariance cache above which means are computed without it. */
const MAX_CACHED_COVARIANCES = 30_000_000;
const BATCH = 64;

/**
 * Of `count` items with upper bounds `bound(i)`, the one with the largest exact value, computing exact
 * values (`exact(batch)`) in order of decreasing bound until no remaining bound can beat the best.
 */
function prunedArgmax(indices: Int32Array, bound: Float64Array, exact: (batch: Int32Array) => Float64Array): { index: number; value: number } {
  const order = Int32Array.from(indices).sort((a, b) => (bound[b] as number) - (bound[a] as number));
  let best = { index: -1, value: -Infinity };
  for (let start = 0; start < order.length; start += BATCH) {
    if (best.index >= 0 && (bound[order[start] as number] as number) <= best.value) break;
    const batch = order.subarray(start, Math.min(order.length, start + BATCH));
    const values = exact(batch);
    batch.forEach((index, k) => {
      if ((values[k] as number) > best.value || best.index < 0) best = { index, value: values[k] as number };
    });
  }
  return best;
}

/**
 * Scores every design of the space for each proposal. The covariances between every design and every
 * observation are cached (a column per observation, all recomputed when the GP's hyperparameters
 * change), so a posterior mean costs O(n) per design and an iteration O(N n) plus exact variances for
 * the few designs the bound cannot rule out.
 *
 * @example
 * const codec = new ActionCodec(new MultiDiscrete([4, 3]));
 * const encoding = new DesignEncoding(codec, ['ordinal', 'categorical']);
 * const gp = new GaussianProcess(2, { lengthscales: [0.3, 1], signalVariance: 1, noiseVariance: 1e-4 }, encoding.categorical);
 * gp.reset([encoding.encode([0, 0]), encoding.encode([3, 2])], [-1, 1]);
 * const scorer = new ExhaustiveSearch(codec, encoding, 10);
 * scorer.observe([0, 0]);
 * scorer.observe([3, 2]);
 * const ucb = (mean, variance) => mean + Math.sqrt(variance);
 * scorer.propose(gp, true, ucb, ucb, () => true).choices;   // [3, 1]: next to the best observation
 */
export class ExhaustiveSearch {
  readonly size: number;
  private readonly encoded: Float64Array;
  private readonly observed: Uint8Array;
  private readonly radix: readonly number[];
  private readonly d: number;
  private readonly capacity: number;
  private readonly cache: Float32Array | null;
  private cachedColumns = 0;
  private scaled: Float64Array;

  constructor(
    private readonly codec: ActionCodec,
    private readonly encoding: DesignEncoding,
    maxObservations: number,
  ) {
    const counts = codec.choiceCounts;
    const radix: number[] = [];
    let size = 1;
    for (let i = counts.length - 1; i >= 0; i--) {
      radix[i] = size;
      size *= counts[i] as number;
    }
    this.radix = radix;
    this.size = size;
    this.d = encoding.dimensions;
    this.encoded = new Float64Array(size * this.d);
    let index = 0;
    forEachChoices(counts, (choices) => {
      this.encoded.set(encoding.encode(choices), index * this.d);
      index++;
    });
    this.scaled = new Float64Array(this.encoded.length);
    this.observed = new Uint8Array(size);
    this.capacity = maxObservations;
    this.cache = size * maxObservations <= MAX_CACHED_COVARIANCES ? new Float32Array(size * maxObservations) : null;
  }

  /** The position of `choices` in the enumeration. */
  indexOf(choices: readonly number[]): number {
    let index = 0;
    choices.forEach((choice, i) => (index += choice * (this.radix[i] as number)));
    return index;
  }

  choicesAt(index: number): Choices {
    return this.codec.choiceCounts.map((count, i) => Math.floor(index / (this.radix[i] as number)) % count);
  }

  observe(choices: readonly number[]): void {
    this.observed[this.indexOf(choices)] = 1;
  }

  /** Whether every design has been observed. */
  get exhausted(): boolean {
    return this.observed.every((flag) => flag === 1);
  }

  /**
   * The unobserved design (among those `allowed`) with the highest acquisition; null when none is left.
   * `refitted` says the GP's hyperparameters changed since the last call (the cache is rebuilt).
   */
  propose(gp: GaussianProcess, refitted: boolean, acquisition: Acquisition, upperBound: Acquisition, allowed: (choices: Choices) => boolean): Proposal | null {
    const means = this.means(gp, refitted);
    const prior = gp.hyperparameters.signalVariance;
    const open: number[] = [];
    const bound = new Float64Array(this.size);
    for (let c = 0; c < this.size; c++) {
      if (this.observed[c] === 1) continue;
      if (!allowed(this.choicesAt(c))) continue;
      open.push(c);
      bound[c] = upperBound(means[c] as number, prior);
    }
    if (open.length === 0) return null;
    const best = prunedArgmax(Int32Array.from(open), bound, (batch) => {
      const points = Array.from(batch, (c) => Array.from(this.encoded.subarray(c * this.d, (c + 1) * this.d)));
      const { mean, variance } = gp.predict(points);
      return Float64Array.from(batch, (_, k) => acquisition(mean[k] as number, variance[k] as number));
    });
    return { choices: this.choicesAt(best.index), value: best.value };
  }

  /** Posterior means of every design (through the cache when it fits). */
  private means(gp: GaussianProcess, refitted: boolean): Float64Array {
    const n = gp.size;
    const d = this.d;
    const { lengthscales, signalVariance } = gp.hyperparameters;
    const categorical = this.encoding.categorical;
    const alpha = gp.alpha;
    const cache = this.cache;
    if (refitted || cache === null || n > this.capacity) {
      for (let c = 0; c < this.size * d; c++) {
        const k = c % d;
        this.scaled[c] = categorical[k] === true ? (this.encoded[c] as number) : (this.encoded[c] as number) / (lengthscales[k] as number);
      }
      this.cachedColumns = 0;
    }
    const observation = new Float64Array(d);
    const scaleObservation = (i: number): void => {
      const raw = gp.point(i);
      for (let k = 0; k < d; k++) observation[k] = categorical[k] === true ? (raw[k] as number) : (raw[k] as number) / (lengthscales[k] as number);
    };
    const covariance = (c: number): number => {
      let squared = 0;
      const base = c * d;
      for (let k = 0; k < d; k++) {
        if (categorical[k] === true) {
          if (this.scaled[base + k] !== observation[k]) squared += 1 / ((lengthscales[k] as number) * (lengthscales[k] as number));
          continue;
        }
        const delta = (this.scaled[base + k] as number) - (observation[k] as number);
        squared += delta * delta;
      }
      return signalVariance * matern52(Math.sqrt(squared));
    };
    const means = new Float64Array(this.size);
    if (cache !== null && n <= this.capacity) {
      for (let i = this.cachedColumns; i < n; i++) {
        scaleObservation(i);
        for (let c = 0; c < this.size; c++) cache[c * this.capacity + i] = covariance(c);
      }
      this.cachedColumns = n;
      for (let c = 0; c < this.size; c++) {
        let mu = 0;
        const row = c * this.capacity;
        for (let i = 0; i < n; i++) mu += (cache[row + i] as number) * (alpha[i] as number);
        means[c] = mu;
      }
      return means;
    }
    for (let i = 0; i < n; i++) {
      scaleObservation(i);
      const weight = alpha[i] as number;
      for (let c = 0; c < this.size; c++) means[c] = (means[c] as number) + covariance(c) * weight;
    }
    return means;
  }
}

/** Every action that differs from `choices` in exactly one dimension. */
export function singleDimensionNeighbours(choices: readonly number[], choiceCounts: readonly number[]): Choices[] {
  const out: Choices[] = [];
  choiceCounts.forEach((count, i) => {
    for (let value = 0; value < count; value++) {
      if (value === choices[i]) continue;
      const neighbour = choices.slice();
      neighbour[i] = value;
      out.push(neighbour);
    }
  });
  return out;
}

export interface LocalSearchSettings {
  /** Starting points: these (the best observations), then `randomStarts` random designs. */
  readonly incumbents: readonly Choices[];
  readonly randomStarts: number;
  /** Moves per start at most. */
  readonly maxMoves: number;
}

/**
 * Multi-start local search of the acquisition over the whole discrete space: from each start, move to
 * the best single-dimension neighbour while that improves the acquisition (neighbours pruned by the
 * upper bound, so exact variances are computed only for those that could win). Returns the best
 * design visited that is not `observed` (and is `allowed`), or null.
 *
 * @example
 * const codec = new ActionCodec(new MultiDiscrete([10, 10, 10]));
 * const encoding = new DesignEncoding(codec, ['ordinal', 'ordinal', 'ordinal']);
 * const gp = new GaussianProcess(3, { lengthscales: [0.3, 0.3, 0.3], signalVariance: 1, noiseVariance: 1e-4 });
 * gp.reset([encoding.encode([0, 0, 0]), encoding.encode([9, 9, 9])], [-1, 1]);
 * const mean = (m, v) => m;   // pure exploitation: climb towards the best observation
 * const found = localSearch(codec, encoding, gp, mean, (m) => m, new Set(['0,0,0', '9,9,9']), () => true, createRng(0), { incumbents: [[9, 9, 9]], randomStarts: 2, maxMoves: 30 });
 * found.choices;   // [8, 9, 9]: a neighbour of the best observation
 */
export function localSearch(
  codec: ActionCodec,
  encoding: DesignEncoding,
  gp: GaussianProcess,
  acquisition: Acquisition,
  upperBound: Acquisition,
  observed: ReadonlySet<string>,
  allowed: (choices: Choices) => boolean,
  rng: Rng,
  settings: LocalSearchSettings,
): Proposal | null {
  const prior = gp.hyperparameters.signalVariance;
  const values = new Map<string, number>();
  const exact = (designs: readonly Choices[]): Float64Array => {
    const missing = designs.filter((choices) => !values.has(codec.key(choices)));
    if (missing.length > 0) {
      const { mean, variance } = gp.predict(missing.map((choices) => encoding.encode(choices)));
      missing.forEach((choices, k) => values.set(codec.key(choices), acquisition(mean[k] as number, variance[k] as number)));
    }
    return Float64Array.from(designs, (choices) => values.get(codec.key(choices)) as number);
  };
  let best: Proposal | null = null;
  const consider = (choices: Choices, value: number): void => {
    if (observed.has(codec.key(choices)) || !allowed(choices)) return;
    if (best === null || value > best.value) best = { choices: choices.slice(), value };
  };
  const starts = [...settings.incumbents.map((choices) => choices.slice())];
  for (let i = 0; i < settings.randomStarts; i++) starts.push(codec.sample(rng));
  for (const start of starts) {
    let current = start;
    let currentValue = (exact([current])[0] as number);
    consider(current, currentValue);
    for (let move = 0; move < settings.maxMoves; move++) {
      const neighbours = singleDimensionNeighbours(current, codec.choiceCounts).filter(allowed);
      if (neighbours.length === 0) break;
      const means = gp.predictMean(neighbours.map((choices) => encoding.encode(choices)));
      const bound = Float64Array.from(means, (mean) => upperBound(mean, prior));
      const winner = prunedArgmax(Int32Array.from(neighbours, (_, k) => k), bound, (batch) => exact(Array.from(batch, (k) => neighbours[k] as Choices)));
      const next = neighbours[winner.index] as Choices;
      for (const neighbour of neighbours) {
        const value = values.get(codec.key(neighbour));
        if (value !== undefined) consider(neighbour, value);
      }
      if (!(winner.value > currentValue)) break;
      current = next;
      currentValue = winner.value;
    }
  }
  return best;
}
