/** A Gaussian process regressor (Matern 5/2 ARD, Gaussian noise) that grows one observation at a time. */
import { choleskyLower, solveLowerInPlace, solveUpperTransposedInPlace } from './cholesky.js';
import { matern52, type GpHyperparameters } from './matern52.js';

/** Jitter added to the diagonal, relative to the signal variance, when the covariance is numerically singular. */
const FIRST_JITTER = 1e-8;
const MAX_JITTER = 1e-2;
/** Points predicted together (their solved covariances, n x 64 numbers, stay in cache). */
const PREDICTION_BLOCK = 16;
/** Rows of the factor between checks whether a block's points are still wanted (`variancesFromCovariances`). */
const UNWANTED_CHECK_ROWS = 16;
/** Slack of `varianceUpperBounds`, relative to the signal variance (far above the rounding of the exact solve). */
const VARIANCE_BOUND_MARGIN = 1e-6;

/** Whether coordinates [a, a + d) and [b, b + d) of `values` are equal (NaN equal to NaN). */
function sameCoordinates(values: Float64Array, a: number, b: number, d: number): boolean {
  for (let k = 0; k < d; k++) if (!Object.is(values[a + k], values[b + k])) return false;
  return true;
}

/** Posterior means and variances (of the latent function, without noise) at a batch of points. */
export interface GpPrediction {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/**
 * A zero-mean GP on inputs of `dimensions` coordinates; coordinates flagged `categorical` hold
 * category indices and count as 1 lengthscale apart when they differ (an overlap kernel inside the
 * Matern 5/2). `reset(points, targets, hyperparameters)`
 * factorises the covariance (O(n^3)); `addPoint` extends the factor by one row (O(n^2)) with the
 * hyperparameters unchanged; `setTargets` replaces the targets (O(n^2)), e.g. after re-warping them;
 * `predict` returns posterior means and variances (O(n^2) per point).
 *
 * @example
 * const gp = new GaussianProcess(1, { lengthscales: [0.3], signalVariance: 1, noiseVariance: 1e-6 });
 * gp.reset([[0], [1]], [-1, 1]);
 * const { mean, variance } = gp.predict([[0], [0.5]]);
 * Math.round(mean[0] * 1000) / 1000;   // -1
 * variance[1] > variance[0];           // true
 */
export class GaussianProcess {
  readonly dimensions: number;
  private hyperparameterValues: GpHyperparameters;
  private inverseLengthscales: Float64Array;
  private count = 0;
  private capacity = 0;
  private scaledPoints: Float64Array = new Float64Array(0);
  private rawPoints: Float64Array = new Float64Array(0);
  private lower: Float64Array = new Float64Array(0);
  private targets: Float64Array = new Float64Array(0);
  private weights: Float64Array = new Float64Array(0);
  private jitter = 0;
  /** A point scaled by `covariancesFrom` (one at a time). */
  private readonly scaledScratch: Float64Array;
  /** Zero covariances and solved rows of `continueSolves`' unused lanes. */
  private zeroLane: Float64Array = new Float64Array(0);
  /** Bumped whenever the factor is rebuilt (not when `addPoint` appends a row): solves against older factors are void. */
  private factorGeneration = 0;
  /** The categories of the observations (see `rowClasses`), for the `count` points stored in `points`. */
  private categoriesCache: { count: number; points: Float64Array; sets: (Set<number> | undefined)[] } | null = null;

  /** Which coordinates hold category indices (compared for equality, see `coordinateDifference`). */
  readonly categorical: readonly boolean[];
  private readonly categoricalFlags: Uint8Array;

  constructor(dimensions: number, hyperparameters: GpHyperparameters, categorical: readonly boolean[] = []) {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new RangeError(`Expects a positive integer number of dimensions, actual: ${dimensions}`);
    }
    if (categorical.length > dimensions) throw new RangeError(`Expects at most ${dimensions} categorical flags, actual: ${categorical.length}`);
    this.dimensions = dimensions;
    this.scaledScratch = new Float64Array(dimensions);
    this.categorical = Array.from({ length: dimensions }, (_, k) => categorical[k] === true);
    this.categoricalFlags = Uint8Array.from(this.categorical, (flag) => (flag ? 1 : 0));
    this.hyperparameterValues = hyperparameters;
    this.inverseLengthscales = this.checkHyperparameters(hyperparameters);
  }

  /** The number of observations. */
  get size(): number {
    return this.count;
  }

  get hyperparameters(): GpHyperparameters {
    return this.hyperparameterValues;
  }

  /** K^-1 y: the posterior mean at x is sum_i k(x, x_i) alpha_i. */
  get alpha(): Float64Array {
    return this.weights;
  }

  /** The stored (unscaled) observation `index`. */
  point(index: number): Float64Array {
    if (!(index >= 0 && index < this.count)) throw new RangeError(`Expects an observation index in [0, ${this.count}), actual: ${index}`);
    return this.rawPoints.slice(index * this.dimensions, (index + 1) * this.dimensions);
  }

  /** Posterior means only (O(n) per point instead of O(n^2) with the variance). */
  predictMean(points: readonly (readonly number[])[]): Float64Array {
    return this.meansFromCovariances(this.covarianceRows(points), points.length);
  }

  /**
   * Which factor the GP holds: the same number means every row solved so far is still valid (`addPoint`
   * only appends rows); a new number means the factor was rebuilt (`reset`, or `addPoint` falling back
   * to a refactorisation).
   */
  get factorVersion(): number {
    return this.factorGeneration;
  }

  /**
   * Continues the forward solve L v = k of one point over factor rows [from, to): `covariances[offset +
   * i]` is the point's covariance with observation i, `solved[0..from)` holds the rows solved before
   * (under the same `factorVersion`), `explained` their sum of squares. Fills `solved[from..to)` and
   * returns the new sum of squares; the posterior variance is then signal variance - explained (at `to`
   * = n). Bit for bit what `variancesFromCovariances` computes, in the same order, so a solve can be
   * extended one row per new observation (O(n)) instead of repeated (O(n^2)).
   */
  continueSolve(covariances: Float64Array, offset: number, solved: Float64Array, from: number, to: number, explained: number): number {
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= this.count)) {
      throw new RangeError(`Expects factor rows 0 <= from <= to <= ${this.count}, actual: [${from}, ${to})`);
    }
    if (solved.length < to || covariances.length < offset + to) throw new RangeError(`Expects room for ${to} covariances and solved rows, actual: ${covariances.length - offset} and ${solved.length}`);
    const lower = this.lower;
    const stride = this.capacity;
    let sum = explained;
    for (let i = from; i < to; i++) {
      const row = i * stride;
      let value = covariances[offset + i] as number;
      for (let j = 0; j < i; j++) {
        const factor = lower[row + j] as number;
        if (factor === 0) continue;
        value = value - factor * (solved[j] as number);
      }
      const v = value / (lower[row + i] as number);
      solved[i] = v;
      sum = sum + v * v;
    }
    return sum;
  }

  /**
   * `continueSolve` for up to four points at once over factor rows [from, to): solve l (null for none)
   * has its covariances at `covariances[offsets[l] + i]`, its rows solved before in `solved[0..from)`
   * and their sum of squares in `explained`, which it gets back updated. Each point's value is bit for
   * bit `continueSolve`'s (its own operations in the same order); the four chains of subtractions run
   * interleaved, where one alone would wait on each subtraction.
   */
  continueSolves(covariances: Float64Array, offsets: readonly number[], solves: readonly ({ solved: Float64Array; explained: number } | null)[], from: number, to: number): void {
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= this.count)) {
      throw new RangeError(`Expects factor rows 0 <= from <= to <= ${this.count}, actual: [${from}, ${to})`);
    }
    if (solves.length !== 4 || offsets.length !== 4) throw new RangeError(`Expects four solves and four offsets (null solves for unused lanes), actual: ${solves.length} and ${offsets.length}`);
    for (let l = 0; l < 4; l++) {
      const solve = solves[l];
      if (solve === null || solve === undefined) continue;
      const offset = offsets[l] as number;
      if (solve.solved.length < to || !(offset >= 0) || covariances.length < offset + to) throw new RangeError(`Expects room for ${to} covariances and solved rows in lane ${l}, actual: ${covariances.length - offset} and ${solve.solved.length}`);
    }
    if (this.zeroLane.length < to) this.zeroLane = new Float64Array(Math.max(to, 2 * this.zeroLane.length));
    // An unused lane solves zero covariances (all zero: nothing else is written there).
    const zero = this.zeroLane;
    const s0 = solves[0]?.solved ?? zero;
    const s1 = solves[1]?.solved ?? zero;
    const s2 = solves[2]?.solved ?? zero;
    const s3 = solves[3]?.solved ?? zero;
    const c0 = solves[0] ? covariances : zero;
    const c1 = solves[1] ? covariances : zero;
    const c2 = solves[2] ? covariances : zero;
    const c3 = solves[3] ? covariances : zero;
    const o0 = solves[0] ? (offsets[0] as number) : 0;
    const o1 = solves[1] ? (offsets[1] as number) : 0;
    const o2 = solves[2] ? (offsets[2] as number) : 0;
    const o3 = solves[3] ? (offsets[3] as number) : 0;
    let e0 = solves[0]?.explained ?? 0;
    let e1 = solves[1]?.explained ?? 0;
    let e2 = solves[2]?.explained ?? 0;
    let e3 = solves[3]?.explained ?? 0;
    const lower = this.lower;
    const stride = this.capacity;
    for (let i = from; i < to; i++) {
      const row = i * stride;
      let v0 = c0[o0 + i] as number;
      let v1 = c1[o1 + i] as number;
      let v2 = c2[o2 + i] as number;
      let v3 = c3[o3 + i] as number;
      for (let j = 0; j < i; j++) {
        const factor = lower[row + j] as number;
        if (factor === 0) continue;
        v0 = v0 - factor * (s0[j] as number);
        v1 = v1 - factor * (s1[j] as number);
        v2 = v2 - factor * (s2[j] as number);
        v3 = v3 - factor * (s3[j] as number);
      }
      const diagonal = lower[row + i] as number;
      const x0 = v0 / diagonal;
      const x1 = v1 / diagonal;
      const x2 = v2 / diagonal;
      const x3 = v3 / diagonal;
      s0[i] = x0;
      s1[i] = x1;
      s2[i] = x2;
      s3[i] = x3;
      e0 = e0 + x0 * x0;
      e1 = e1 + x1 * x1;
      e2 = e2 + x2 * x2;
      e3 = e3 + x3 * x3;
    }
    const explained = [e0, e1, e2, e3];
    solves.forEach((solve, l) => {
      if (solve !== null && solve !== undefined) solve.explained = explained[l] as number;
    });
  }

  /** The posterior variance left when `explained` of the prior is explained (as `variancesFromCovariances` floors it). */
  varianceGivenExplained(explained: number): number {
    const { signalVariance } = this.hyperparameterValues;
    return Math.max(signalVariance - explained, 1e-12 * signalVariance);
  }

  /** Diagonal jitter (beyond the noise variance) that was needed to factorise the covariance. */
  get addedJitter(): number {
    return this.jitter;
  }

  /** Replaces every observation (and optionally the hyperparameters) and refactorises. */
  reset(points: readonly (readonly number[])[], targets: readonly number[], hyperparameters?: GpHyperparameters): void {
    if (points.length !== targets.length) {
      throw new RangeError(`Expects one target per point (${points.length}), actual: ${targets.length} targets`);
    }
    if (hyperparameters !== undefined) {
      this.inverseLengthscales = this.checkHyperparameters(hyperparameters);
      this.hyperparameterValues = hyperparameters;
    }
    const n = points.length;
    this.count = 0;
    this.categoriesCache = null;
    this.ensureCapacity(n);
    points.forEach((point, i) => this.storePoint(i, point));
    this.count = n;
    this.refactorise();
    this.setTargets(targets);
  }

  /** Adds one observation with the hyperparameters unchanged; `targets` holds the targets of all observations, the new one last. */
  addPoint(point: readonly number[], targets: readonly number[]): void {
    const n = this.count;
    if (targets.length !== n + 1) throw new RangeError(`Expects ${n + 1} targets, actual: ${targets.length}`);
    this.ensureCapacity(n + 1);
    this.storePoint(n, point);
    const row = new Float64Array(n);
    this.covariancesTo(n, row);
    solveLowerInPlace(this.lower, n, this.capacity, row);
    let squaredNorm = 0;
    for (let j = 0; j < n; j++) squaredNorm += (row[j] as number) ** 2;
    const pivot = this.hyperparameterValues.signalVariance + this.hyperparameterValues.noiseVariance + this.jitter - squaredNorm;
    this.count = n + 1;
    if (!(pivot > FIRST_JITTER * this.hyperparameterValues.signalVariance)) {
      this.refactorise();
    } else {
      const base = n * this.capacity;
      this.lower.set(row, base);
      this.lower[base + n] = Math.sqrt(pivot);
    }
    this.setTargets(targets);
  }

  /** Replaces the targets of the current observations. */
  setTargets(targets: readonly number[]): void {
    const n = this.count;
    if (targets.length !== n) throw new RangeError(`Expects ${n} targets, actual: ${targets.length}`);
    this.targets = Float64Array.from(targets);
    const weights = Float64Array.from(targets);
    solveLowerInPlace(this.lower, n, this.capacity, weights);
    solveUpperTransposedInPlace(this.lower, n, this.capacity, weights);
    this.weights = weights;
  }

  /** Posterior mean and variance at each point. */
  predict(points: readonly (readonly number[])[]): GpPrediction {
    const rows = this.covarianceRows(points);
    return { mean: this.meansFromCovariances(rows, points.length), variance: this.variancesFromCovariances(rows, points.length) };
  }

  /**
   * The covariances between each point and every observation, row c for point c (points x n). The
   * posterior at a point depends on nothing else: points with equal rows have equal posteriors.
   */
  covarianceRows(points: readonly (readonly number[])[]): Float64Array {
    const n = this.count;
    const rows = new Float64Array(points.length * n);
    const scaled = new Float64Array(this.dimensions);
    const classes = this.rowClasses(points);
    points.forEach((point, c) => {
      const row = rows.subarray(c * n, (c + 1) * n);
      const first = classes[c] as number;
      if (first !== c) {
        row.set(rows.subarray(first * n, (first + 1) * n));
        return;
      }
      this.scale(point, scaled);
      this.covariancesToScaled(scaled, row);
    });
    return rows;
  }

  /**
   * For each point, the first point certain to have the same covariance row (itself when none is), in
   * O(d) per point: a category no observation has compares unequal to every observation, like any
   * other such category, so points that differ only in such categories share a row. (Under a
   * categorical dimension with many categories, most single-dimension moves are of this kind.)
   */
  rowClasses(points: readonly (readonly number[])[]): Int32Array {
    const d = this.dimensions;
    const classes = Int32Array.from(points, (_, c) => c);
    if (!this.categoricalFlags.includes(1)) return classes;
    const observedCategories = this.observedCategories();
    const firstWithSignature = new Map<number, number[]>();
    const signatures = new Float64Array(points.length * d);
    points.forEach((point, c) => {
      let hash = 0x811c9dc5;
      for (let k = 0; k < d; k++) {
        const value = point[k] as number;
        const known = observedCategories[k];
        const coordinate = known === undefined || known.has(value) ? value : Number.NaN;
        signatures[c * d + k] = coordinate;
        hash = Math.imul(hash ^ (Number.isNaN(coordinate) ? 0x7ff8 : Math.round(coordinate * 4096) | 0), 0x01000193);
      }
      const bucket = firstWithSignature.get(hash);
      const first = bucket?.find((other) => sameCoordinates(signatures, other * d, c * d, d));
      if (first !== undefined) classes[c] = first;
      else if (bucket === undefined) firstWithSignature.set(hash, [c]);
      else bucket.push(c);
    });
    return classes;
  }

  /**
   * `rowClasses` of `count` points that each differ from `base` in at most one coordinate: point k is
   * `base` with coordinate `coordinates[k]` set to `values[k]` (the same classes, in O(1) per point
   * instead of O(d) and a signature each). Two such points share a signature when they set the same
   * coordinate to the same value or to two categories no observation has, or when both keep the
   * signature of `base` (a category no observation has, where `base` has one too).
   */
  moveClasses(base: readonly number[], coordinates: ArrayLike<number>, values: ArrayLike<number>, count: number): Int32Array {
    if (base.length !== this.dimensions) throw new RangeError(`Expects a base point of ${this.dimensions} coordinates, actual: ${base.length}`);
    if (coordinates.length < count || values.length < count) throw new RangeError(`Expects ${count} coordinates and values, actual: ${coordinates.length} and ${values.length}`);
    const classes = Int32Array.from({ length: count }, (_, k) => k);
    // As `rowClasses`: without categorical coordinates, every point is its own class.
    if (!this.categoricalFlags.includes(1)) return classes;
    const categories = this.observedCategories();
    const canonical = (coordinate: number, value: number): number => {
      const known = categories[coordinate];
      return known === undefined || known.has(value) ? value : Number.NaN;
    };
    let sameAsBase = -1;
    // Per coordinate: the first point setting a category no observation has, and (while the values set
    // only increase, as when moves are listed by value) the largest value set, which a new point then
    // exceeds; otherwise an earlier point with the same value is looked for.
    const firstUnobserved = new Int32Array(this.dimensions).fill(-1);
    const largestSet = new Float64Array(this.dimensions).fill(-Infinity);
    const increasing = new Uint8Array(this.dimensions).fill(1);
    for (let k = 0; k < count; k++) {
      const coordinate = coordinates[k] as number;
      if (!(Number.isInteger(coordinate) && coordinate >= 0 && coordinate < this.dimensions)) throw new RangeError(`Expects coordinates in [0, ${this.dimensions}), actual: ${coordinate}`);
      const value = canonical(coordinate, values[k] as number);
      if (Object.is(value, canonical(coordinate, base[coordinate] as number))) {
        if (sameAsBase < 0) sameAsBase = k;
        classes[k] = sameAsBase;
        continue;
      }
      if (Number.isNaN(value)) {
        if (firstUnobserved[coordinate] === -1) firstUnobserved[coordinate] = k;
        classes[k] = firstUnobserved[coordinate] as number;
        continue;
      }
      if (increasing[coordinate] === 1 && value > (largestSet[coordinate] as number)) {
        largestSet[coordinate] = value;
        continue;
      }
      increasing[coordinate] = 0;
      for (let earlier = 0; earlier < k; earlier++) {
        if (coordinates[earlier] === coordinate && classes[earlier] === earlier && Object.is(canonical(coordinate, values[earlier] as number), value)) {
          classes[k] = earlier;
          break;
        }
      }
    }
    return classes;
  }

  /** A key shared by points with the same covariance row by the reasoning of `rowClasses` (equal coordinates, or categories no observation has). */
  rowKey(point: readonly number[]): string {
    const categories = this.categoricalFlags.includes(1) ? this.observedCategories() : null;
    let key = '';
    for (let k = 0; k < this.dimensions; k++) {
      const value = point[k] as number;
      const known = categories?.[k];
      key += known === undefined || known.has(value) ? `${value},` : '*,';
    }
    return key;
  }

  /** Per categorical coordinate, the categories the observations have (undefined for ordinal coordinates). */
  private observedCategories(): (Set<number> | undefined)[] {
    const d = this.dimensions;
    if (this.categoriesCache !== null && this.categoriesCache.count === this.count && this.categoriesCache.points === this.rawPoints) return this.categoriesCache.sets;
    const sets = Array.from(this.categorical, (flag, k) => {
      if (!flag) return undefined;
      const categories = new Set<number>();
      for (let i = 0; i < this.count; i++) categories.add(this.rawPoints[i * d + k] as number);
      return categories;
    });
    this.categoriesCache = { count: this.count, points: this.rawPoints, sets };
    return sets;
  }

  /** Posterior means of the `count` points of `covarianceRows` (O(n) per point). */
  meansFromCovariances(rows: Float64Array, count = this.rowCount(rows)): Float64Array {
    const n = this.count;
    const m = count;
    const mean = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      let mu = 0;
      const row = c * n;
      for (let i = 0; i < n; i++) mu += (rows[row + i] as number) * (this.weights[i] as number);
      mean[c] = mu;
    }
    return mean;
  }

  /**
   * Posterior variances from `covarianceRows` (O(n^2) per point: a triangular solve each). With
   * `unwanted`, the solve of a block of points stops once every one of them is unwanted given an upper
   * bound on its variance (the variance left by the observations solved so far), and their variances
   * are NaN.
   */
  variancesFromCovariances(rows: Float64Array, count = this.rowCount(rows), unwanted?: (point: number, varianceBound: number) => boolean): Float64Array {
    const variance = new Float64Array(count);
    if (this.count === 0) return variance.fill(this.hyperparameterValues.signalVariance);
    for (let first = 0; first < count; first += PREDICTION_BLOCK) this.varianceBlock(rows, first, Math.min(count, first + PREDICTION_BLOCK), variance, unwanted);
    return variance;
  }

  /**
   * An upper bound on the posterior variance of each point of `covarianceRows`, in O(n) per point: the
   * posterior given all observations is at most the posterior given any single one of them,
   * prior - k_i^2 / (prior + noise + jitter), so the bound takes the largest |k_i|. A margin of
   * `VARIANCE_BOUND_MARGIN` x prior covers the rounding of the exact solve.
   */
  varianceUpperBounds(rows: Float64Array, count = this.rowCount(rows)): Float64Array {
    const n = this.count;
    const bounds = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      let largest = 0;
      const row = c * n;
      for (let i = 0; i < n; i++) {
        const k = Math.abs(rows[row + i] as number);
        if (k > largest) largest = k;
      }
      bounds[c] = this.varianceBoundGivenCovariance(largest);
    }
    return bounds;
  }

  /**
   * An upper bound on the posterior variance at a point whose covariance with some observation is at
   * least `covariance` in absolute value: that observation alone leaves prior - k^2 / (prior + noise +
   * jitter), and more observations never add variance (plus `VARIANCE_BOUND_MARGIN` x prior).
   */
  varianceBoundGivenCovariance(covariance: number): number {
    const { signalVariance, noiseVariance } = this.hyperparameterValues;
    const diagonal = signalVariance + noiseVariance + this.jitter;
    return Math.min(signalVariance, signalVariance - (covariance * covariance) / diagonal + VARIANCE_BOUND_MARGIN * signalVariance);
  }

  /** The points in `rows` (undefined without observations: pass the count then). */
  private rowCount(rows: Float64Array): number {
    if (this.count === 0) throw new RangeError('Expects the number of points when the GP has no observations');
    if (rows.length % this.count !== 0) throw new RangeError(`Expects rows of ${this.count} covariances, actual: ${rows.length} numbers`);
    return rows.length / this.count;
  }

  /**
   * Variances of points [first, end) of `rows`: their covariances form an n x b matrix that one pass
   * over the rows of the factor solves for all b points at once (the factor is read once per block,
   * and the inner loop runs over contiguous memory).
   */
  private varianceBlock(rows: Float64Array, first: number, end: number, variance: Float64Array, unwanted?: (point: number, varianceBound: number) => boolean): void {
    const n = this.count;
    const b = end - first;
    const { signalVariance } = this.hyperparameterValues;
    const solved = new Float64Array(n * b);
    for (let c = 0; c < b; c++) {
      const row = (first + c) * n;
      for (let i = 0; i < n; i++) solved[i * b + c] = rows[row + i] as number;
    }
    const lower = this.lower;
    const stride = this.capacity;
    const explained = new Float64Array(b);
    for (let i = 0; i < n; i++) {
      const row = i * stride;
      const target = i * b;
      for (let j = 0; j < i; j++) {
        const factor = lower[row + j] as number;
        if (factor === 0) continue;
        const source = j * b;
        for (let c = 0; c < b; c++) solved[target + c] = (solved[target + c] as number) - factor * (solved[source + c] as number);
      }
      const diagonal = lower[row + i] as number;
      for (let c = 0; c < b; c++) {
        const v = (solved[target + c] as number) / diagonal;
        solved[target + c] = v;
        explained[c] = (explained[c] as number) + v * v;
      }
      if (unwanted !== undefined && i % UNWANTED_CHECK_ROWS === UNWANTED_CHECK_ROWS - 1 && i < n - 1) {
        // The variance explained so far only grows: once every point's bound is unwanted, stop.
        let wanted = false;
        for (let c = 0; c < b && !wanted; c++) wanted = !unwanted(first + c, Math.max(signalVariance - (explained[c] as number), 1e-12 * signalVariance));
        if (!wanted) {
          variance.fill(Number.NaN, first, end);
          return;
        }
      }
    }
    for (let c = 0; c < b; c++) variance[first + c] = Math.max(signalVariance - (explained[c] as number), 1e-12 * signalVariance);
  }

  /** The log marginal likelihood of the targets under the current hyperparameters. */
  logMarginalLikelihood(): number {
    const n = this.count;
    let fit = 0;
    let logDeterminant = 0;
    for (let i = 0; i < n; i++) {
      fit += (this.targets[i] as number) * (this.weights[i] as number);
      logDeterminant += Math.log(this.lower[i * this.capacity + i] as number);
    }
    return -0.5 * fit - logDeterminant - 0.5 * n * Math.log(2 * Math.PI);
  }

  private checkHyperparameters(hyperparameters: GpHyperparameters): Float64Array {
    const { lengthscales, signalVariance, noiseVariance } = hyperparameters;
    if (lengthscales.length !== this.dimensions) {
      throw new RangeError(`Expects ${this.dimensions} lengthscales, actual: ${lengthscales.length}`);
    }
    const positive = (value: number): boolean => Number.isFinite(value) && value > 0;
    if (!lengthscales.every(positive) || !positive(signalVariance) || !(Number.isFinite(noiseVariance) && noiseVariance >= 0)) {
      throw new RangeError(
        `Expects positive finite lengthscales and signal variance and a non-negative noise variance, actual: ${JSON.stringify(hyperparameters)}`,
      );
    }
    return Float64Array.from(lengthscales, (lengthscale) => 1 / lengthscale);
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, 2 * this.capacity, 16);
    const d = this.dimensions;
    const scaledPoints = new Float64Array(capacity * d);
    scaledPoints.set(this.scaledPoints.subarray(0, this.count * d));
    const rawPoints = new Float64Array(capacity * d);
    rawPoints.set(this.rawPoints.subarray(0, this.count * d));
    const lower = new Float64Array(capacity * capacity);
    for (let i = 0; i < this.count; i++) {
      lower.set(this.lower.subarray(i * this.capacity, i * this.capacity + i + 1), i * capacity);
    }
    this.scaledPoints = scaledPoints;
    this.rawPoints = rawPoints;
    this.lower = lower;
    this.capacity = capacity;
  }

  private storePoint(index: number, point: readonly number[]): void {
    if (point.length !== this.dimensions) {
      throw new RangeError(`Expects points of ${this.dimensions} coordinates, actual: ${point.length}`);
    }
    const d = this.dimensions;
    for (let k = 0; k < d; k++) {
      this.rawPoints[index * d + k] = point[k] as number;
      this.scaledPoints[index * d + k] = this.categoricalFlags[k] === 1 ? (point[k] as number) : (point[k] as number) * (this.inverseLengthscales[k] as number);
    }
  }

  private scale(point: readonly number[], out: Float64Array): void {
    for (let k = 0; k < this.dimensions; k++) out[k] = this.categoricalFlags[k] === 1 ? (point[k] as number) : (point[k] as number) * (this.inverseLengthscales[k] as number);
  }

  /** Covariances between stored point `index` and the points before it. */
  private covariancesTo(index: number, out: Float64Array): void {
    const d = this.dimensions;
    this.covariancesToScaled(this.scaledPoints.subarray(index * d, index * d + d), out, index);
  }

  /**
   * The covariances of `point` with observations [from, n), into `out[offset + from .. offset + n)`:
   * the rest of a covariance row whose first `from` entries are known (each entry is computed on its
   * own, so the row equals `covarianceRows`' bit for bit).
   */
  covariancesFrom(point: readonly number[], out: Float64Array, offset: number, from: number): void {
    if (!(Number.isInteger(from) && from >= 0 && from <= this.count)) throw new RangeError(`Expects an observation index in [0, ${this.count}], actual: ${from}`);
    if (out.length < offset + this.count) throw new RangeError(`Expects room for ${this.count} covariances after offset ${offset}, actual: ${out.length - offset}`);
    const scaled = this.scaledScratch;
    this.scale(point, scaled);
    this.covariancesToScaled(scaled, out, this.count, from, offset);
  }

  private covariancesToScaled(scaled: ArrayLike<number>, out: Float64Array, count = this.count, from = 0, offset = 0): void {
    const d = this.dimensions;
    const points = this.scaledPoints;
    const categorical = this.categoricalFlags;
    const inverse = this.inverseLengthscales;
    const { signalVariance } = this.hyperparameterValues;
    for (let i = from; i < count; i++) {
      let squared = 0;
      for (let k = 0; k < d; k++) {
        if (categorical[k] === 1) {
          if (points[i * d + k] !== scaled[k]) squared += (inverse[k] as number) * (inverse[k] as number);
          continue;
        }
        const delta = (points[i * d + k] as number) - (scaled[k] as number);
        squared += delta * delta;
      }
      out[offset + i] = signalVariance * matern52(Math.sqrt(squared));
    }
  }

  private refactorise(): void {
    const n = this.count;
    const d = this.dimensions;
    // Rescale the stored points: the lengthscales may have changed since they were stored.
    for (let i = 0; i < n * d; i++) {
      this.scaledPoints[i] = this.categoricalFlags[i % d] === 1 ? (this.rawPoints[i] as number) : (this.rawPoints[i] as number) * (this.inverseLengthscales[i % d] as number);
    }
    const { signalVariance, noiseVariance } = this.hyperparameterValues;
    const covariance = new Float64Array(n * n);
    const row = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.covariancesToScaled(this.scaledPoints.subarray(i * d, i * d + d), row, i);
      for (let j = 0; j < i; j++) {
        covariance[i * n + j] = row[j] as number;
        covariance[j * n + i] = row[j] as number;
      }
      covariance[i * n + i] = signalVariance + noiseVariance;
    }
    for (let jitter = 0; ; jitter = jitter === 0 ? FIRST_JITTER * signalVariance : jitter * 10) {
      if (jitter > MAX_JITTER * signalVariance) {
        throw new RangeError(`The GP covariance of ${n} points is not positive definite even with jitter ${MAX_JITTER} x signal variance`);
      }
      if (jitter > 0) for (let i = 0; i < n; i++) covariance[i * n + i] = signalVariance + noiseVariance + jitter;
      const lower = n === 0 ? new Float64Array(this.capacity * this.capacity) : choleskyLower(covariance, n, this.capacity);
      if (lower !== null) {
        this.lower = lower;
        this.jitter = jitter;
        this.factorGeneration++;
        return;
      }
    }
  }
}
