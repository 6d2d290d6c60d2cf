/**
 * Every architecture's best latency, energy and energy-delay product over an accelerator grid, and
 * the union of the per-accelerator Pareto fronts: exhaustive over the grid (each accelerator
 * evaluates the architectures' distinct layer shapes once), or over one accelerator per PE count
 * and dataflow where a test proves that shortcut exact.
 */
import { CostModel } from '../src/costmodel/evaluate.js';
import { areaPower } from '../src/costmodel/metrics.js';
import { publishedAccuracy } from '../src/accuracy/published.js';
import { AnalysisError } from '../src/analysis/errors.js';
import { LayerShapes, type ShapeCosts, type ShapeNetworkMetrics } from '../src/analysis/layer-shapes.js';
import { accuracyCostFront, descendingOrder, paretoFront } from '../src/analysis/pareto.js';
import { SPACE_PRESETS, ZOO_NAMES } from '../src/workloads/index.js';
import { allAccelerators, HARDWARE_DATAFLOWS, hardwareSpec, STUDY_GRID, type HardwareDesign, type HardwareGrid } from './hardware-grid.js';

/** What a budget limits: latency (cycles), energy (nJ) or their product (cycles x nJ). */
export const BUDGET_METRICS = ['latency', 'energy', 'edp'] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

/** What a front trades accuracy against: one budget metric, or latency and energy together. */
export const FRONT_OBJECTIVES = ['latency', 'energy', 'edp', 'latency+energy'] as const;
export type FrontObjective = (typeof FRONT_OBJECTIVES)[number];

/** Limits besides the budget, as the design environments apply them. */
export interface GridConstraints {
  /** Accelerators whose area (with their L1/L2 sizes) exceeds this are left out, um^2. */
  maxAreaUm2?: number | undefined;
  /** Accelerators whose power exceeds this are left out, mW. */
  maxPowerMW?: number | undefined;
  /** A design is infeasible where a layer needs more L1 or L2 than the accelerator has. */
  enforceBufferSizes?: boolean | undefined;
}

/** Whether an accelerator meets the area and power caps (its area and power do not depend on the network). */
export function acceleratorAllowed(design: HardwareDesign, constraints: GridConstraints = {}): boolean {
  if (constraints.maxAreaUm2 === undefined && constraints.maxPowerMW === undefined) return true;
  const { areaUm2, powerMW } = areaPower(hardwareSpec(design), design.l1SizeElements, design.l2SizeElements);
  return (constraints.maxAreaUm2 === undefined || areaUm2 <= constraints.maxAreaUm2) && (constraints.maxPowerMW === undefined || powerMW <= constraints.maxPowerMW);
}

/** Each architecture's best value of one metric over the accelerators searched. */
export interface ArchitectureBest {
  /** The best value per architecture (input order); Infinity where no accelerator is feasible. */
  value: Float64Array;
  /** Index into the search's `accelerators` of a design that attains it (the first in grid order); -1 where none. */
  accelerator: Int32Array;
}

/** The networks a search is about, so that the shortcut's proof can be looked up. */
export type ShortcutScope = { space: string; preset: string; keys: readonly string[] } | { zoo: readonly string[] };

/**
 * Where a test (test/envs/grid-shortcut.test.ts) proves the best-over-grid shortcut exact: on every
 * network of these sets, for every PE count and dataflow of the study's grid, runtime never grows
 * as the NoC or the off-chip bandwidth grows (along the study's bandwidth values), while energy,
 * feasibility and buffer requirements do not change with either; the cost model never reads the
 * L1/L2 sizes. So the best latency, energy and EDP over any sub-grid of these values (with any
 * L1/L2 sizes) are attained at its largest bandwidths.
 */
export const SHORTCUT_PROOF = Object.freeze({
  grid: Object.freeze({
    numPes: STUDY_GRID.numPes,
    nocBandwidthElemsPerCycle: STUDY_GRID.nocBandwidthElemsPerCycle,
    offchipBandwidthElemsPerCycle: STUDY_GRID.offchipBandwidthElemsPerCycle,
    dataflows: HARDWARE_DATAFLOWS,
  }),
  /** The proven networks: every preset of a space is listed with the architectures covered. */
  sets: Object.freeze([
    { space: 'nasbench201', presets: SPACE_PRESETS.nasbench201, architectures: 'every cell (15,625)' },
    { space: 'darts', presets: SPACE_PRESETS.darts, architectures: "the co-design study's 1,018 (published NB301 accuracy)" },
    { space: 'alphanet', presets: ['codesign-study'], architectures: 'all 9,999 published samples (the 1,046 selected among them)' },
    { space: 'zoo', presets: [], architectures: ZOO_NAMES.join(', ') },
  ] as const),
});

function subset(values: readonly (number | string)[], of: readonly (number | string)[]): boolean {
  return values.every((v) => of.includes(v));
}

/** Whether the shortcut is proven for these networks, grid and constraints, and if not, why not. */
export function shortcutProof(scope: ShortcutScope | undefined, grid: HardwareGrid, constraints: GridConstraints = {}): { proven: true } | { proven: false; reason: string } {
  if (scope === undefined) return { proven: false, reason: 'the networks are not named (no scope given)' };
  if (constraints.maxAreaUm2 !== undefined || constraints.maxPowerMW !== undefined || constraints.enforceBufferSizes === true) {
    return { proven: false, reason: 'area and power caps and buffer limits depend on the NoC bandwidth and buffer sizes' };
  }
  const proof = SHORTCUT_PROOF.grid;
  if (!subset(grid.numPes, proof.numPes) || !subset(grid.nocBandwidthElemsPerCycle, proof.nocBandwidthElemsPerCycle) || !subset(grid.offchipBandwidthElemsPerCycle, proof.offchipBandwidthElemsPerCycle) || !subset(grid.dataflows, proof.dataflows)) {
    return { proven: false, reason: "the grid's PE counts, bandwidths or dataflows are not all among the study grid's values" };
  }
  if ('zoo' in scope) {
    const unknown = scope.zoo.find((name) => !(ZOO_NAMES as readonly string[]).includes(name));
    return unknown === undefined ? { proven: true } : { proven: false, reason: `${unknown} is not a zoo network` };
  }
  const set = SHORTCUT_PROOF.sets.find((s) => s.space === scope.space);
  if (set === undefined || !(set.presets as readonly string[]).includes(scope.preset)) return { proven: false, reason: `the ${scope.space} space with preset ${scope.preset} is not covered` };
  if (scope.space === 'nasbench201') return { proven: true };
  const covered = new Set(scope.space === 'darts' ? publishedAccuracy('darts').keys : publishedAccuracy('alphanet', { set: 'all' }).keys);
  const outside = scope.keys.find((key) => !covered.has(key));
  return outside === undefined ? { proven: true } : { proven: false, reason: `${scope.space} architecture ${outside} is not among the published ones` };
}

/**
 * The accelerators among which the shortcut looks for a network's best latency, energy and EDP: one
 * per PE count and dataflow, at the grid's largest NoC and off-chip bandwidths (and buffer sizes).
 * Exact only where `shortcutProof` says so (72 times fewer evaluations on the study's grid).
 */
export function bestDesignCandidates(grid: HardwareGrid): HardwareDesign[] {
  const largest = (values: readonly number[]): number => Math.max(...values);
  return grid.numPes.flatMap((numPes) =>
    grid.dataflows.map((dataflow) => ({
      numPes,
      l1SizeElements: largest(grid.l1SizeElements),
      l2SizeElements: largest(grid.l2SizeElements),
      nocBandwidthElemsPerCycle: largest(grid.nocBandwidthElemsPerCycle),
      offchipBandwidthElemsPerCycle: largest(grid.offchipBandwidthElemsPerCycle),
      dataflow,
    })),
  );
}

/** The metric value of a design from its latency and energy. */
export function metricOf(metric: BudgetMetric, latencyCycles: number, energyNJ: number): number {
  return metric === 'latency' ? latencyCycles : metric === 'energy' ? energyNJ : latencyCycles * energyNJ;
}

export interface GridFoldOptions {
  /** Leave out accelerators over these caps; with `enforceBufferSizes`, designs whose layers need more L1/L2 than they have. */
  constraints?: GridConstraints | undefined;
  /** The architectures' accuracies: needed for the per-accelerator fronts. */
  accuracy?: ArrayLike<number> | undefined;
  /** Which per-accelerator fronts to unite (each needs `accuracy`). */
  fronts?: readonly FrontObjective[] | undefined;
}

/** What a grid fold found. */
export interface GridFoldResult {
  /** Each architecture's best latency (cycles), energy (nJ) and EDP (cycles x nJ) over the accelerators added. */
  best: Record<BudgetMetric, ArchitectureBest>;
  /** For each objective asked: 1 for the architectures on the front of some accelerator added. */
  perAcceleratorFront: Partial<Record<FrontObjective, Uint8Array>>;
  /** For each architecture: the accelerators added on which it is feasible (within the caps and buffer limits). */
  feasibleAccelerators: Int32Array;
  /** Accelerators added, and those among them within the caps. */
  added: number;
  allowed: number;
}

/**
 * Folds accelerators one at a time (in any order, e.g. as results arrive) into every architecture's
 * best metrics and the union of the per-accelerator fronts.
 *
 * @example
 * const fold = new GridFold(2, { accuracy: [90, 80], fronts: ['latency'] });
 * const design = { ...REFERENCE_ACCELERATOR };
 * const metrics = { latencyCycles: Float64Array.of(10, 5), energyNJ: Float64Array.of(3, 4), feasible: Uint8Array.of(1, 1), l1SizeReqElements: new Float64Array(2), l2SizeReqElements: new Float64Array(2) };
 * fold.add(0, design, metrics);
 * fold.add(1, design, { ...metrics, latencyCycles: Float64Array.of(4, 6) });
 * const result = fold.result();
 * [...result.best.latency.value];   // [4, 5]
 * [...result.best.latency.accelerator];   // [1, 0]
 * [...result.perAcceleratorFront.latency!];   // [1, 1]: the 80% one is on the first accelerator's front only
 */
export class GridFold {
  private readonly best: Record<BudgetMetric, ArchitectureBest>;
  private readonly fronts: Partial<Record<FrontObjective, Uint8Array>> = {};
  private readonly order: Int32Array | undefined;
  private readonly cost: Float64Array;
  private readonly feasibleCount: Int32Array;
  private added = 0;
  private allowed = 0;

  constructor(
    readonly architectures: number,
    private readonly options: GridFoldOptions = {},
  ) {
    const fresh = (): ArchitectureBest => ({ value: new Float64Array(architectures).fill(Number.POSITIVE_INFINITY), accelerator: new Int32Array(architectures).fill(-1) });
    this.best = { latency: fresh(), energy: fresh(), edp: fresh() };
    const fronts = options.fronts ?? [];
    if (fronts.length > 0) {
      if (options.accuracy === undefined || options.accuracy.length !== architectures) throw new AnalysisError(`per-accelerator fronts need one accuracy per architecture (${architectures})`);
      for (const objective of fronts) {
        if (!(FRONT_OBJECTIVES as readonly string[]).includes(objective)) throw new AnalysisError(`unknown front objective "${String(objective)}"; expected one of ${FRONT_OBJECTIVES.join(', ')}`);
        this.fronts[objective] = new Uint8Array(architectures);
      }
      this.order = descendingOrder(options.accuracy);
    }
    this.cost = new Float64Array(architectures);
    this.feasibleCount = new Int32Array(architectures);
  }

  /** Adds one accelerator's metrics of every architecture (`index` identifies the accelerator in the results). */
  add(index: number, design: HardwareDesign, metrics: ShapeNetworkMetrics): void {
    this.added++;
    const constraints = this.options.constraints ?? {};
    if (!acceleratorAllowed(design, constraints)) return;
    this.allowed++;
    const n = this.architectures;
    const buffers = constraints.enforceBufferSizes === true;
    const { latencyCycles, energyNJ, feasible, l1SizeReqElements, l2SizeReqElements } = metrics;
    const usable = (k: number): boolean =>
      feasible[k] === 1 && (!buffers || (l1SizeReqElements[k]! <= design.l1SizeElements && l2SizeReqElements[k]! <= design.l2SizeElements));
    for (let k = 0; k < n; k++) if (usable(k)) this.feasibleCount[k]!++;
    for (const metric of BUDGET_METRICS) {
      const { value, accelerator } = this.best[metric];
      for (let k = 0; k < n; k++) {
        if (!usable(k)) continue;
        const v = metricOf(metric, latencyCycles[k]!, energyNJ[k]!);
        if (v < value[k]!) {
          value[k] = v;
          accelerator[k] = index;
        }
      }
    }
    for (const [objective, members] of Object.entries(this.fronts) as [FrontObjective, Uint8Array][]) {
      if (objective === 'latency+energy') {
        const feasibleIndices: number[] = [];
        for (let k = 0; k < n; k++) if (usable(k)) feasibleIndices.push(k);
        const points = feasibleIndices.map((k) => [this.options.accuracy![k]!, latencyCycles[k]!, energyNJ[k]!]);
        for (const i of paretoFront(points, ['max', 'min', 'min'])) members[feasibleIndices[i]!] = 1;
        continue;
      }
      for (let k = 0; k < n; k++) this.cost[k] = usable(k) ? metricOf(objective, latencyCycles[k]!, energyNJ[k]!) : Number.POSITIVE_INFINITY;
      for (const k of accuracyCostFront(this.options.accuracy!, this.cost, this.order)) members[k] = 1;
    }
  }

  /** Counts an accelerator over the caps without its metrics. */
  skip(): void {
    this.added++;
  }

  result(): GridFoldResult {
    return { best: this.best, perAcceleratorFront: { ...this.fronts }, feasibleAccelerators: this.feasibleCount, added: this.added, allowed: this.allowed };
  }
}

export interface GridSearchOptions extends GridFoldOptions {
  model?: CostModel | undefined;
  /**
   * `exhaustive`: every accelerator of the grid; `shortcut`: one per PE count and dataflow, only where
   * `shortcutProof` proves it (else an error); `auto` (default): the shortcut where proven and no
   * per-accelerator front is asked, else exhaustive.
   */
  search?: 'auto' | 'exhaustive' | 'shortcut' | undefined;
  /** The networks, for the shortcut's proof. */
  scope?: ShortcutScope | undefined;
  /** Called after each accelerator with (done, total). */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** What a grid search found. */
export interface GridSearchResult extends GridFoldResult {
  /** The grid's accelerators in grid order (`ArchitectureBest.accelerator` indexes them). */
  accelerators: HardwareDesign[];
  search: 'exhaustive' | 'shortcut';
  /** Accelerators evaluated. */
  evaluated: number;
}

/**
 * Each architecture's best latency, energy and EDP over a grid (and, with accuracies, the union of
 * the per-accelerator fronts), from its distinct layer shapes.
 *
 * @example
 * const space = new Nasbench201Space();
 * const networks = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1]].map((vector) => space.toNetwork(space.decode(vector)));
 * const grid = { ...STUDY_GRID, numPes: [64, 256], dataflows: ['kcp_ws' as const, 'rs' as const] };
 * const found = searchGrid(LayerShapes.of(networks), grid, { scope: { space: 'nasbench201', preset: 'cifar10', keys: [] } });
 * [found.search, found.evaluated, found.accelerators.length];   // ['shortcut', 4, 288]
 * const best = found.accelerators[found.best.latency.accelerator[0]!]!;
 * [best.numPes, best.nocBandwidthElemsPerCycle, best.offchipBandwidthElemsPerCycle];   // [256, 1000, 350]
 */
export function searchGrid(shapes: LayerShapes, grid: HardwareGrid, options: GridSearchOptions = {}): GridSearchResult {
  const accelerators = allAccelerators(grid);
  const search = options.search ?? 'auto';
  const proof = shortcutProof(options.scope, grid, options.constraints);
  const wantsFronts = (options.fronts ?? []).length > 0;
  let useShortcut = false;
  if (search === 'shortcut') {
    if (!proof.proven) throw new AnalysisError(`the best-over-grid shortcut is not proven here: ${proof.reason}; search the grid exhaustively`);
    if (wantsFronts) throw new AnalysisError('per-accelerator fronts need every accelerator: search the grid exhaustively');
    useShortcut = true;
  } else if (search === 'auto') {
    useShortcut = proof.proven && !wantsFronts;
  } else if (search !== 'exhaustive') {
    throw new AnalysisError(`unknown search "${String(search)}"; expected auto, exhaustive or shortcut`);
  }
  const key = (d: HardwareDesign): string => `${d.numPes},${d.l1SizeElements},${d.l2SizeElements},${d.nocBandwidthElemsPerCycle},${d.offchipBandwidthElemsPerCycle},${d.dataflow}`;
  const position = new Map(accelerators.map((d, i) => [key(d), i]));
  const visit = useShortcut ? bestDesignCandidates(grid).map((d) => position.get(key(d))!) : accelerators.map((_, i) => i);
  const model = options.model ?? new CostModel();
  const fold = new GridFold(shapes.networkCount, options);
  let metrics: ShapeNetworkMetrics | undefined;
  visit.forEach((index, done) => {
    const design = accelerators[index]!;
    // An accelerator over the caps is only counted: nothing on it is feasible.
    if (acceleratorAllowed(design, options.constraints)) {
      const costs: ShapeCosts = shapes.evaluate({ hardware: hardwareSpec(design), dataflow: design.dataflow }, model);
      metrics = shapes.networkMetrics(costs, metrics);
      fold.add(index, design, metrics);
    } else {
      fold.skip();
    }
    options.onProgress?.(done + 1, visit.length);
  });
  return { ...fold.result(), accelerators, search: useShortcut ? 'shortcut' : 'exhaustive', evaluated: visit.length };
}


