/**
 * The semi-decoupled experiment: the candidates' distinct layer shapes evaluated on every accelerator
 * of the grid (exhaustively; each accelerator one JSON line, so a run resumes, shards and runs on
 * worker threads), on the reference accelerator and on the probes. The report sums every candidate's
 * latency and energy from them and compares the co-design optimum of the full and the reduced spaces
 * at every budget.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { AccuracyOracle } from '../src/accuracy/oracle.js';
import { CostModel } from '../src/costmodel/evaluate.js';
import { LayerShapes, type LayerShapeParts, type ShapeCosts } from '../src/analysis/layer-shapes.js';
import type { ResultRecord } from '../src/report/result-log.js';
import { createSpace, SPACE_NAMES, type ArchitectureSpace, type Network } from '../src/workloads/index.js';
import { oracleValue } from '../envs/architecture-choice.js';
import { BUDGET_METRICS, searchGrid, type BudgetMetric, type GridConstraints } from '../envs/grid-search.js';
import { allAccelerators, completeGrid, evaluateWorkload, gridCorners, hardwareDesignSchema, hardwareSpec, partialGridSchema, REFERENCE_ACCELERATOR, type HardwareDesign } from '../envs/hardware-grid.js';
import { REDUCED_SET_OBJECTIVES, type ReducedSetObjective } from '../src/analysis/reduced-set.js';
import { prepareOutput, resultsPath, type ExperimentRun } from './experiment.js';
import { runTasks, type TaskRunSummary, type WorkItem } from './task-runner.js';
import { oracleSpecSchema, PUBLISHED_ORACLE } from './oracles.js';
import { candidateKeys, candidateSpecSchema } from './candidates.js';
import { NASBENCH201_DEVICES } from '../src/data/nasbench201.js';

export { bestDesignCandidates } from '../envs/grid-search.js';

export const semiDecoupledExperimentSchema = z
  .strictObject({
    space: z.enum(SPACE_NAMES),
    preset: z.string().optional(),
    candidates: candidateSpecSchema,
    accuracy: oracleSpecSchema,
    reference: hardwareDesignSchema,
    grid: partialGridSchema,
    /** The budget metrics to check (sets are built against each); default latency, energy and EDP. */
    metrics: z.array(z.enum(BUDGET_METRICS)).nonempty().optional(),
    /** Instead of `metrics`: the wrapper's objective (latency+energy checks latency and energy). */
    objective: z.enum(REDUCED_SET_OBJECTIVES).optional(),
    /** Which budgets the optimality check compares: every breakpoint (default) or this many quantiles of them. */
    budgets: z.union([z.literal('breakpoints'), z.number().int().positive().max(100_000)]),
    /** Accelerators on which the front's stability is measured (default: four grid corners). */
    probes: z.array(hardwareDesignSchema).optional(),
    /** nasbench201: devices whose published latency is probed too (see NASBENCH201_DEVICES). */
    devices: z.array(z.enum(NASBENCH201_DEVICES)).optional(),
    /** Leave out accelerators over an area (um^2) or power (mW) cap. */
    maxAreaUm2: z.number().positive().optional(),
    maxPowerMW: z.number().positive().optional(),
    /** A design is infeasible where a layer needs more L1/L2 than the accelerator has. */
    enforceBufferSizes: z.boolean().optional(),
  })
  .refine((options) => options.devices === undefined || options.space === 'nasbench201', {
    message: 'device latencies are published for nasbench201 cells only',
    path: ['devices'],
  });
export type SemiDecoupledExperimentOptions = z.infer<typeof semiDecoupledExperimentSchema>;

/** The default: every NAS-Bench-201 cell with its published CIFAR-10 accuracy, the study's grid and reference. */
export const SEMI_DECOUPLED_EXPERIMENT_DEFAULTS: SemiDecoupledExperimentOptions = {
  space: 'nasbench201',
  candidates: { published: true },
  accuracy: PUBLISHED_ORACLE,
  reference: REFERENCE_ACCELERATOR,
  grid: {},
  budgets: 'breakpoints',
};

/** The budget metrics an experiment checks. */
export function experimentMetrics(options: Pick<SemiDecoupledExperimentOptions, 'metrics' | 'objective'>): BudgetMetric[] {
  if (options.metrics !== undefined) return [...new Set(options.metrics)];
  const objective: ReducedSetObjective | undefined = options.objective;
  if (objective === undefined) return [...BUDGET_METRICS];
  return objective === 'latency+energy' ? ['latency', 'energy'] : [objective];
}

/** The area/power caps and buffer limits of an experiment. */
export function experimentConstraints(options: SemiDecoupledExperimentOptions): GridConstraints {
  return { maxAreaUm2: options.maxAreaUm2, maxPowerMW: options.maxPowerMW, enforceBufferSizes: options.enforceBufferSizes };
}

/** The accelerators the front's stability is measured on. */
export function probeAccelerators(options: Pick<SemiDecoupledExperimentOptions, 'probes' | 'grid'>): HardwareDesign[] {
  return options.probes ?? gridCorners(completeGrid(options.grid));
}

/** What each task evaluates: the grid's accelerators in grid order, then the reference, then the probes. */
export type AcceleratorRole = 'grid' | 'reference' | 'probe';

export interface ExperimentAccelerator {
  role: AcceleratorRole;
  accelerator: HardwareDesign;
}

/** Every task's accelerator, in task order. */
export function experimentAccelerators(options: SemiDecoupledExperimentOptions): ExperimentAccelerator[] {
  return [
    ...allAccelerators(completeGrid(options.grid)).map((accelerator) => ({ role: 'grid' as const, accelerator })),
    { role: 'reference', accelerator: options.reference },
    ...probeAccelerators(options).map((accelerator) => ({ role: 'probe' as const, accelerator })),
  ];
}

/** One accelerator's results: the cost of every distinct layer shape and pair of the candidates (null where the cost model fails). */
export interface ShapeCostRecord extends ResultRecord {
  role: AcceleratorRole;
  accelerator: HardwareDesign;
  runtimeCycles: (number | null)[];
  l1SizeReqElements: (number | null)[];
  l2SizeReqElements: (number | null)[];
  /** MAESTRO's energy of each pair's second layer after its first (nJ), null where either shape fails. */
  pairEnergyNJ: (number | null)[];
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** A record of one accelerator's shape costs. */
export function shapeCostRecord(index: number, entry: ExperimentAccelerator, costs: ShapeCosts): ShapeCostRecord {
  return {
    index,
    role: entry.role,
    accelerator: entry.accelerator,
    runtimeCycles: Array.from(costs.runtimeCycles, finiteOrNull),
    l1SizeReqElements: Array.from(costs.l1SizeReqElements, finiteOrNull),
    l2SizeReqElements: Array.from(costs.l2SizeReqElements, finiteOrNull),
    pairEnergyNJ: Array.from(costs.pairEnergyNJ, finiteOrNull),
  };
}

/** The shape costs of a record (infeasible where the runtime is null or not positive). */
export function shapeCostsOf(record: ShapeCostRecord): ShapeCosts {
  const numbers = (values: readonly (number | null)[]): Float64Array => Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
  const runtimeCycles = numbers(record.runtimeCycles);
  return {
    runtimeCycles,
    feasible: Uint8Array.from(runtimeCycles, (r) => (r > 0 ? 1 : 0)),
    l1SizeReqElements: numbers(record.l1SizeReqElements),
    l2SizeReqElements: numbers(record.l2SizeReqElements),
    pairEnergyNJ: numbers(record.pairEnergyNJ),
  };
}

/** The candidates of an experiment with their networks (in task order). */
export function experimentCandidates(options: SemiDecoupledExperimentOptions): { space: ArchitectureSpace<unknown>; keys: string[]; networks: Network[] } {
  const space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
  const keys = candidateKeys(space, options.candidates);
  return { space, keys, networks: keys.map((key) => space.toNetwork(space.fromKey(key))) };
}

/** The layout the results refer to: every shape's key and every pair, in order (written beside the results). */
export interface ShapeLayout {
  shapeKeys: string[];
  pairs: [number, number][];
}

export const LAYOUT_FILE = 'shapes.json';

export function shapeLayout(shapes: LayerShapes): ShapeLayout {
  return { shapeKeys: shapes.shapeKeys, pairs: shapes.parts().pairs };
}

/** What a worker needs: the shapes and pairs, and the accelerators of its tasks. */
export interface SemiDecoupledPayload {
  parts: LayerShapeParts;
  accelerators: Record<number, ExperimentAccelerator>;
}

/** Evaluates a work item's accelerators (in this thread or a worker's). */
export function evaluateItem(item: WorkItem<SemiDecoupledPayload>, shapes: LayerShapes, model: CostModel): ShapeCostRecord[] {
  return item.indices.map((index) => {
    const entry = item.payload.accelerators[index]!;
    const costs = shapes.evaluate({ hardware: hardwareSpec(entry.accelerator), dataflow: entry.accelerator.dataflow }, model);
    return shapeCostRecord(index, entry, costs);
  });
}

/** Accelerators per work item (one worker task). */
const ITEM_SIZE = 72;

/** Runs (or resumes) the experiment's evaluations into the output folder. */
export async function runSemiDecoupled(options: SemiDecoupledExperimentOptions, run: ExperimentRun): Promise<TaskRunSummary> {
  prepareOutput(run, { experiment: 'semi-decoupled', options });
  const { networks } = experimentCandidates(options);
  const shapes = LayerShapes.of(networks);
  writeFileSync(join(run.out, LAYOUT_FILE), `${JSON.stringify(shapeLayout(shapes))}\n`);
  const parts = shapes.parts();
  const accelerators = experimentAccelerators(options);
  // Items of consecutive accelerators (results are written in task order, as merged shards are).
  const items: WorkItem<SemiDecoupledPayload>[] = [];
  for (let start = 0; start < accelerators.length; start += ITEM_SIZE) {
    const indices = accelerators.slice(start, start + ITEM_SIZE).map((_, k) => start + k);
    items.push({ indices, payload: { parts, accelerators: Object.fromEntries(indices.map((i) => [i, accelerators[i]!])) } });
  }
  const model = new CostModel();
  return runTasks(
    {
      manifest: { experiment: 'semi-decoupled', options, shapes: parts.shapes.length, pairs: parts.pairs.length },
      items,
      evaluate: (item) => evaluateItem(item, shapes, model),
      workerModule: new URL('./semi-decoupled-worker.js', import.meta.url),
    },
    { out: resultsPath(run.out, run.shard), resume: run.resume, shard: run.shard, workers: run.workers, onProgress: (done, total) => run.onProgress?.('semi-decoupled', done, total) },
  );
}

/** The metrics of a candidate on one accelerator. */
export interface PointMetrics {
  latencyCycles: number | null;
  energyNJ: number | null;
  feasible: boolean;
}

export interface BestDesign {
  value: number;
  accelerator: HardwareDesign;
}

/** One candidate's accuracy, metrics on the reference and probes, and best latency and energy over the grid. */
export interface CandidateRecord extends ResultRecord {
  architecture: string;
  accuracy: number;
  accuracyKind: 'top1' | 'score';
  accuracySource: string;
  macs: number;
  reference: PointMetrics;
  probes: PointMetrics[];
  bestLatency: BestDesign | null;
  bestEnergy: BestDesign | null;
  /** Accelerators of the grid the candidate could be evaluated on (counted on the accelerators searched). */
  feasibleAccelerators: number;
  /** How the grid was searched: every accelerator, or the shortcut where a test proves it exact. */
  search: 'exhaustive' | 'shortcut';
}

function point(network: Network, accelerator: HardwareDesign, model: CostModel): PointMetrics & { macs: number } {
  try {
    const { metrics, invalidLayers } = evaluateWorkload([network], accelerator, model);
    return { latencyCycles: metrics.latencyCycles, energyNJ: metrics.energyNJ, feasible: invalidLayers === 0, macs: metrics.macs };
  } catch {
    return { latencyCycles: null, energyNJ: null, feasible: false, macs: 0 };
  }
}

/**
 * Evaluates candidates one at a time with a space, an oracle and a cost model: each candidate's
 * best latency and energy over the grid come from `searchGrid` (the proven shortcut where it applies,
 * else every accelerator).
 */
export class CandidateEvaluator {
  private readonly space: ArchitectureSpace<unknown>;
  private readonly probes: HardwareDesign[];
  private readonly model = new CostModel();

  constructor(
    readonly options: Pick<SemiDecoupledExperimentOptions, 'space' | 'preset' | 'reference' | 'grid' | 'probes'> & Partial<Pick<SemiDecoupledExperimentOptions, 'objective' | 'budgets' | 'candidates' | 'accuracy'>>,
    private readonly oracle: AccuracyOracle<unknown>,
  ) {
    this.space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
    this.probes = probeAccelerators(options);
  }

  evaluate(index: number, key: string): CandidateRecord {
    const arch = this.space.fromKey(key);
    const network = this.space.toNetwork(arch);
    const accuracy = oracleValue(this.oracle, arch);
    const reference = point(network, this.options.reference, this.model);
    const found = searchGrid(LayerShapes.of([network]), completeGrid(this.options.grid), { model: this.model, scope: { space: this.space.name, preset: this.space.preset, keys: [key] } });
    const best = (metric: 'latency' | 'energy'): BestDesign | null => {
      const at = found.best[metric].accelerator[0]!;
      return at < 0 ? null : { value: found.best[metric].value[0]!, accelerator: found.accelerators[at]! };
    };
    // Feasibility does not change with the bandwidths where the shortcut is proven: each accelerator searched stands for its PE count and dataflow.
    const perSearched = found.accelerators.length / found.evaluated;
    return {
      index,
      architecture: key,
      accuracy: accuracy.value,
      accuracyKind: accuracy.kind,
      accuracySource: accuracy.source,
      macs: reference.macs,
      reference: { latencyCycles: reference.latencyCycles, energyNJ: reference.energyNJ, feasible: reference.feasible },
      probes: this.probes.map((probe) => {
        const { latencyCycles, energyNJ, feasible } = point(network, probe, this.model);
        return { latencyCycles, energyNJ, feasible };
      }),
      bestLatency: best('latency'),
      bestEnergy: best('energy'),
      feasibleAccelerators: found.feasibleAccelerators[0]! * perSearched,
      search: found.search,
    };
  }
}

