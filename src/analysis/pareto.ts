/** Pareto fronts in any number of objectives, with optional epsilon-dominance. */
import { AnalysisError } from './errors.js';

/** Whether an objective is minimised or maximised. */
export type Sense = 'min' | 'max';

function checkPoints(points: readonly (readonly number[])[], senses: readonly Sense[], epsilon: number): void {
  if (!Array.isArray(senses) || senses.length === 0 || senses.some((s) => s !== 'min' && s !== 'max')) {
    throw new AnalysisError(`senses must be a non-empty array of 'min' or 'max', got ${JSON.stringify(senses)}`);
  }
  if (!Number.isFinite(epsilon) || epsilon < 0) throw new AnalysisError(`epsilon must be a finite number >= 0, got ${epsilon}`);
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== senses.length) {
      throw new AnalysisError(`point ${i} must have ${senses.length} objectives, got ${Array.isArray(p) ? p.length : typeof p}`);
    }
    for (const v of p) {
      if (!Number.isFinite(v)) throw new AnalysisError(`point ${i} has a non-finite objective ${String(v)}`);
      if (epsilon > 0 && v <= 0) throw new AnalysisError(`epsilon-dominance is multiplicative and needs positive objectives; point ${i} has ${v}`);
    }
  });
}

/**
 * Whether `a` dominates `b`: at least as good in every objective and better in one. With
 * `epsilon > 0`, `a` must be better by a factor (1 + epsilon) in every objective.
 */
export function dominates(a: readonly number[], b: readonly number[], senses: readonly Sense[], epsilon = 0): boolean {
  let strictly = false;
  for (let i = 0; i < senses.length; i++) {
    const better = senses[i] === 'min' ? a[i]! * (1 + epsilon) <= b[i]! : a[i]! >= b[i]! * (1 + epsilon);
    if (!better) return false;
    if (a[i] !== b[i]) strictly = true;
  }
  return strictly;
}

/**
 * Indices (ascending) of the points no other point dominates. With `epsilon > 0` the front keeps
 * every point that no other beats by a factor (1 + epsilon) in all objectives: a wider set,
 * safer when rankings change between accelerators.
 *
 * @example
 * // accuracy (max) against latency (min)
 * paretoFront([[90, 10], [80, 5], [85, 20], [70, 5]], ['max', 'min']); // [0, 1]
 */
export function paretoFront(points: readonly (readonly number[])[], senses: readonly Sense[], epsilon = 0): number[] {
  checkPoints(points, senses, epsilon);
  // In lexicographic best-first order a dominating point always comes first, so comparing each
  // point with the kept ones suffices (dominance is transitive).
  const sign = senses.map((s) => (s === 'min' ? 1 : -1));
  const order = points.map((_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < senses.length; k++) {
      const d = sign[k]! * (points[a]![k]! - points[b]![k]!);
      if (d !== 0) return d;
    }
    return a - b;
  });
  const kept: number[] = [];
  for (const index of order) {
    const p = points[index]!;
    if (!kept.some((k) => dominates(points[k]!, p, senses, epsilon))) kept.push(index);
  }
  return kept.sort((a, b) => a - b);
}

/** Indices sorted by descending value (ties by ascending index). */
export function descendingOrder(values: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => values[b]! - values[a]! || a - b);
}

/**
 * The Pareto front of accuracy (max) against one cost (min): the indices (ascending) `paretoFront`
 * gives for the points [accuracy[i], cost[i]], leaving out points whose cost is not finite (an
 * infeasible design). Linear given `order`, the indices by descending accuracy
 * (`descendingOrder(accuracy)`), so the front of many cost vectors costs one sort.
 *
 * @example
 * accuracyCostFront([90, 80, 85, 70], [10, 5, 20, 5]);   // [0, 1]
 * accuracyCostFront([90, 80, 85], [Infinity, 5, 4]);   // [2]: the 90% point is infeasible
 */
export function accuracyCostFront(accuracy: ArrayLike<number>, cost: ArrayLike<number>, order: ArrayLike<number> = descendingOrder(accuracy)): number[] {
  if (accuracy.length !== cost.length || order.length !== accuracy.length) {
    throw new AnalysisError(`accuracyCostFront expects as many costs and order entries as accuracies, got ${accuracy.length} accuracies, ${cost.length} costs, ${order.length} order entries`);
  }
  const kept: number[] = [];
  let bestAbove = Number.POSITIVE_INFINITY;
  let i = 0;
  while (i < order.length) {
    const level = accuracy[order[i]!]!;
    let end = i;
    let groupMin = Number.POSITIVE_INFINITY;
    while (end < order.length && accuracy[order[end]!] === level) {
      const c = cost[order[end]!]!;
      if (Number.isFinite(c) && c < groupMin) groupMin = c;
      end++;
    }
    if (groupMin < bestAbove) {
      for (let k = i; k < end; k++) if (cost[order[k]!] === groupMin) kept.push(order[k]!);
      bestAbove = groupMin;
    }
    i = end;
  }
  return kept.sort((a, b) => a - b);
}
