/**
 * Posterior variances kept from one proposal to the next: the solved rows v = L^-1 k(x) of each point
 * asked about. While the GP's hyperparameters stay fixed, a new observation only appends a row to the
 * factor, so a point asked about again costs O(n) (the new rows) instead of O(n^2) (a whole solve).
 */
import type { GaussianProcess } from './gaussian-process.js';

/** Factor rows solved between checks whether the point is still wanted. */
const UNWANTED_CHECK_ROWS = 16;

interface SolvedPoint {
  solved: Float64Array;
  rows: number;
  explained: number;
  /** The point's covariances with the first `covarianceCount` observations. */
  covariances: Float64Array;
  covarianceCount: number;
}

/**
 * Posterior variances of points named by a key (a design index, or `gp.rowKey` of a point: equal keys
 * must mean equal covariances with every observation so far). Each value is bit for bit what
 * `gp.variancesFromCovariances` gives. Solves are forgotten when the GP's factor is rebuilt.
 *
 * @example
 * const gp = new GaussianProcess(1, { lengthscales: [0.3], signalVariance: 1, noiseVariance: 1e-6 });
 * gp.reset([[0], [1]], [-1, 1]);
 * const store = new VarianceStore(gp);
 * const rows = gp.covarianceRows([[0.5]]);
 * store.variance('x', rows, 0) === gp.variancesFromCovariances(rows, 1)[0];   // true
 * gp.addPoint([0.4], [-1, 1, 0]);
 * const grown = gp.covarianceRows([[0.5]]);
 * store.variance('x', grown, 0) === gp.variancesFromCovariances(grown, 1)[0];   // true
 * store.solvedRows;   // 3: two rows, then only the new one
 */
export class VarianceStore {
  private readonly points = new Map<string | number, SolvedPoint>();
  private factorVersion: number;
  private rowsSolved = 0;

  /** With `keepCovariances` false (the caller keeps them itself), `covarianceRows` computes every row afresh. */
  constructor(
    private readonly gp: GaussianProcess,
    private readonly keepCovariances = true,
  ) {
    this.factorVersion = gp.factorVersion;
  }

  /** Factor rows solved so far (all points, since the store was made). */
  get solvedRows(): number {
    return this.rowsSolved;
  }

  /** Points whose solves are kept. */
  get size(): number {
    this.checkFactor();
    return this.points.size;
  }

  /**
   * The posterior variance of the point `key`, whose covariances with the observations are
   * `covariances[offset .. offset + n)`. With `unwanted`, the solve may stop (NaN) once the variance
   * left by the rows solved so far, an upper bound, shows the point is unwanted; the rows solved are
   * kept for a later call.
   */
  variance(key: string | number, covariances: Float64Array, offset: number, unwanted?: (varianceBound: number) => boolean): number {
    this.checkFactor();
    const n = this.gp.size;
    let point = this.points.get(key);
    if (point === undefined) {
      point = { solved: new Float64Array(Math.max(n, 1)), rows: 0, explained: 0, covariances: new Float64Array(this.keepCovariances ? Math.max(n, 1) : 0), covarianceCount: 0 };
      this.points.set(key, point);
    } else if (point.solved.length < n) {
      point.solved = grow(point.solved, n, point.rows);
      if (this.keepCovariances) point.covariances = grow(point.covariances, n, point.covarianceCount);
    }
    if (this.keepCovariances && point.covarianceCount < n) {
      point.covariances.set(covariances.subarray(offset + point.covarianceCount, offset + n), point.covarianceCount);
      point.covarianceCount = n;
    }
    while (point.rows < n) {
      // Check at the rows where `variancesFromCovariances` checks: after rows 16k - 1, never after the last.
      const to = unwanted === undefined ? n : Math.min(n, (Math.floor(point.rows / UNWANTED_CHECK_ROWS) + 1) * UNWANTED_CHECK_ROWS);
      point.explained = this.gp.continueSolve(covariances, offset, point.solved, point.rows, to, point.explained);
      this.rowsSolved += to - point.rows;
      point.rows = to;
      if (to < n && unwanted?.(this.gp.varianceGivenExplained(point.explained)) === true) return Number.NaN;
    }
    return this.gp.varianceGivenExplained(point.explained);
  }

  /**
   * The covariance rows of `points` (one after another, as `gp.covarianceRows`), whose keys are
   * `keys`: the covariances kept for a key are reused, and only those with newer observations computed.
   */
  covarianceRows(points: readonly (readonly number[])[], keys: readonly (string | number)[]): Float64Array {
    this.checkFactor();
    const n = this.gp.size;
    const rows = new Float64Array(points.length * n);
    points.forEach((point, c) => {
      const kept = this.points.get(keys[c] as string | number);
      const known = kept === undefined ? 0 : Math.min(kept.covarianceCount, n);
      if (kept !== undefined && known > 0) rows.set(kept.covariances.subarray(0, known), c * n);
      this.gp.covariancesFrom(point, rows, c * n, known);
    });
    return rows;
  }

  private checkFactor(): void {
    if (this.gp.factorVersion === this.factorVersion) return;
    this.points.clear();
    this.factorVersion = this.gp.factorVersion;
  }
}

/** `values` in a longer array (at least `length`, doubling), its first `used` entries kept. */
function grow(values: Float64Array, length: number, used: number): Float64Array {
  const grown = new Float64Array(Math.max(length, 2 * values.length));
  grown.set(values.subarray(0, used));
  return grown;
}
