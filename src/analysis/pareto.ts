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
