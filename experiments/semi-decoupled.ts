/**
 * The semi-decoupled experiment: candidates' accuracies and metrics on the reference accelerator
 * (the reduced set is their Pareto front), and each candidate's best latency and energy over the
 * whole accelerator grid (so the co-design optimum of the full and the reduced space can be compared
 * for every budget).
 */
import * as z from 'zod';
import type { AccuracyOracle } from '../src/accuracy/oracle.js';
import { CostModel } from '../src/costmodel/evaluate.js';
import type { ResultRecord } from '../src/report/result-log.js';
import { createSpace, SPACE_NAMES, type ArchitectureSpace, type Network } from '../src/workloads/index.js';
import { oracleValue } from '../envs/architecture-choice.js';
import { completeGrid, evaluateWorkload, gridCorners, hardwareDesignSchema, partialGridSchema, REFERENCE_ACCELERATOR, type HardwareDesign } from '../envs/hardware-grid.js';
import { REDUCED_SET_OBJECTIVES } from '../src/analysis/reduced-set.js';
import { allAccelerators } from '../envs/verify-optimality.js';
import { prepareOutput, resultsPath, type ExperimentRun } from './experiment.js';
import { runTasks, type TaskRunSummary, type WorkItem } from './task-runner.js';
import { loadOracle, oracleSpecSchema, PUBLISHED_ORACLE } from './oracles.js';
import { candidateKeys, candidateSpecSchema } from './candidates.js';
import { NASBENCH201_DEVICES } from '../src/data/nasbench201.js';

export const semiDecoupledExperimentSchema = z.strictObject({
  space: z.enum(SPACE_NAMES),
  preset: z.string().optional(),
  candidates: candidateSpecSchema,
  accuracy: oracleSpecSchema,
  reference: hardwareDesignSchema,
  grid: partialGridSchema,
  objective: z.enum(REDUCED_SET_OBJECTIVES),
  /** How many budgets the optimality check compares (quantiles of the candidates' best metric). */
  budgets: z.number().int().positive().max(1000),
  /** Accelerators on which the candidates' ranking is compared with the reference (default: four grid corners). */
  probes: z.array(hardwareDesignSchema).optional(),
  /** nasbench201: devices whose published latency is compared with the reference too (see NASBENCH201_DEVICES). */
  devices: z.array(z.enum(NASBENCH201_DEVICES)).optional(),
}).refine((options) => options.devices === undefined || options.space === 'nasbench201', {
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
  objective: 'latency',
  budgets: 20,
};

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

/** One candidate's result. */
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
  /** Accelerators of the grid the candidate could be evaluated on. */
  feasibleAccelerators: number;
}

export interface SemiDecoupledPayload {
  options: SemiDecoupledExperimentOptions;
  keys: Record<number, string>;
}

/** The accelerators the candidates' ranking is probed on. */
export function probeAccelerators(options: SemiDecoupledExperimentOptions): HardwareDesign[] {
  return options.probes ?? gridCorners(completeGrid(options.grid));
}

function point(network: Network, accelerator: HardwareDesign, model: CostModel): PointMetrics & { macs: number } {
  try {
    const { metrics, invalidLayers } = evaluateWorkload([network], accelerator, model);
    return { latencyCycles: metrics.latencyCycles, energyNJ: metrics.energyNJ, feasible: invalidLayers === 0, macs: metrics.macs };
  } catch {
    return { latencyCycles: null, energyNJ: null, feasible: false, macs: 0 };
  }
}

/** Evaluates candidates (one work item) with a space, an oracle and a cost model. */
export class CandidateEvaluator {
  private readonly space: ArchitectureSpace<unknown>;
  /** One accelerator per PE count and dataflow, at the grid's largest bandwidths (see `bestDesignCandidates`). */
  private readonly accelerators: HardwareDesign[];
  private readonly probes: HardwareDesign[];
  private readonly model = new CostModel();
  private readonly gridCount: number;

  constructor(
    readonly options: SemiDecoupledExperimentOptions,
    private readonly oracle: AccuracyOracle<unknown>,
  ) {
    this.space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
    this.accelerators = bestDesignCandidates(completeGrid(options.grid));
    this.probes = probeAccelerators(options);
    this.gridCount = allAccelerators(completeGrid(options.grid)).length;
  }

  evaluate(index: number, key: string): CandidateRecord {
    const arch = this.space.fromKey(key);
    const network = this.space.toNetwork(arch);
    const accuracy = oracleValue(this.oracle, arch);
    const reference = point(network, this.options.reference, this.model);
    let bestLatency: BestDesign | null = null;
    let bestEnergy: BestDesign | null = null;
    let feasibleAccelerators = 0;
    const perCorner = this.gridCount / this.accelerators.length;
    for (const accelerator of this.accelerators) {
      const p = point(network, accelerator, this.model);
      if (!p.feasible || p.latencyCycles === null || p.energyNJ === null) continue;
      feasibleAccelerators += perCorner;
      if (bestLatency === null || p.latencyCycles < bestLatency.value) bestLatency = { value: p.latencyCycles, accelerator };
      if (bestEnergy === null || p.energyNJ < bestEnergy.value) bestEnergy = { value: p.energyNJ, accelerator };
    }
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
      bestLatency,
      bestEnergy,
      feasibleAccelerators,
    };
  }
}

/**
 * The accelerators among which a network's best latency and best energy over the whole grid are
 * found: one per PE count and dataflow, at the largest NoC and off-chip bandwidths (and buffer sizes).
 * Exact, because MAESTRO's runtime never increases with either bandwidth (every delay is
 * latency + ceil(amount / bandwidth) - 1 or amount / off-chip bandwidth, combined by max and sums),
 * energy counts accesses only (no bandwidth), and L1/L2 sizes change neither. 72 times fewer
 * evaluations on the study's grid.
 */
export function bestDesignCandidates(grid: ReturnType<typeof completeGrid>): HardwareDesign[] {
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

/** Candidates per work item (an item is one worker task). */
const ITEM_SIZE = 8;

/** Runs (or resumes) the experiment's evaluations into the output folder. */
export async function runSemiDecoupled(options: SemiDecoupledExperimentOptions, run: ExperimentRun): Promise<TaskRunSummary> {
  prepareOutput(run, { experiment: 'semi-decoupled', options });
  const space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
  const keys = candidateKeys(space, options.candidates);
  const items: WorkItem<SemiDecoupledPayload>[] = [];
  for (let start = 0; start < keys.length; start += ITEM_SIZE) {
    const indices = keys.slice(start, start + ITEM_SIZE).map((_, k) => start + k);
    items.push({ indices, payload: { options, keys: Object.fromEntries(indices.map((i) => [i, keys[i]!])) } });
  }
  let evaluator: CandidateEvaluator | undefined;
  return runTasks(
    {
      manifest: { experiment: 'semi-decoupled', options },
      items,
      evaluate: async (item) => {
        evaluator ??= new CandidateEvaluator(options, await loadOracle(options.accuracy, space));
        return item.indices.map((index) => evaluator!.evaluate(index, item.payload.keys[index]!));
      },
      workerModule: new URL('./semi-decoupled-worker.js', import.meta.url),
    },
    { out: resultsPath(run.out, run.shard), resume: run.resume, shard: run.shard, workers: run.workers, onProgress: (done, total) => run.onProgress?.('semi-decoupled', done, total) },
  );
}
