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

  constructor(private readonly gp: GaussianProcess) {
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
      point = { solved: new Float64Array(Math.max(n, 1)), rows: 0, explained: 0 };
      this.points.set(key, point);
    } else if (point.solved.length < n) {
      const grown = new Float64Array(Math.max(n, 2 * point.solved.length));
      grown.set(point.solved.subarray(0, point.rows));
      point.solved = grown;
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

  private checkFactor(): void {
    if (this.gp.factorVersion === this.factorVersion) return;
    this.points.clear();
    this.factorVersion = this.gp.factorVersion;
  }
}
