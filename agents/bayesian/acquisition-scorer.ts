/**
 * Scoring designs by an acquisition function of the GP posterior, cheaply where possible: an O(n)
 * upper bound first (the posterior mean with a bound on the posterior variance), the exact O(n^2)
 * posterior variance only when asked, and once per distinct covariance row (designs whose
 * covariances with every observation are equal have equal posteriors, e.g. the many architectures
 * of a categorical dimension that no observation uses).
 */
import type { GaussianProcess } from './gaussian-process.js';
import type { VarianceStore } from './variance-store.js';

/** Relative slack under which a bound counts as below a value (covers rounding in the acquisition's monotonicity). */
const SKIP_SLACK = 1e-9;

/** Whether `bound` is below `value` by more than rounding. */
export function surelyBelow(bound: number, value: number): boolean {
  return bound + SKIP_SLACK * (1 + Math.abs(bound)) < value;
}

/** An acquisition function of the posterior mean and variance (larger is better), increasing in both. */
export type Acquisition = (mean: number, variance: number) => number;

interface Posterior {
  readonly key: string;
  readonly mean: number;
  value: number;
  /** The `exact` call in which it was made pending, and its position among that call's pending posteriors. */
  readonly pendingCall: number;
  readonly pendingIndex: number;
}

/**
 * Scores points (GP inputs, looked up by an item index through `pointOf`) under one GP state. `load`
 * items first, then ask for their `tightBounds` and `exact` values; exact values equal `acquisition`
 * of `gp.predict` bit for bit.
 *
 * @example
 * const gp = new GaussianProcess(1, { lengthscales: [0.3], signalVariance: 1, noiseVariance: 1e-6 });
 * gp.reset([[0], [1]], [-1, 1]);
 * const points = [[0.9], [0.5], [0.9]];
 * const scorer = new AcquisitionScorer(gp, (mean, variance) => mean + Math.sqrt(variance), (i) => points[i]);
 * scorer.load([0, 1, 2]);
 * const bounds = scorer.tightBounds([0, 1, 2]);
 * const exact = scorer.exact([0, 1, 2]);
 * exact.every((value, k) => value <= bounds[k]);   // true
 * scorer.distinctPosteriors;   // 2: points 0 and 2 share one
 */
export class AcquisitionScorer {
  /** Scores computed under this GP, by `gp.rowKey` of the point (equal keys, equal covariance rows). */
  private readonly memo = new Map<string, Posterior>();
  private slotPoints: (readonly number[])[] = [];
  /** `gp.rowKey` of each slot's point, when a store is kept (computed once per load). */
  private slotKeys: string[] | null = null;
  /** Per loaded item, its slot: loaded items with the same covariance row (`gp.rowClasses`) share one. */
  private slotOf = new Int32Array(0);
  private loadedItems: Int32Array = new Int32Array(0);
  private slotRows: Float64Array = new Float64Array(0);
  /** Where the store writes the loaded rows (reused from one load to the next). */
  private rowBuffer: Float64Array = new Float64Array(0);
  private slotMeans: Float64Array = new Float64Array(0);
  private slotVarianceBounds: Float64Array = new Float64Array(0);
  private slotTightBounds: Float64Array = new Float64Array(0);
  private slotValues: Float64Array = new Float64Array(0);
  private distinct = 0;
  private exactCalls = 0;
  /** Per slot, the posterior an `exact` call waits for (undefined outside the call). */
  private waitingPosteriors: (Posterior | undefined)[] = [];

  constructor(
    private readonly gp: GaussianProcess,
    private readonly acquisition: Acquisition,
    private readonly pointOf: (item: number) => readonly number[],
    /** Keeps the solves (by `gp.rowKey`) for later scorers under the same factor; without it, every scorer solves afresh. */
    private readonly store?: VarianceStore,
  ) {}

  /** Posteriors computed exactly so far (distinct covariance rows). */
  get distinctPosteriors(): number {
    return this.distinct;
  }

  /**
   * Computes the covariance rows (kept for `tightBounds` and `exact`), posterior means and variance
   * bounds of `items` (O(n) per distinct row, replacing the previously loaded items); returns the means.
   * `classes`, when known, are what `gp.rowClasses` gives for the items' points (e.g. from
   * `gp.moveClasses`): then only the first item of each class is looked up.
   */
  load(items: ArrayLike<number>, classes?: Int32Array): Float64Array {
    const count = items.length;
    const points = classes === undefined ? Array.from(items, (item) => this.pointOf(item)) : null;
    const classOf = classes ?? this.gp.rowClasses(points as (readonly number[])[]);
    if (classOf.length !== count) throw new RangeError(`Expects one class per item (${count}), actual: ${classOf.length}`);
    const slotOfPoint = new Int32Array(count);
    const distinctPoints: (readonly number[])[] = [];
    for (let k = 0; k < count; k++) {
      const first = classOf[k] as number;
      if (first === k) {
        slotOfPoint[k] = distinctPoints.length;
        distinctPoints.push(points === null ? this.pointOf(items[k] as number) : (points[k] as readonly number[]));
      } else if (first >= 0 && first < k && classOf[first] === first) {
        slotOfPoint[k] = slotOfPoint[first] as number;
      } else {
        throw new RangeError(`Expects classes naming the first item of each class, actual: ${first} for item ${k}`);
      }
    }
    const slots = distinctPoints.length;
    this.slotPoints = distinctPoints;
    if (this.store === undefined) {
      this.slotKeys = null;
      this.slotRows = this.gp.covarianceRows(distinctPoints);
    } else {
      this.slotKeys = distinctPoints.map((point) => this.gp.rowKey(point));
      const length = slots * this.gp.size;
      if (this.rowBuffer.length < length) this.rowBuffer = new Float64Array(Math.max(length, 2 * this.rowBuffer.length));
      this.slotRows = this.store.covarianceRows(distinctPoints, this.slotKeys, this.rowBuffer);
    }
    this.slotMeans = this.gp.meansFromCovariances(this.slotRows, slots);
    this.slotVarianceBounds = this.gp.size === 0 ? new Float64Array(slots).fill(this.gp.hyperparameters.signalVariance) : this.gp.varianceUpperBounds(this.slotRows, slots);
    this.slotTightBounds = new Float64Array(slots).fill(Number.NaN);
    this.slotValues = new Float64Array(slots).fill(Number.NaN);
    for (const item of this.loadedItems) this.slotOf[item] = -1;
    this.loadedItems = Int32Array.from(items);
    let largest = -1;
    for (let k = 0; k < count; k++) largest = Math.max(largest, this.loadedItems[k] as number);
    if (largest >= this.slotOf.length) this.slotOf = new Int32Array(Math.max(largest + 1, 2 * this.slotOf.length)).fill(-1);
    const means = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const slot = slotOfPoint[k] as number;
      this.slotOf[this.loadedItems[k] as number] = slot;
      means[k] = this.slotMeans[slot] as number;
    }
    return means;
  }

  /** Upper bounds of the acquisition at loaded items: the acquisition at the posterior mean and `gp.varianceUpperBounds`. */
  tightBounds(items: ArrayLike<number>): Float64Array {
    const bounds = new Float64Array(items.length);
    for (let k = 0; k < items.length; k++) {
      const slot = this.slot(items[k] as number);
      if (Number.isNaN(this.slotTightBounds[slot] as number)) {
        this.slotTightBounds[slot] = this.acquisition(this.slotMeans[slot] as number, this.slotVarianceBounds[slot] as number);
      }
      bounds[k] = this.slotTightBounds[slot] as number;
    }
    return bounds;
  }

  /** The slots of loaded `items`: items with equal slots have equal covariance rows, hence equal scores. */
  slotsOf(items: ArrayLike<number>): Int32Array {
    const slots = new Int32Array(items.length);
    for (let k = 0; k < items.length; k++) slots[k] = this.slot(items[k] as number);
    return slots;
  }

  private slot(item: number): number {
    const slot = this.slotOf[item];
    if (slot === undefined || slot < 0) throw new RangeError(`Expects a loaded item, actual: ${item}`);
    return slot;
  }

  /** The covariance rows of `slots`, one after another. */
  private pendingRows(slots: readonly number[]): Float64Array {
    const n = this.gp.size;
    const rows = new Float64Array(slots.length * n);
    slots.forEach((slot, k) => rows.set(this.slotRows.subarray(slot * n, (slot + 1) * n), k * n));
    return rows;
  }

  /**
   * Exact acquisition values of loaded `items`. With `unwantedBelow` (one value for all items, or one
   * per item), items whose value is surely below it may come back NaN instead (their variance solve
   * stopped early).
   */
  exact(items: ArrayLike<number>, unwantedBelow?: number | ArrayLike<number>): Float64Array {
    const n = this.gp.size;
    const call = ++this.exactCalls;
    const pending: Posterior[] = [];
    const pendingSlots: number[] = [];
    // Per pending posterior, the value below which it is unwanted (the lowest of its items').
    const pendingThresholds: number[] = [];
    const thresholdOf = (position: number): number | undefined => (typeof unwantedBelow === 'number' || unwantedBelow === undefined ? unwantedBelow : unwantedBelow[position]);
    // A posterior pending in this call takes the lowest threshold of its items (NaN, wanted whatever its value, if any item has none).
    const lowerThreshold = (posterior: Posterior, threshold: number | undefined): void => {
      if (posterior.pendingCall !== call) return;
      const k = posterior.pendingIndex;
      pendingThresholds[k] = threshold === undefined ? Number.NaN : Math.min(pendingThresholds[k] as number, threshold);
    };
    // Slots of this call whose posterior is still to be computed (several slots may share one row).
    const waiting: number[] = [];
    const waitingPosteriors = this.waitingPosteriors;
    const count = items.length;
    const slots = new Int32Array(count);
    for (let position = 0; position < count; position++) slots[position] = this.slot(items[position] as number);
    try {
      for (let position = 0; position < count; position++) {
        const slot = slots[position] as number;
        if (!Number.isNaN(this.slotValues[slot] as number)) continue;
        const threshold = thresholdOf(position);
        const entry = waitingPosteriors[slot];
        if (entry !== undefined) {
          lowerThreshold(entry, threshold);
          continue;
        }
        const key = this.slotKeys?.[slot] ?? this.gp.rowKey(this.slotPoints[slot] as readonly number[]);
        let posterior = this.memo.get(key);
        if (posterior !== undefined && !Number.isNaN(posterior.value)) {
          this.slotValues[slot] = posterior.value;
          continue;
        }
        if (posterior === undefined) {
          posterior = { key, mean: this.slotMeans[slot] as number, value: Number.NaN, pendingCall: call, pendingIndex: pending.length };
          this.memo.set(key, posterior);
          pending.push(posterior);
          pendingSlots.push(slot);
          pendingThresholds.push(threshold === undefined ? Number.NaN : threshold);
        } else {
          // Pending already in this call under another slot with the same row.
          lowerThreshold(posterior, threshold);
        }
        waitingPosteriors[slot] = posterior;
        waiting.push(slot);
      }
      this.solvePending(pending, pendingSlots, pendingThresholds, unwantedBelow !== undefined, n);
      for (const slot of waiting) this.slotValues[slot] = (waitingPosteriors[slot] as Posterior).value;
    } finally {
      for (const slot of waiting) waitingPosteriors[slot] = undefined;
    }
    const values = new Float64Array(count);
    for (let position = 0; position < count; position++) values[position] = this.slotValues[slots[position] as number] as number;
    return values;
  }

  /** Computes the values of `pending` posteriors (of slots `pendingSlots`), NaN (and forgotten) where a solve stopped below its threshold. */
  private solvePending(pending: Posterior[], pendingSlots: number[], pendingThresholds: number[], thresholds: boolean, n: number): void {
    if (pending.length > 0) {
      // NaN threshold: wanted whatever its value (Math.min keeps NaN, so one such item decides).
      const unwanted =
        !thresholds
          ? undefined
          : (k: number, varianceBound: number): boolean => {
              const threshold = pendingThresholds[k] as number;
              return !Number.isNaN(threshold) && surelyBelow(this.acquisition((pending[k] as Posterior).mean, varianceBound), threshold);
            };
      const store = this.store;
      const variances =
        store === undefined
          ? this.gp.variancesFromCovariances(this.pendingRows(pendingSlots), pending.length, unwanted)
          : store.variances(
              pending.map((posterior) => posterior.key),
              this.slotRows,
              pendingSlots.map((slot) => slot * n),
              unwanted,
            );
      pending.forEach((posterior, k) => {
        if (Number.isNaN(variances[k] as number)) {
          // Stopped early (surely below `unwantedBelow`): not remembered.
          this.memo.delete(posterior.key);
          return;
        }
        posterior.value = this.acquisition(posterior.mean, variances[k] as number);
        this.distinct++;
      });
    }
  }
}
