/**
 * Checks the semi-decoupled method's promise exactly: for each budget, the most accurate co-design
 * within it in the full space (every candidate architecture x every accelerator) against the same in
 * the reduced space (the reduced set x every accelerator). The full space's optimum, as a function
 * of the budget, is a step function with at most one step per distinct per-architecture best value,
 * so checking every such value (every breakpoint) checks every budget.
 */
import { CostModel } from '../src/costmodel/evaluate.js';
import type { ArchitectureCandidate } from '../src/analysis/reduced-set.js';
import { AnalysisError } from '../src/analysis/errors.js';
import { LayerShapes, type ShapeNetworkMetrics } from '../src/analysis/layer-shapes.js';
import { hardwareSpec, type HardwareDesign } from './hardware-grid.js';
import { acceleratorAllowed, BUDGET_METRICS, GridFold, type BudgetMetric, type GridConstraints } from './grid-search.js';

export { allAccelerators } from './hardware-grid.js';
export type { BudgetMetric } from './grid-search.js';

/** Which budgets to check: every breakpoint, evenly spaced quantiles of the breakpoints (a count), or a list. */
export type BudgetChoice = 'breakpoints' | number | readonly number[];

export interface OptimalityOptions {
  /** Every architecture of the full space, with its accuracy. */
  candidates: readonly ArchitectureCandidate[];
  /** Keys of the reduced set (a subset of the candidates). */
  reducedSet: readonly string[];
  /** The accelerators both spaces co-design with. */
  accelerators: readonly HardwareDesign[];
  /** What the budget limits (default latency, cycles; energy in nJ; EDP in cycles x nJ). */
  metric?: BudgetMetric;
  /** The budgets: a list, or (default) every breakpoint: each distinct per-architecture best value. */
  budgets?: readonly number[] | 'breakpoints';
  /** Instead: this many evenly spaced quantiles of the breakpoints. */
  budgetCount?: number;
  /** Area/power caps and buffer limits the designs must meet too. */
  constraints?: GridConstraints;
  model?: CostModel;
  /** Called after each accelerator with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** The most accurate design within a budget. */
export interface Optimum {
  key: string;
  accuracy: number;
  accelerator: HardwareDesign;
  /** The budgeted metric of this design (cycles, nJ or cycles x nJ). */
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
  /** How many of the checked budgets are steps of the full space's optimum (where its best accuracy rises). */
  steps: number;
  fullDesigns: number;
  reducedDesigns: number;
  /** fullDesigns / reducedDesigns. */
  sizeRatio: number;
  /** Designs the exhaustive search covered (full space). */
  evaluations: number;
}

/**
 * Exhaustive search of both spaces for every budget. Accuracy depends on the architecture only, so
 * the optimum under a budget is the most accurate architecture whose best accelerator meets it; this
 * makes the search exact with one pass over the accelerators (each evaluating the candidates'
 * distinct layer shapes once).
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
 * const report = verifyOptimality({ candidates, reducedSet, accelerators: allAccelerators(grid) });
 * [report.agreements, report.budgets.length, report.worstGap];   // [5, 5, 0]: every breakpoint has the same optimum
 * [report.fullDesigns, report.reducedDesigns];   // [10, 8]
 */
export function verifyOptimality(options: OptimalityOptions): OptimalityReport {
  const { candidates, accelerators } = options;
  if (candidates.length === 0) throw new AnalysisError('verifyOptimality expects at least one candidate');
  if (accelerators.length === 0) throw new AnalysisError('verifyOptimality expects at least one accelerator');
  const metric = options.metric ?? 'latency';
  if (!(BUDGET_METRICS as readonly string[]).includes(metric)) throw new AnalysisError(`unknown metric "${String(metric)}"; expected one of ${BUDGET_METRICS.join(', ')}`);
  const known = new Set(candidates.map((c) => c.key));
  for (const key of options.reducedSet) if (!known.has(key)) throw new AnalysisError(`reduced-set architecture ${key} is not among the candidates`);
  const model = options.model ?? new CostModel();
  const shapes = LayerShapes.of(candidates.map((c) => c.network));
  const fold = new GridFold(candidates.length, { constraints: options.constraints });
  let metrics: ShapeNetworkMetrics | undefined;
  accelerators.forEach((design, index) => {
    if (acceleratorAllowed(design, options.constraints)) {
      metrics = shapes.networkMetrics(shapes.evaluate({ hardware: hardwareSpec(design), dataflow: design.dataflow }, model), metrics);
      fold.add(index, design, metrics);
    } else {
      fold.skip();
    }
    options.onProgress?.(index + 1, accelerators.length);
  });
  const best = fold.result().best[metric];
  const report = compareOptima(
    candidates.map((c, i) => ({ key: c.key, accuracy: c.accuracy, best: best.accelerator[i]! < 0 ? undefined : { value: best.value[i]!, accelerator: accelerators[best.accelerator[i]!]! } })),
    options.reducedSet,
    options.budgets ?? options.budgetCount ?? 'breakpoints',
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
 * candidate whose best design meets it, over all candidates and over the reduced set. `budgets` is
 * `'breakpoints'` (every distinct best value: every step of the optimum), a count of quantiles of
 * those values, or a list.
 *
 * @example
 * const at = (value: number) => ({ value, accelerator: REFERENCE_ACCELERATOR });
 * const candidates = [{ key: 'a', accuracy: 90, best: at(10) }, { key: 'b', accuracy: 80, best: at(4) }, { key: 'c', accuracy: 70, best: at(2) }];
 * const report = compareOptima(candidates, ['a', 'c'], 'breakpoints', 1);
 * report.budgets.map((b) => [b.budget, b.agree, b.gap]);   // [[2, true, 0], [4, false, 10], [10, true, 0]]
 * [report.agreements, report.steps, report.worstGap];   // [2, 3, 10]
 */
export function compareOptima(
  candidates: readonly CandidateBest[],
  reducedSet: readonly string[],
  budgets: BudgetChoice,
  acceleratorCount: number,
): Omit<OptimalityReport, 'metric'> {
  const reduced = new Set(reducedSet);
  const entries = candidates
    .map((candidate, position) => ({ candidate, position }))
    .filter((e) => e.candidate.best !== undefined)
    .sort((a, b) => a.candidate.best!.value - b.candidate.best!.value || a.position - b.position);
  const breakpoints = [...new Set(entries.map((e) => e.candidate.best!.value))];
  if (breakpoints.length === 0 && budgets !== 'breakpoints' && !Array.isArray(budgets)) throw new AnalysisError('no candidate can be evaluated on any accelerator');
  const budgetList = budgets === 'breakpoints' ? breakpoints : typeof budgets === 'number' ? quantileBudgets(breakpoints, budgets) : [...(budgets as readonly number[])];
  const order = budgetList.map((budget, i) => ({ budget, i })).sort((a, b) => a.budget - b.budget);
  const results: BudgetResult[] = new Array<BudgetResult>(budgetList.length);
  const optimum = (e: { candidate: CandidateBest } | undefined): Optimum | undefined =>
    e === undefined ? undefined : { key: e.candidate.key, accuracy: e.candidate.accuracy, accelerator: e.candidate.best!.accelerator, value: e.candidate.best!.value };
  let next = 0;
  let fullBest: (typeof entries)[number] | undefined;
  let reducedBest: (typeof entries)[number] | undefined;
  let steps = 0;
  let lastFullAccuracy = Number.NEGATIVE_INFINITY;
  for (const { budget, i } of order) {
    while (next < entries.length && entries[next]!.candidate.best!.value <= budget) {
      const entry = entries[next]!;
      if (fullBest === undefined || entry.candidate.accuracy > fullBest.candidate.accuracy) fullBest = entry;
      if (reduced.has(entry.candidate.key) && (reducedBest === undefined || entry.candidate.accuracy > reducedBest.candidate.accuracy)) reducedBest = entry;
      next++;
    }
    const full = optimum(fullBest);
    const inReduced = optimum(reducedBest);
    if (full !== undefined && full.accuracy > lastFullAccuracy) {
      steps++;
      lastFullAccuracy = full.accuracy;
    }
    const agree = full === undefined ? inReduced === undefined : inReduced !== undefined && inReduced.accuracy === full.accuracy;
    const gap = agree || full === undefined ? 0 : full.accuracy - (inReduced?.accuracy ?? 0);
    results[i] = { budget, full, reduced: inReduced, agree, gap };
  }
  const fullDesigns = candidates.length * acceleratorCount;
  const reducedDesigns = reduced.size * acceleratorCount;
  return {
    budgets: results,
    agreements: results.filter((r) => r.agree).length,
    worstGap: results.reduce((worst, r) => Math.max(worst, r.gap), 0),
    steps,
    fullDesigns,
    reducedDesigns,
    sizeRatio: fullDesigns / reducedDesigns,
    evaluations: fullDesigns,
  };
}

/**
 * Budgets at evenly spaced quantiles of the distinct best values (sorted ascending; isomorphic
 * architectures share values), so `count` budgets are distinct when there are as many values.
 */
function quantileBudgets(values: readonly number[], count: number): number[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new AnalysisError(`the number of budgets must be a positive integer, got ${count}`);
  if (values.length === 0) throw new AnalysisError('no candidate can be evaluated on any accelerator');
  const quantiles = Array.from({ length: count }, (_, i) => values[Math.min(values.length - 1, Math.floor(((i + 0.5) / count) * values.length))]!);
  return [...new Set(quantiles)];
}
