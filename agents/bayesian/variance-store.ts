/**
 * Posterior variances kept from one proposal to the next: the solved rows v = L^-1 k(x) of each point
 * asked about. While the GP's hyperparameters stay fixed, a new observation only appends a row to the
 * factor, so a point asked about again costs O(n) (the new rows) instead of O(n^2) (a whole solve).
 */
import type { GaussianProcess } from './gaussian-process.js';

/** Factor rows solved between checks whether the point is still wanted. */
const UNWANTED_CHECK_ROWS = 16;
/** Solves interleaved by `variances` (independent chains of subtractions in flight at once). */
const LANES = 4;
/** Rows beyond the current factor a new point's arrays have room for. */
const ROOM_FOR_NEW_ROWS = 8;

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
    const point = this.prepared(key, covariances, offset);
    while (point.rows < n) {
      // Check at the rows where `variancesFromCovariances` checks: after rows 16k - 1, never after the last.
      const to = nextStop(point.rows, n, unwanted !== undefined);
      point.explained = this.gp.continueSolve(covariances, offset, point.solved, point.rows, to, point.explained);
      this.rowsSolved += to - point.rows;
      point.rows = to;
      if (to < n && unwanted?.(this.gp.varianceGivenExplained(point.explained)) === true) return Number.NaN;
    }
    return this.gp.varianceGivenExplained(point.explained);
  }

  /**
   * The posterior variances of the points `keys` (distinct), as `variance` gives them one after another
   * (the same values, bit for bit, and the same solves kept), but with up to `LANES` solves interleaved:
   * each point's own sums keep their order, and the independent chains of several points keep the
   * processor busy where one chain would wait on each subtraction. Point k's covariances are
   * `covariances[offsets[k] .. offsets[k] + n)`; `unwanted(k, bound)` as in `variance` for point k.
   */
  variances(keys: readonly (string | number)[], covariances: Float64Array, offsets: ArrayLike<number>, unwanted?: (k: number, varianceBound: number) => boolean): Float64Array {
    this.checkFactor();
    const count = keys.length;
    if (offsets.length !== count) throw new RangeError(`Expects one offset per key (${count}), actual: ${offsets.length}`);
    const result = new Float64Array(count);
    if (count > 1 && new Set(keys).size !== count) {
      // A repeated key: the second call depends on the first's kept solve, so one after another.
      for (let k = 0; k < count; k++) result[k] = this.variance(keys[k] as string | number, covariances, offsets[k] as number, unwanted === undefined ? undefined : (bound) => unwanted(k, bound));
      return result;
    }
    const n = this.gp.size;
    const states: SolvedPoint[] = [];
    for (let k = 0; k < count; k++) states.push(this.prepared(keys[k] as string | number, covariances, offsets[k] as number));
    // Points starting at the same row are solved together (LANES at a time, a block of rows at a time).
    const waiting = Array.from({ length: count }, (_, k) => k).filter((k) => (states[k] as SolvedPoint).rows < n);
    while (waiting.length > 0) {
      const from = (states[waiting[0] as number] as SolvedPoint).rows;
      const group: number[] = [];
      for (let w = 0; w < waiting.length; w++) {
        if ((states[waiting[w] as number] as SolvedPoint).rows === from) group.push(waiting.splice(w--, 1)[0] as number);
      }
      this.solveTogether(group, states, covariances, offsets, from, n, unwanted, result);
    }
    for (let k = 0; k < count; k++) {
      const state = states[k] as SolvedPoint;
      if (state.rows === n) result[k] = this.gp.varianceGivenExplained(state.explained);
    }
    return result;
  }

  /**
   * Solves points `group` (all at row `from`) to row n, checking `unwanted` where `variance` checks
   * (after rows 16k - 1 past `from`, never after the last): an unwanted point stops there (NaN).
   */
  private solveTogether(
    group: readonly number[],
    states: readonly SolvedPoint[],
    covariances: Float64Array,
    offsets: ArrayLike<number>,
    from: number,
    n: number,
    unwanted: ((k: number, varianceBound: number) => boolean) | undefined,
    result: Float64Array,
  ): void {
    const lanes = group.slice();
    const laneStates: (SolvedPoint | null)[] = [null, null, null, null];
    const laneOffsets = [0, 0, 0, 0];
    let rows = from;
    while (rows < n && lanes.length > 0) {
      const to = nextStop(rows, n, unwanted !== undefined);
      for (let first = 0; first < lanes.length; first += LANES) {
        for (let l = 0; l < LANES; l++) {
          const k = lanes[first + l];
          laneStates[l] = k === undefined ? null : (states[k] as SolvedPoint);
          laneOffsets[l] = k === undefined ? 0 : (offsets[k] as number);
        }
        this.gp.continueSolves(covariances, laneOffsets, laneStates, rows, to);
      }
      for (const k of lanes) (states[k] as SolvedPoint).rows = to;
      this.rowsSolved += (to - rows) * lanes.length;
      rows = to;
      if (to < n && unwanted !== undefined) {
        for (let l = 0; l < lanes.length; l++) {
          const k = lanes[l] as number;
          if (unwanted(k, this.gp.varianceGivenExplained((states[k] as SolvedPoint).explained))) {
            result[k] = Number.NaN;
            lanes.splice(l--, 1);
          }
        }
      }
    }
  }

  /** The kept solve of `key` (made when new), with room for n rows and its covariances brought up to date. */
  private prepared(key: string | number, covariances: Float64Array, offset: number): SolvedPoint {
    const n = this.gp.size;
    let point = this.points.get(key);
    if (point === undefined) {
      // Room for a few more observations: the factor usually grows by a row a proposal until a refit.
      const room = n + ROOM_FOR_NEW_ROWS;
      point = { solved: new Float64Array(room), rows: 0, explained: 0, covariances: new Float64Array(this.keepCovariances ? room : 0), covarianceCount: 0 };
      this.points.set(key, point);
    } else if (point.solved.length < n) {
      point.solved = grow(point.solved, n, point.rows);
      if (this.keepCovariances) point.covariances = grow(point.covariances, n, point.covarianceCount);
    }
    if (this.keepCovariances && point.covarianceCount < n) {
      point.covariances.set(covariances.subarray(offset + point.covarianceCount, offset + n), point.covarianceCount);
      point.covarianceCount = n;
    }
    return point;
  }

  /**
   * The covariance rows of `points` (one after another, as `gp.covarianceRows`), whose keys are
   * `keys`: the covariances kept for a key are reused, and only those with newer observations computed.
   * With `buffer` (at least points x n long), the rows are written there (a view of it is returned).
   */
  covarianceRows(points: readonly (readonly number[])[], keys: readonly (string | number)[], buffer?: Float64Array): Float64Array {
    this.checkFactor();
    const n = this.gp.size;
    const length = points.length * n;
    if (buffer !== undefined && buffer.length < length) throw new RangeError(`Expects a buffer of at least ${length} numbers, actual: ${buffer.length}`);
    const rows = buffer === undefined ? new Float64Array(length) : buffer.subarray(0, length);
    for (let c = 0; c < points.length; c++) {
      const kept = this.points.get(keys[c] as string | number);
      const known = kept === undefined ? 0 : Math.min(kept.covarianceCount, n);
      if (kept !== undefined) {
        const covariances = kept.covariances;
        const offset = c * n;
        for (let i = 0; i < known; i++) rows[offset + i] = covariances[i] as number;
      }
      this.gp.covariancesFrom(points[c] as readonly number[], rows, c * n, known);
    }
    return rows;
  }

  private checkFactor(): void {
    if (this.gp.factorVersion === this.factorVersion) return;
    this.points.clear();
    this.factorVersion = this.gp.factorVersion;
  }
}

/**
 * Where a solve from row `rows` stops next: row n, or, when `checking` whether the point is still
 * wanted, the next multiple of `UNWANTED_CHECK_ROWS` (where `variancesFromCovariances` checks).
 */
function nextStop(rows: number, n: number, checking: boolean): number {
  return checking ? Math.min(n, (Math.floor(rows / UNWANTED_CHECK_ROWS) + 1) * UNWANTED_CHECK_ROWS) : n;
}

/** `values` in a longer array (at least `length`, doubling), its first `used` entries kept. */
function grow(values: Float64Array, length: number, used: number): Float64Array {
  const grown = new Float64Array(Math.max(length, 2 * values.length));
  grown.set(values.subarray(0, used));
  return grown;
}
