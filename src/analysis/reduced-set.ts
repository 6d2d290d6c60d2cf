/**
 * The semi-decoupled method's reduced set: candidate architectures evaluated on one reference
 * accelerator, keeping the Pareto front of accuracy against latency and/or energy.
 */
import { CostModel } from '../costmodel/evaluate.js';
import { toNetworkSpec, type Network } from '../workloads/index.js';
import { AnalysisError } from './errors.js';
import type { AcceleratorInstance } from './layer-shapes.js';
import { accuracyCostFront, paretoFront, type Sense } from './pareto.js';

/** What the reduced set trades accuracy against: latency, energy, their product, or latency and energy together. */
export const REDUCED_SET_OBJECTIVES = ['latency', 'energy', 'edp', 'latency+energy'] as const;
export type ReducedSetObjective = (typeof REDUCED_SET_OBJECTIVES)[number];

export interface ArchitectureCandidate {
  /** The architecture's key in its space. */
  key: string;
  /** Top-1 accuracy (%) or an oracle's score: larger is better. */
  accuracy: number;
  network: Network;
}

export type { AcceleratorInstance } from './layer-shapes.js';

export interface CandidateMetrics {
  key: string;
  accuracy: number;
  latencyCycles: number;
  energyNJ: number;
  /** False when the cost model could not evaluate it (such a candidate is never kept). */
  feasible: boolean;
}

export interface ReducedSet {
  objective: ReducedSetObjective;
  epsilon: number;
  /** Every candidate's metrics on the reference accelerator, in input order. */
  evaluated: CandidateMetrics[];
  /** Indices into the candidates of the kept architectures, ascending. */
  indices: number[];
  /** The kept candidates' keys. */
  keys: string[];
}

/** Sums a network's latency and energy on an accelerator (the cost model's totals). */
export function evaluateOn(network: Network, accelerator: AcceleratorInstance, model: CostModel): { latencyCycles: number; energyNJ: number; feasible: boolean } {
  try {
    const totals = model.evaluateTotals(toNetworkSpec(network, accelerator.dataflow, accelerator.hardware), accelerator.hardware);
    return { latencyCycles: totals.runtimeCycles, energyNJ: totals.energyNJ, feasible: totals.invalidLayers === 0 && totals.runtimeCycles > 0 };
  } catch {
    return { latencyCycles: Number.POSITIVE_INFINITY, energyNJ: Number.POSITIVE_INFINITY, feasible: false };
  }
}

/** The points and senses of a front of accuracy against the objective. */
export function objectivePoints(metrics: readonly CandidateMetrics[], objective: ReducedSetObjective): { points: number[][]; senses: Sense[] } {
  const senses: Sense[] = objective === 'latency+energy' ? ['max', 'min', 'min'] : ['max', 'min'];
  const points = metrics.map((m) => {
    if (objective === 'latency') return [m.accuracy, m.latencyCycles];
    if (objective === 'energy') return [m.accuracy, m.energyNJ];
    if (objective === 'edp') return [m.accuracy, m.latencyCycles * m.energyNJ];
    return [m.accuracy, m.latencyCycles, m.energyNJ];
  });
  return { points, senses };
}

/**
 * Keeps the candidates on the Pareto front of accuracy against latency and/or energy on the
 * reference accelerator (with `epsilon > 0`, the wider epsilon-front).
 *
 * @example
 * const space = new Nasbench201Space();
 * const accuracies = [94, 80, 88, 85, 90];   // top-1 %, e.g. from an oracle
 * const candidates = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [0, 2, 4, 1, 3, 0], [3, 2, 3, 2, 3, 2]].map((vector, i) => {
 *   const arch = space.decode(vector);
 *   return { key: space.key(arch), accuracy: accuracies[i]!, network: space.toNetwork(arch) };
 * });
 * const reference = { hardware: hardwareSpec(REFERENCE_ACCELERATOR), dataflow: 'kcp_ws' as const };
 * const reduced = reducedArchitectureSet(candidates, reference, 'latency');
 * reduced.indices;   // [0, 1, 2, 4]: the 85% network is slower than the 88% one
 * reduced.evaluated[3]!.latencyCycles;   // 544831
 */
export function reducedArchitectureSet(
  candidates: readonly ArchitectureCandidate[],
  reference: AcceleratorInstance,
  objective: ReducedSetObjective,
  options: { epsilon?: number; model?: CostModel } = {},
): ReducedSet {
  if (!(REDUCED_SET_OBJECTIVES as readonly string[]).includes(objective)) {
    throw new AnalysisError(`unknown objective "${String(objective)}"; expected one of ${REDUCED_SET_OBJECTIVES.join(', ')}`);
  }
  if (!Array.isArray(candidates) || candidates.length === 0) throw new AnalysisError('reducedArchitectureSet expects a non-empty array of candidates');
  const model = options.model ?? new CostModel();
  const epsilon = options.epsilon ?? 0;
  const evaluated = candidates.map((c, i) => {
    if (!Number.isFinite(c.accuracy)) throw new AnalysisError(`candidate ${i} (${c.key}) has a non-finite accuracy ${String(c.accuracy)}`);
    return { key: c.key, accuracy: c.accuracy, ...evaluateOn(c.network, reference, model) };
  });
  const feasible = evaluated.map((m, i) => (m.feasible ? i : -1)).filter((i) => i >= 0);
  if (feasible.length === 0) throw new AnalysisError('no candidate could be evaluated on the reference accelerator');
  const { points, senses } = objectivePoints(feasible.map((i) => evaluated[i]!), objective);
  const indices = paretoFront(points, senses, epsilon).map((k) => feasible[k]!);
  return { objective, epsilon, evaluated, indices, keys: indices.map((i) => candidates[i]!.key) };
}

/**
 * The certified reduced set: the Pareto front of accuracy against each architecture's best value of
 * a metric over the whole accelerator grid (`bestOverGrid`, non-finite where no accelerator runs it).
 * The co-design optimum under a budget is the most accurate architecture whose best value meets the
 * budget, so this front keeps it for every budget, and it is the smallest set that does: leaving out
 * a front point loses the optimum at the budget equal to its best value (unless another architecture
 * has the same accuracy and best value, which the front keeps as well). Indices, ascending.
 *
 * @example
 * // accuracy, and best latency over a grid: the 85% architecture is slower than the 88% one
 * certifiedReducedSet([94, 80, 88, 85], [900, 100, 300, 400]);   // [0, 1, 2]
 */
export function certifiedReducedSet(accuracy: ArrayLike<number>, bestOverGrid: ArrayLike<number>): number[] {
  for (let i = 0; i < accuracy.length; i++) {
    if (!Number.isFinite(accuracy[i]!)) throw new AnalysisError(`architecture ${i} has a non-finite accuracy ${String(accuracy[i])}`);
  }
  return accuracyCostFront(accuracy, bestOverGrid);
}
