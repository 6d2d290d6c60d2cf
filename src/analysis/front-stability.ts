/**
 * Front stability: does a reduced set keep the accuracy-cost front of another accelerator (a probe)?
 * A rank correlation cannot see a front that moves; this check measures what matters, the share of
 * the probe's front the set holds and the accuracy lost at each of the probe's budgets, and names the
 * architectures that would close every gap.
 */
import { AnalysisError } from './errors.js';
import { accuracyCostFront, descendingOrder } from './pareto.js';

/** How a set fares on one probe. */
export interface FrontStability {
  /** Indices of the architectures on the probe's accuracy-cost front (ascending). */
  front: number[];
  /** The share of the front the set holds (1 when the front is empty). */
  frontShare: number;
  /** The probe's budgets: each distinct cost on its front (every step of its optimum). */
  budgets: number;
  /** Budgets at which the set's most accurate architecture within the budget is as accurate as the probe's optimum. */
  budgetsKept: number;
  /** The largest accuracy lost at a budget (0 when every budget is kept; the probe's optimum itself where the set has nothing within the budget). */
  worstGap: number;
  /** The probe's optimum at each budget the set misses, cheapest first: adding them keeps every budget. */
  missing: number[];
}

/**
 * The stability of a set's front on one probe. `cost` is each architecture's cost on the probe
 * (latency, energy, ...; non-finite where it cannot run there); `inSet` says which architectures the
 * set holds.
 *
 * @example
 * // four architectures: accuracy, and latency on a probe; the set holds 0 and 2
 * const stability = frontStability([90, 85, 80, 70], [10, 6, 4, 3], [true, false, true, false]);
 * [stability.front, stability.frontShare];   // [[0, 1, 2, 3], 0.5]
 * [stability.budgetsKept, stability.budgets, stability.worstGap];   // [2, 4, 70]: nothing of the set runs within 3
 * stability.missing;   // [3, 1]: the probe's optimum within 3 and within 6
 */
export function frontStability(accuracy: ArrayLike<number>, cost: ArrayLike<number>, inSet: ArrayLike<boolean | number>, order?: ArrayLike<number>): FrontStability {
  if (cost.length !== accuracy.length || inSet.length !== accuracy.length) {
    throw new AnalysisError(`frontStability expects one cost and one membership per architecture (${accuracy.length}), got ${cost.length} costs and ${inSet.length} memberships`);
  }
  const front = accuracyCostFront(accuracy, cost, order ?? descendingOrder(accuracy));
  const held = front.filter((i) => Boolean(inSet[i])).length;
  // Sweep the set's members and the front by cost: the set's best accuracy within each front budget.
  const members: number[] = [];
  for (let i = 0; i < accuracy.length; i++) if (Boolean(inSet[i]) && Number.isFinite(cost[i]!)) members.push(i);
  members.sort((a, b) => cost[a]! - cost[b]!);
  const byCost = [...front].sort((a, b) => cost[a]! - cost[b]! || accuracy[b]! - accuracy[a]!);
  const budgets: number[] = [];
  for (const i of byCost) if (budgets.length === 0 || budgets[budgets.length - 1] !== cost[i]) budgets.push(cost[i]!);
  let next = 0;
  let setBest = Number.NEGATIVE_INFINITY;
  // The set with the missing optima added so far: what `missing` needs to keep every budget.
  let enlargedBest = Number.NEGATIVE_INFINITY;
  let frontNext = 0;
  let optimum = -1;
  let kept = 0;
  let worstGap = 0;
  const missing: number[] = [];
  for (const budget of budgets) {
    while (next < members.length && cost[members[next]!]! <= budget) {
      const a = accuracy[members[next++]!]!;
      setBest = Math.max(setBest, a);
      enlargedBest = Math.max(enlargedBest, a);
    }
    // The probe's optimum within the budget: the most accurate front point at or below it.
    while (frontNext < byCost.length && cost[byCost[frontNext]!]! <= budget) {
      if (optimum < 0 || accuracy[byCost[frontNext]!]! > accuracy[optimum]!) optimum = byCost[frontNext]!;
      frontNext++;
    }
    const best = accuracy[optimum]!;
    if (setBest >= best) kept++;
    else worstGap = Math.max(worstGap, setBest === Number.NEGATIVE_INFINITY ? best : best - setBest);
    if (enlargedBest < best) {
      missing.push(optimum);
      enlargedBest = best;
    }
  }
  return { front, frontShare: front.length === 0 ? 1 : held / front.length, budgets: budgets.length, budgetsKept: kept, worstGap, missing };
}

/** What `enlargeWhereFrontsMove` found and did. */
export interface FrontEnlargement {
  /** Each probe's stability, measured on the set before enlargement. */
  measured: FrontStability[];
  /** How many architectures each probe added. */
  added: number[];
  /** The enlarged set (indices, ascending). */
  members: number[];
}

/**
 * Enlarges a set where the probes' fronts move: for each probe (in order) that loses more than
 * `gapTolerance` accuracy at one of its budgets (every probe when `force`), adds the probe's optimum
 * at each budget the set (as enlarged so far) misses (`gaps`, the fewest additions that keep every
 * probe's budgets), or the probe's whole front (`union`).
 *
 * @example
 * const accuracy = [90, 85, 80, 70];
 * const probes = [[10, 6, 4, 3], [10, 2, 4, 3]];   // each architecture's latency on two probes
 * const result = enlargeWhereFrontsMove(accuracy, [0, 2], probes);
 * [result.members, result.added];   // [[0, 1, 2, 3], [2, 0]]: the first probe's gaps need 1 and 3, which also serve the second
 */
export function enlargeWhereFrontsMove(
  accuracy: ArrayLike<number>,
  base: Iterable<number>,
  probes: readonly ArrayLike<number>[],
  options: { gapTolerance?: number; enlarge?: 'gaps' | 'union'; force?: boolean } = {},
): FrontEnlargement {
  const tolerance = options.gapTolerance ?? 0;
  const order = descendingOrder(accuracy);
  const inSet = new Uint8Array(accuracy.length);
  for (const k of base) {
    if (!(Number.isSafeInteger(k) && k >= 0 && k < accuracy.length)) throw new AnalysisError(`set member ${k} is not an architecture index (0..${accuracy.length - 1})`);
    inSet[k] = 1;
  }
  const measured = probes.map((cost) => frontStability(accuracy, cost, inSet, order));
  const enlarged = Uint8Array.from(inSet);
  const added = probes.map((cost, p) => {
    if (!options.force && measured[p]!.worstGap <= tolerance) return 0;
    const additions = options.enlarge === 'union' ? measured[p]!.front : frontStability(accuracy, cost, enlarged, order).missing;
    let count = 0;
    for (const k of additions) {
      if (enlarged[k] === 0) count++;
      enlarged[k] = 1;
    }
    return count;
  });
  const members: number[] = [];
  enlarged.forEach((m, k) => {
    if (m === 1) members.push(k);
  });
  return { measured, added, members };
}
