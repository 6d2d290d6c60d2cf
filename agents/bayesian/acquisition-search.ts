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
import { AcquisitionScorer, surelyBelow, type Acquisition } from './acquisition-scorer.js';
import { VarianceStore } from './variance-store.js';

export type { Acquisition };

/** A proposal and its acquisition value. */
export interface Proposal {
  readonly choices: Choices;
  readonly value: number;
}

/** Entries of the candidate-by-observation covariance cache above which means are computed without it. */
const MAX_CACHED_COVARIANCES = 16_000_000;
const BATCH = 64;
/**
 * Relative error allowed for a covariance in the cache against the GP's own (computed in another order:
 * about 1e-13 at worst), and so for a mean from the cache, so bounds from the cache stay bounds.
 */
const CACHE_ROUNDING = 1e-9;
/**
 * The candidates of one maximisation: `bound` holds each item's acquisition at the prior variance (the
 * order in which items are examined, and the tie-break); `tightBounds(batch)` smaller upper bounds of a
 * batch's items, and `exact(items)` their exact values (items of the last batch).
 */
export interface PrunedCandidates {
  readonly bound: Float64Array;
  tightBounds(batch: Int32Array): Float64Array;
  /** Exact values of `items`; NaN allowed for those surely below `unwantedBelow` (one for all items, or one per item) when it is given. */
  exact(items: Int32Array, unwantedBelow?: number | Float64Array): Float64Array;
  /** Optionally, a slot per item: items of one slot have equal bounds and exact values (computed once). */
  readonly slots?: Int32Array;
}

/**
 * Of the candidates, the one with the largest exact value, ties going to the larger `bound`, then to the
 * earlier index. Items are examined in order of decreasing `bound`, a batch at a time, until no remaining
 * `bound` can beat the best; within a batch, an item whose tight bound is below the best so far is
 * skipped (its exact value cannot win) unless the caller says its value `matters` anyway; with
 * `floorOf`, such an item matters only at or above its floor, so its computation may stop once it is
 * surely below both its floor and the best so far. So the winner,
 * and every exact value that matters, are those that computing every examined item would give. Returns
 * the winner and the exact values computed (NaN where skipped or never examined).
 *
 * @example
 * const values = [3, 9, 9, 1];
 * const candidates = { bound: Float64Array.from([10, 10, 12, 2]), tightBounds: (batch) => Float64Array.from(batch, (i) => values[i] + 1), exact: (items) => Float64Array.from(items, (i) => values[i]) };
 * prunedArgmax(4, candidates).index;   // 2: ties go to the larger bound
 */
export function prunedArgmax(
  count: number,
  candidates: PrunedCandidates,
  matters?: (index: number, tightBound: number) => boolean,
  floorOf?: (index: number) => number,
): { index: number; value: number; values: Float64Array } {
  const bound = candidates.bound;
  const slots = candidates.slots ?? Int32Array.from({ length: count }, (_, i) => i);
  let slotCount = 0;
  for (let i = 0; i < count; i++) slotCount = Math.max(slotCount, (slots[i] as number) + 1);
  const tightOfSlot = new Float64Array(slotCount).fill(Number.NaN);
  const valueOfSlot = new Float64Array(slotCount).fill(Number.NaN);
  const order = decreasingBoundOrder(count, bound, slots, slotCount);
  const values = new Float64Array(count).fill(Number.NaN);
  let bestIndex = -1;
  let bestValue = -Infinity;
  // Per slot, the last batch that took it as fresh or needed (instead of a set per batch).
  const freshIn = new Int32Array(slotCount).fill(-1);
  const neededIn = new Int32Array(slotCount).fill(-1);
  const fresh = new Int32Array(BATCH);
  const needed = new Int32Array(BATCH);
  // The first batch is the single most promising item: its value then prunes the next batches.
  for (let start = 0, size = 1, batch = 0; start < order.length; start += size, size = BATCH, batch++) {
    if (bestIndex >= 0 && (bound[order[start] as number] as number) <= bestValue) break;
    const end = Math.min(order.length, start + size);
    let freshCount = 0;
    for (let p = start; p < end; p++) {
      const index = order[p] as number;
      const slot = slots[index] as number;
      if (Number.isNaN(tightOfSlot[slot] as number) && freshIn[slot] !== batch) {
        freshIn[slot] = batch;
        fresh[freshCount++] = index;
      }
    }
    if (freshCount > 0) {
      const tight = candidates.tightBounds(fresh.slice(0, freshCount));
      for (let k = 0; k < freshCount; k++) tightOfSlot[slots[fresh[k] as number] as number] = tight[k] as number;
    }
    let neededCount = 0;
    for (let p = start; p < end; p++) {
      const index = order[p] as number;
      const slot = slots[index] as number;
      if (!Number.isNaN(valueOfSlot[slot] as number) || neededIn[slot] === batch) continue;
      const tight = tightOfSlot[slot] as number;
      if (bestIndex >= 0 && surelyBelow(tight, bestValue) && !(matters?.(index, tight) ?? false)) continue;
      neededIn[slot] = batch;
      needed[neededCount++] = index;
    }
    if (neededCount > 0) {
      // Without `matters`, a value surely below the best is of no use: its computation may stop early.
      // With `floorOf`, neither is one surely below both the best and the item's floor.
      let unwantedBelow: number | Float64Array | undefined;
      if (bestIndex >= 0 && matters === undefined) unwantedBelow = bestValue;
      else if (bestIndex >= 0 && floorOf !== undefined) {
        const floors = new Float64Array(neededCount);
        for (let k = 0; k < neededCount; k++) floors[k] = Math.min(bestValue, floorOf(needed[k] as number));
        unwantedBelow = floors;
      }
      const exact = candidates.exact(needed.slice(0, neededCount), unwantedBelow);
      for (let k = 0; k < neededCount; k++) valueOfSlot[slots[needed[k] as number] as number] = exact[k] as number;
    }
    for (let p = start; p < end; p++) {
      const index = order[p] as number;
      const value = valueOfSlot[slots[index] as number] as number;
      if (Number.isNaN(value)) continue;
      values[index] = value;
      if (value > bestValue || bestIndex < 0) {
        bestIndex = index;
        bestValue = value;
      }
    }
  }
  return { index: bestIndex, value: bestValue, values };
}

/**
 * The items in order of decreasing `bound`, ties to the earlier index. Where every slot's items share
 * their bound (as `PrunedCandidates.slots` promises), the slots are sorted instead of the items, and
 * each slot's items (in index order) follow one another, merged where slots tie; otherwise (or with
 * a NaN bound, which the comparison cannot order) the items are sorted one by one.
 */
function decreasingBoundOrder(count: number, bound: Float64Array, slots: Int32Array, slotCount: number): Int32Array {
  const byItem = (): Int32Array => Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => (bound[b] as number) - (bound[a] as number) || a - b);
  const boundOfSlot = new Float64Array(slotCount).fill(Number.NaN);
  const firstOfSlot = new Int32Array(slotCount).fill(-1);
  const sizeOfSlot = new Int32Array(slotCount);
  for (let i = 0; i < count; i++) {
    const value = bound[i] as number;
    if (Number.isNaN(value)) return byItem();
    const slot = slots[i] as number;
    if (firstOfSlot[slot] === -1) {
      firstOfSlot[slot] = i;
      boundOfSlot[slot] = value;
    } else if (boundOfSlot[slot] !== value) {
      return byItem();
    }
    sizeOfSlot[slot] = (sizeOfSlot[slot] as number) + 1;
  }
  // Each slot's items, in index order, one slot after another (a counting sort by slot).
  const startOfSlot = new Int32Array(slotCount + 1);
  for (let slot = 0; slot < slotCount; slot++) startOfSlot[slot + 1] = (startOfSlot[slot] as number) + (sizeOfSlot[slot] as number);
  const itemsBySlot = new Int32Array(count);
  const filled = startOfSlot.slice(0, slotCount);
  for (let i = 0; i < count; i++) {
    const slot = slots[i] as number;
    itemsBySlot[filled[slot] as number] = i;
    filled[slot] = (filled[slot] as number) + 1;
  }
  const used: number[] = [];
  for (let slot = 0; slot < slotCount; slot++) if ((firstOfSlot[slot] as number) >= 0) used.push(slot);
  used.sort((a, b) => (boundOfSlot[b] as number) - (boundOfSlot[a] as number) || (firstOfSlot[a] as number) - (firstOfSlot[b] as number));
  const order = new Int32Array(count);
  let position = 0;
  for (let u = 0; u < used.length; ) {
    // A run of slots with equal bounds: their items merge in index order.
    let runEnd = u + 1;
    while (runEnd < used.length && boundOfSlot[used[runEnd] as number] === boundOfSlot[used[u] as number]) runEnd++;
    const runStart = position;
    for (let r = u; r < runEnd; r++) {
      const slot = used[r] as number;
      order.set(itemsBySlot.subarray(startOfSlot[slot] as number, startOfSlot[slot + 1] as number), position);
      position += sizeOfSlot[slot] as number;
    }
    if (runEnd - u > 1) order.subarray(runStart, position).sort();
    u = runEnd;
  }
  return order;
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
  private readonly cache: Float64Array | null;
  private cachedColumns = 0;
  private scaled: Float64Array;
  /** Variance solves of the designs (by index) under the GP's current factor, extended as observations arrive. */
  private store: { gp: GaussianProcess; variances: VarianceStore } | null = null;

  constructor(
    private readonly codec: ActionCodec,
    private readonly encoding: DesignEncoding,
    maxObservations: number,
    maxCachedCovariances = MAX_CACHED_COVARIANCES,
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
    this.cache = size * maxObservations <= maxCachedCovariances ? new Float64Array(size * maxObservations) : null;
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
    for (let c = 0; c < this.size; c++) {
      if (this.observed[c] === 1) continue;
      if (!allowed(this.choicesAt(c))) continue;
      open.push(c);
    }
    if (open.length === 0) return null;
    const scorer = new AcquisitionScorer(gp, acquisition, (k) => Array.from(this.encoded.subarray((open[k] as number) * this.d, ((open[k] as number) + 1) * this.d)));
    const bound = Float64Array.from(open, (c) => upperBound(means[c] as number, prior));
    const cached = this.cache !== null && gp.size <= this.capacity;
    const best = prunedArgmax(open.length, {
      bound,
      tightBounds: (batch) => {
        if (cached) return Float64Array.from(batch, (k) => this.cachedTightBound(open[k] as number, means[open[k] as number] as number, gp, acquisition));
        scorer.load(batch);
        return scorer.tightBounds(batch);
      },
      exact: (items, unwantedBelow) => {
        if (cached) return this.cachedExact(items, open, means, gp, acquisition, unwantedBelow);
        return scorer.exact(items, unwantedBelow);
      },
    });
    return { choices: this.choicesAt(open[best.index] as number), value: best.value };
  }

  /**
   * Exact acquisition values of designs `open[k]` for `items` k from their cached covariances (the GP's
   * own, bit for bit) and variance solves kept since the GP's last refactorisation; NaN where the solve
   * stopped because the value is surely below `unwantedBelow`.
   */
  private cachedExact(items: Int32Array, open: readonly number[], means: Float64Array, gp: GaussianProcess, acquisition: Acquisition, unwantedBelow?: number | Float64Array): Float64Array {
    if (this.store === null || this.store.gp !== gp) this.store = { gp, variances: new VarianceStore(gp, false) };
    const variances = this.store.variances;
    const cache = this.cache as Float64Array;
    const designs = Array.from(items, (k) => open[k] as number);
    const unwanted =
      unwantedBelow === undefined
        ? undefined
        : (position: number, varianceBound: number): boolean =>
            surelyBelow(acquisition(means[designs[position] as number] as number, varianceBound), typeof unwantedBelow === 'number' ? unwantedBelow : (unwantedBelow[position] as number));
    const solved = variances.variances(designs, cache, designs.map((c) => c * this.capacity), unwanted);
    return Float64Array.from(designs, (c, position) => {
      const variance = solved[position] as number;
      return Number.isNaN(variance) ? Number.NaN : acquisition(means[c] as number, variance);
    });
  }

  /**
   * An upper bound of the acquisition at design `c` from its cached covariances, whose mean
   * `mean` is: the mean raised and the largest covariance lowered by their possible rounding.
   */
  private cachedTightBound(c: number, mean: number, gp: GaussianProcess, acquisition: Acquisition): number {
    const cache = this.cache as Float64Array;
    const n = gp.size;
    const alpha = gp.alpha;
    const row = c * this.capacity;
    let largest = 0;
    let magnitude = 0;
    for (let i = 0; i < n; i++) {
      const k = cache[row + i] as number;
      const absolute = Math.abs(k);
      if (absolute > largest) largest = absolute;
      magnitude += absolute * Math.abs(alpha[i] as number);
    }
    const meanBound = mean + CACHE_ROUNDING * magnitude + Number.EPSILON * Math.abs(mean);
    return acquisition(meanBound, gp.varianceBoundGivenCovariance(largest * (1 - CACHE_ROUNDING)));
  }

  /** Posterior means of every design (through the cache when it fits). */
  private means(gp: GaussianProcess, refitted: boolean): Float64Array {
    const n = gp.size;
    const d = this.d;
    const { lengthscales, signalVariance } = gp.hyperparameters;
    const categorical = this.encoding.categorical;
    // Computed as the GP computes its covariances (inputs times inverse lengthscales, in the same
    // order), so that cached covariances, and the means and variances from them, equal the GP's.
    const inverse = Float64Array.from(lengthscales, (lengthscale) => 1 / lengthscale);
    const alpha = gp.alpha;
    const cache = this.cache;
    if (refitted || cache === null || n > this.capacity) {
      for (let c = 0; c < this.size * d; c++) {
        const k = c % d;
        this.scaled[c] = categorical[k] === true ? (this.encoded[c] as number) : (this.encoded[c] as number) * (inverse[k] as number);
      }
      this.cachedColumns = 0;
    }
    const observation = new Float64Array(d);
    const scaleObservation = (i: number): void => {
      const raw = gp.point(i);
      for (let k = 0; k < d; k++) observation[k] = categorical[k] === true ? (raw[k] as number) : (raw[k] as number) * (inverse[k] as number);
    };
    const covariance = (c: number): number => {
      let squared = 0;
      const base = c * d;
      for (let k = 0; k < d; k++) {
        if (categorical[k] === true) {
          if (observation[k] !== this.scaled[base + k]) squared += (inverse[k] as number) * (inverse[k] as number);
          continue;
        }
        const delta = (observation[k] as number) - (this.scaled[base + k] as number);
        squared += delta * delta;
      }
      return signalVariance * matern52(Math.sqrt(squared));
    };
    const means = new Float64Array(this.size);
    if (cache !== null && n <= this.capacity) {
      // A design's row at a time (its new columns, then its mean), so the cache is walked once, in order.
      const from = this.cachedColumns;
      const observations = new Float64Array((n - from) * d);
      for (let i = from; i < n; i++) {
        scaleObservation(i);
        observations.set(observation, (i - from) * d);
      }
      const capacity = this.capacity;
      const scaled = this.scaled;
      for (let c = 0; c < this.size; c++) {
        const row = c * capacity;
        const base = c * d;
        for (let i = from; i < n; i++) {
          const at = (i - from) * d;
          let squared = 0;
          for (let k = 0; k < d; k++) {
            if (categorical[k] === true) {
              if (observations[at + k] !== scaled[base + k]) squared += (inverse[k] as number) * (inverse[k] as number);
              continue;
            }
            const delta = (observations[at + k] as number) - (scaled[base + k] as number);
            squared += delta * delta;
          }
          cache[row + i] = signalVariance * matern52(Math.sqrt(squared));
        }
        let mu = 0;
        for (let i = 0; i < n; i++) mu += (cache[row + i] as number) * (alpha[i] as number);
        means[c] = mu;
      }
      this.cachedColumns = n;
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
 * design visited that is not `observed` (and is `allowed`), or null. A `store` (of this GP) keeps the
 * variance solves for the next search under the same factor, which then extends them by the new rows.
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
  store?: VarianceStore,
): Proposal | null {
  const prior = gp.hyperparameters.signalVariance;
  const counts = codec.choiceCounts;
  // The GP coordinate of each action dimension (-1 where a dimension has one choice: no move changes it).
  const coordinateOf = new Int32Array(counts.length).fill(-1);
  encoding.active.forEach((dimension, coordinate) => (coordinateOf[dimension] = coordinate));
  // The moves of the current design (in the order of `singleDimensionNeighbours`): dimension and choice,
  // and the GP coordinate and its value; a neighbour's choices are built only where needed.
  const moveCapacity = counts.reduce((sum, count) => sum + Math.max(count - 1, 0), 0);
  const moveDimensions = new Int32Array(moveCapacity);
  const moveChoices = new Int32Array(moveCapacity);
  const moveCoordinates = new Int32Array(moveCapacity);
  const moveValues = new Float64Array(moveCapacity);
  /** Per move: 0 not known yet, 1 a candidate, 2 not a candidate. */
  const moveCandidacy = new Uint8Array(moveCapacity);
  let current: Choices = [];
  const neighbourAt = (k: number): Choices => {
    const neighbour = current.slice();
    neighbour[moveDimensions[k] as number] = moveChoices[k] as number;
    return neighbour;
  };
  let pointOf = (_k: number): readonly number[] => encoding.encode(current);
  const scorer = new AcquisitionScorer(gp, acquisition, (k) => pointOf(k), store);
  let best: Proposal | null = null;
  const isCandidate = (choices: Choices): boolean => !observed.has(codec.key(choices)) && allowed(choices);
  const isCandidateMove = (k: number): boolean => {
    if (moveCandidacy[k] === 0) moveCandidacy[k] = isCandidate(neighbourAt(k)) ? 1 : 2;
    return moveCandidacy[k] === 1;
  };
  const starts = [...settings.incumbents.map((choices) => choices.slice())];
  for (let i = 0; i < settings.randomStarts; i++) starts.push(codec.sample(rng));
  for (const start of starts) {
    current = start;
    pointOf = () => encoding.encode(current);
    scorer.load([0]);
    let currentValue = scorer.exact([0])[0] as number;
    if ((best === null || currentValue > (best as Proposal).value) && isCandidate(current)) best = { choices: current.slice(), value: currentValue };
    pointOf = (k) => encoding.encode(neighbourAt(k));
    for (let move = 0; move < settings.maxMoves; move++) {
      // `allowed` sees each neighbour in turn in one array (it keeps no reference to it).
      let count = 0;
      const neighbour = current.slice();
      counts.forEach((choiceCount, dimension) => {
        const original = current[dimension] as number;
        for (let choice = 0; choice < choiceCount; choice++) {
          if (choice === original) continue;
          neighbour[dimension] = choice;
          if (!allowed(neighbour)) continue;
          const coordinate = coordinateOf[dimension] as number;
          moveDimensions[count] = dimension;
          moveChoices[count] = choice;
          moveCoordinates[count] = coordinate;
          moveValues[count] = coordinate < 0 ? 0 : encoding.coordinateValue(coordinate, choice);
          count++;
        }
        neighbour[dimension] = original;
      });
      if (count === 0) break;
      moveCandidacy.fill(0, 0, count);
      const all = Int32Array.from({ length: count }, (_, k) => k);
      // A move of a dimension with one choice (none in a valid design) is left to `rowClasses`.
      const classes = moveCoordinates.subarray(0, count).every((coordinate) => coordinate >= 0) ? gp.moveClasses(encoding.encode(current), moveCoordinates, moveValues, count) : undefined;
      const means = scorer.load(all, classes);
      const slots = scorer.slotsOf(all);
      // Neighbours of one slot share their mean, so the bound is computed once per slot.
      const boundOfSlot = new Float64Array(count).fill(Number.NaN);
      const bound = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const slot = slots[k] as number;
        if (Number.isNaN(boundOfSlot[slot] as number)) boundOfSlot[slot] = upperBound(means[k] as number, prior);
        bound[k] = boundOfSlot[slot] as number;
      }
      // A neighbour that cannot win the move still matters if it could be a better proposal.
      const proposalFloor = (best as Proposal | null)?.value ?? -Infinity;
      const winner = prunedArgmax(
        count,
        { bound, tightBounds: (batch) => scorer.tightBounds(batch), exact: (batch, unwantedBelow) => scorer.exact(batch, unwantedBelow), slots },
        (k, tightBound) => !surelyBelow(tightBound, proposalFloor) && isCandidateMove(k),
        (k) => (isCandidateMove(k) ? proposalFloor : Infinity),
      );
      for (let k = 0; k < count; k++) {
        const value = winner.values[k] as number;
        if (Number.isNaN(value)) continue;
        if (best !== null && !(value > (best as Proposal).value)) continue;
        if (isCandidateMove(k)) best = { choices: neighbourAt(k), value };
      }
      if (!(winner.value > currentValue)) break;
      current = neighbourAt(winner.index);
      currentValue = winner.value;
    }
  }
  return best;
}
