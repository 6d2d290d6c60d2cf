/**
 * Checks the semi-decoupled method's promise by exhaustive search: for each budget, the most accurate
 * co-design within it in the full space (every candidate architecture x every accelerator) against
 * the same in the reduced space (the reduced set x every accelerator).
 */
import { CostModel } from '../src/costmodel/evaluate.js';
import type { ArchitectureCandidate } from '../src/analysis/reduced-set.js';
import { AnalysisError } from '../src/analysis/errors.js';
import { evaluateWorkload, type HardwareDesign } from './hardware-grid.js';

export type BudgetMetric = 'latency' | 'energy';

export interface OptimalityOptions {
  /** Every architecture of the full space, with its accuracy. */
  candidates: readonly ArchitectureCandidate[];
  /** Keys of the reduced set (a subset of the candidates). */
  reducedSet: readonly string[];
  /** The accelerators both spaces co-design with. */
  accelerators: readonly HardwareDesign[];
  /** What the budget limits (default latency, cycles; energy in nJ). */
  metric?: BudgetMetric;
  /** The budgets; default `budgetCount` distinct quantiles of the architectures' best achievable metrics. */
  budgets?: readonly number[];
  budgetCount?: number;
  model?: CostModel;
  /** Called after each candidate with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** The most accurate design within a budget. */
export interface Optimum {
  key: string;
  accuracy: number;
  accelerator: HardwareDesign;
  /** The budgeted metric of this design (cycles or nJ). */
  value: number;
}

export interface BudgetResult {
  budget: number;
  full: Optimum | undefined;
  reduced: Optimum | undefined;
  /** Same best accuracy (or neither space has a design within the budget). */
  agree: boolean;
  /** full accuracy - reduced accuracy (0 when they agree, the full accuracy when the reduced space has none). */
  gap: number;
}

export interface OptimalityReport {
  metric: BudgetMetric;
  budgets: BudgetResult[];
  agreements: number;
  worstGap: number;
  fullDesigns: number;
  reducedDesigns: number;
  /** fullDesigns / reducedDesigns. */
  sizeRatio: number;
  /** Evaluations the exhaustive search made (full space). */
  evaluations: number;
}

interface BestDesign {
  value: number;
  accelerator: HardwareDesign;
}

/**
 * Exhaustive search of both spaces for every budget. Accuracy depends on the architecture only, so
 * the optimum under a budget is the most accurate architecture whose best accelerator meets it; this
 * makes the search exact with one pass over architectures x accelerators.
 *
 * @example
 * const space = new Nasbench201Space();
 * const candidates = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [0, 2, 4, 1, 3, 0], [3, 2, 3, 2, 3, 2]].map((vector, i) => {
 *   const arch = space.decode(vector);
 *   return { key: space.key(arch), accuracy: [94, 80, 88, 85, 90][i]!, network: space.toNetwork(arch) };
 * });
 * const reference = { hardware: hardwareSpec(REFERENCE_ACCELERATOR), dataflow: 'kcp_ws' as const };
 * const reducedSet = reducedArchitectureSet(candidates, reference, 'latency').keys;
 * const grid = { ...STUDY_GRID, numPes: [64, 256], nocBandwidthElemsPerCycle: [1000], offchipBandwidthElemsPerCycle: [300], dataflows: ['kcp_ws' as const] };
 * const report = verifyOptimality({ candidates, reducedSet, accelerators: allAccelerators(grid), budgetCount: 4 });
 * [report.agreements, report.worstGap];   // [4, 0]: all 4 latency budgets have the same optimum
 * [report.fullDesigns, report.reducedDesigns];   // [10, 8]
 */
export function verifyOptimality(options: OptimalityOptions): OptimalityReport {
  const { candidates, accelerators } = options;
  if (candidates.length === 0) throw new AnalysisError('verifyOptimality expects at least one candidate');
  if (accelerators.length === 0) throw new AnalysisError('verifyOptimality expects at least one accelerator');
  const known = new Set(candidates.map((c) => c.key));
  const reduced = new Set(options.reducedSet);
  for (const key of reduced) if (!known.has(key)) throw new AnalysisError(`reduced-set architecture ${key} is not among the candidates`);
  const metric = options.metric ?? 'latency';
  const model = options.model ?? new CostModel();
  const best: (BestDesign | undefined)[] = [];
  candidates.forEach((candidate, index) => {
    let found: BestDesign | undefined;
    for (const accelerator of accelerators) {
      let value: number;
      try {
        const { metrics, invalidLayers } = evaluateWorkload([candidate.network], accelerator, model);
        if (invalidLayers > 0) continue;
        value = metric === 'latency' ? metrics.latencyCycles : metrics.energyNJ;
      } catch {
        continue;
      }
      if (found === undefined || value < found.value) found = { value, accelerator };
    }
    best.push(found);
    options.onProgress?.(index + 1, candidates.length);
  });
  const report = compareOptima(
    candidates.map((c, i) => ({ key: c.key, accuracy: c.accuracy, best: best[i] })),
    options.reducedSet,
    options.budgets ?? options.budgetCount ?? 20,
    accelerators.length,
  );
  return { ...report, metric };
}

/** A candidate with its accuracy and its best design under the budgeted metric (if any). */
export interface CandidateBest {
  key: string;
  accuracy: number;
  best: { value: number; accelerator: HardwareDesign } | undefined;
}

/**
 * The optimality comparison from each candidate's best design: for each budget, the most accurate
 * candidate whose best design meets it, over all candidates and over the reduced set.
 * `budgets` is a list, or a count of quantiles of the candidates' best values.
 */
export function compareOptima(
  candidates: readonly CandidateBest[],
  reducedSet: readonly string[],
  budgets: readonly number[] | number,
  acceleratorCount: number,
): Omit<OptimalityReport, 'metric'> {
  const reduced = new Set(reducedSet);
  const best = candidates.map((c) => c.best);
  const budgetList = typeof budgets === 'number' ? defaultBudgets(best, budgets) : budgets;
  const optimum = (budget: number, onlyReduced: boolean): Optimum | undefined => {
    let chosen: Optimum | undefined;
    candidates.forEach((candidate) => {
      const design = candidate.best;
      if (design === undefined || design.value > budget) return;
      if (onlyReduced && !reduced.has(candidate.key)) return;
      if (chosen === undefined || candidate.accuracy > chosen.accuracy) {
        chosen = { key: candidate.key, accuracy: candidate.accuracy, accelerator: design.accelerator, value: design.value };
      }
    });
    return chosen;
  };
  const results = budgetList.map((budget): BudgetResult => {
    const full = optimum(budget, false);
    const inReduced = optimum(budget, true);
    const gap = full === undefined ? 0 : full.accuracy - (inReduced?.accuracy ?? 0);
    const agree = full === undefined ? inReduced === undefined : inReduced !== undefined && inReduced.accuracy === full.accuracy;
    return { budget, full, reduced: inReduced, agree, gap: agree ? 0 : gap };
  });
  const fullDesigns = candidates.length * acceleratorCount;
  const reducedDesigns = reduced.size * acceleratorCount;
  return {
    budgets: results,
    agreements: results.filter((r) => r.agree).length,
    worstGap: Math.max(0, ...results.map((r) => r.gap)),
    fullDesigns,
    reducedDesigns,
    sizeRatio: fullDesigns / reducedDesigns,
    evaluations: fullDesigns,
  };
}

/**
 * Budgets at evenly spaced quantiles of the distinct best achievable metrics of the architectures
 * (isomorphic architectures share values), so `count` budgets are distinct when there are as many values.
 */
function defaultBudgets(best: readonly ({ value: number } | undefined)[], count: number): number[] {
  const values = [...new Set(best.filter((b): b is { value: number } => b !== undefined).map((b) => b.value))].sort((a, b) => a - b);
  if (values.length === 0) throw new AnalysisError('no candidate can be evaluated on any accelerator');
  const quantiles = Array.from({ length: count }, (_, i) => values[Math.min(values.length - 1, Math.floor(((i + 0.5) / count) * values.length))]!);
  return [...new Set(quantiles)];
}

/** Every accelerator of a grid. */
export function allAccelerators(grid: {
  numPes: readonly number[];
  l1SizeElements: readonly number[];
  l2SizeElements: readonly number[];
  nocBandwidthElemsPerCycle: readonly number[];
  offchipBandwidthElemsPerCycle: readonly number[];
  dataflows: readonly HardwareDesign['dataflow'][];
}): HardwareDesign[] {
  const designs: HardwareDesign[] = [];
  for (const numPes of grid.numPes)
    for (const l1SizeElements of grid.l1SizeElements)
      for (const l2SizeElements of grid.l2SizeElements)
        for (const nocBandwidthElemsPerCycle of grid.nocBandwidthElemsPerCycle)
          for (const offchipBandwidthElemsPerCycle of grid.offchipBandwidthElemsPerCycle)
            for (const dataflow of grid.dataflows) {
              designs.push({ numPes, l1SizeElements, l2SizeElements, nocBandwidthElemsPerCycle, offchipBandwidthElemsPerCycle, dataflow });
            }
  return designs;
}
