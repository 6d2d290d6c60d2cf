/**
 * The agent benchmark's tasks: a fixed, versioned list of design problems whose optima are known
 * exactly. Changing a task (its environment, metric or budget) changes BENCHMARK_VERSION, so results
 * of different versions are never compared.
 */
import { CostModel } from '../../src/costmodel/evaluate.js';
import type { Env } from '../../src/gym/index.js';
import { AcceleratorDesign, type AcceleratorDesignOptions } from '../../envs/accelerator-design.js';
import { CoDesign } from '../../envs/co-design.js';
import { evaluateWorkload, gridSize } from '../../envs/hardware-grid.js';
import { SemiDecoupled } from '../../envs/semi-decoupled.js';
import { forEachChoices } from '../../agents/bayesian/design-encoding.js';
import { bestDesignCandidates } from '../semi-decoupled.js';

/** The version of the task list; stored with every result and checked when results are combined. */
export const BENCHMARK_VERSION = 1;

/** What a task optimises: a metric of `info.metrics`, minimised or maximised. */
export interface TaskMetric {
  /** The field of `info.metrics`. */
  readonly field: 'edp' | 'latencyCycles' | 'energyNJ' | 'accuracy';
  readonly sense: 'min' | 'max';
  /** How the report names it, with its unit. */
  readonly label: string;
  /** Compare log10(1 + value) instead of the value (for proxy scores spanning many orders of magnitude, as the environments' reward does). */
  readonly logScale?: boolean;
}

/** The exact optimum of a task, and how it was established. */
export interface TaskOptimum {
  /** The best feasible metric value of the whole space. */
  readonly value: number;
  /** Designs in the space. */
  readonly designs: number;
  /** Designs (or, for co-design, architectures) within 1% of the optimum, where counted. */
  readonly withinOnePercent: number | null;
  /** How the optimum was found (e.g. every design evaluated). */
  readonly method: string;
}

export interface BenchmarkTask {
  readonly id: string;
  /** What the task is and what makes its structure different. */
  readonly description: string;
  readonly metric: TaskMetric;
  /** Evaluations (distinct designs) per run. */
  readonly budget: number;
  /** Evaluations per run of the `--quick` variant. */
  readonly quickBudget: number;
  /** Builds the environment (complete-design episodes of one step). */
  makeEnv(model: CostModel): Promise<Env<unknown, unknown>>;
  /** Finds the exact optimum (may take minutes: the runner caches it on disk). */
  computeOptimum(model: CostModel): Promise<TaskOptimum>;
}

/**
 * How close a metric value is to the optimum, in [0, 1]: optimum / value for a minimised metric,
 * value / optimum for a maximised one, and 0 for an infeasible design (or none yet). 1 - quality is
 * the normalised regret; "within 1%" means value <= 1.01 x optimum (minimised) or >= 0.99 x optimum.
 *
 * @example
 * quality({ field: 'edp', sense: 'min', label: 'EDP' }, 2, 1);   // 0.5
 * quality({ field: 'accuracy', sense: 'max', label: 'top-1' }, 93, 94);   // 0.9893617021276596
 * quality({ field: 'accuracy', sense: 'max', label: 'top-1' }, null, 94);   // 0: infeasible
 */
export function quality(metric: TaskMetric, value: number | null, optimum: number): number {
  if (value === null || !Number.isFinite(value)) return 0;
  const q = metric.sense === 'min' ? optimum / value : value / optimum;
  return Math.max(0, Math.min(1, q));
}

/** Whether `value` is within `tolerance` (relative) of the optimum. */
export function withinTolerance(metric: TaskMetric, value: number | null, optimum: number, tolerance = 0.01): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return metric.sense === 'min' ? value <= optimum * (1 + tolerance) : value >= optimum * (1 - tolerance);
}

/** The metric value of a step's metrics (null when infeasible or missing). */
export function metricValue(metric: TaskMetric, metrics: Readonly<Record<string, unknown>>): number | null {
  const value = metrics[metric.field];
  if (metrics['feasible'] === false || typeof value !== 'number' || !Number.isFinite(value)) return null;
  return metric.logScale === true ? Math.log10(1 + Math.max(0, value)) : value;
}

/** The optimum of an AcceleratorDesign environment by evaluating every design of its grid. */
function exhaustiveOptimum(env: AcceleratorDesign, metric: TaskMetric): TaskOptimum {
  const values: number[] = [];
  env.reset({ seed: 0 });
  forEachChoices((env.actionSpace as { nvec: readonly number[] }).nvec, (choices) => {
    const { info } = env.step(choices.slice());
    const value = metricValue(metric, { ...info.metrics, feasible: info.feasible });
    if (value !== null) values.push(value);
    env.reset();
  });
  if (values.length === 0) throw new Error('no design of the grid is feasible');
  const best = metric.sense === 'min' ? Math.min(...values) : Math.max(...values);
  const designs = Number(env.problem.spaceSize);
  return { value: best, designs, withinOnePercent: values.filter((v) => withinTolerance(metric, v, best)).length, method: `every design evaluated (${designs})` };
}

function acceleratorTask(
  id: string,
  description: string,
  metric: TaskMetric,
  options: Partial<AcceleratorDesignOptions>,
  budgets: { budget: number; quickBudget: number },
): BenchmarkTask {
  const make = (model: CostModel): AcceleratorDesign => new AcceleratorDesign({ ...options, episodeMode: 'complete', episodeLength: 1 }, model);
  return {
    id,
    description,
    metric,
    ...budgets,
    makeEnv: async (model) => make(model),
    computeOptimum: async (model) => exhaustiveOptimum(make(model), metric),
  };
}

const EDP: TaskMetric = { field: 'edp', sense: 'min', label: 'EDP (cycles x nJ)' };
const LATENCY: TaskMetric = { field: 'latencyCycles', sense: 'min', label: 'latency (cycles)' };

/** Area cap of the constrained MobileNet-V2 task: admits at most 128 PEs. */
export const MOBILENET_AREA_CAP_UM2 = 2.5e8;

/** The accelerator-design tasks: three workloads of different structure on the study's grid. */
export const ACCELERATOR_TASKS: readonly BenchmarkTask[] = Object.freeze([
  acceleratorTask(
    'accelerator/resnet50-edp',
    "ResNet-50's energy-delay product over the study's grid (1,728 designs; 8 within 1%): one network, every design feasible.",
    EDP,
    { networks: ['resnet50'], objective: 'edp' },
    { budget: 300, quickBudget: 100 },
  ),
  acceleratorTask(
    'accelerator/mobilenet_v2-latency-area',
    'MobileNet-V2 latency under an area cap of 2.5e8 um^2 with buffer sizes enforced (L1 in {64, 128, 256}, L2 in {1024, ..., 16384} elements; 25,920 designs, 60% infeasible): the cap bounds the PE count, which sets the L2 size needed.',
    LATENCY,
    { networks: ['mobilenet_v2'], objective: 'latency', maxAreaUm2: MOBILENET_AREA_CAP_UM2, enforceBufferSizes: true, grid: { l1SizeElements: [64, 128, 256], l2SizeElements: [1024, 2048, 4096, 8192, 16384] } },
    { budget: 500, quickBudget: 100 },
  ),
  acceleratorTask(
    'accelerator/multi-network-edp',
    "The EDP (total latency x total energy) of a workload of three networks run one after another (ResNet-50, MobileNet-V2, SqueezeNet), over the study's grid (1,728 designs): the networks prefer different dataflows.",
    EDP,
    { networks: ['resnet50', 'mobilenet_v2', 'squeezenet'], objective: 'edp' },
    { budget: 300, quickBudget: 100 },
  ),
]);

const TOP1: TaskMetric = { field: 'accuracy', sense: 'max', label: 'published top-1 accuracy (%) within the latency budget' };

/**
 * The optimum of a co-design space with a latency budget: the most accurate architecture whose best
 * latency over the grid meets the budget. Exact: MAESTRO's runtime never grows with either bandwidth
 * and buffer sizes do not change it, so an architecture's best latency is the best of one accelerator
 * per PE count and dataflow at the largest bandwidths (`bestDesignCandidates`).
 */
function coDesignOptimum(env: CoDesign, keys: readonly string[], latencyBudgetCycles: number, model: CostModel): TaskOptimum {
  const space = env.architectureSpace;
  const oracle = env.oracle;
  if (oracle === undefined) throw new Error('a co-design task needs an accuracy oracle');
  const accelerators = bestDesignCandidates(env.grid);
  const feasible: number[] = [];
  for (const key of keys) {
    const arch = space.fromKey(key);
    const network = space.toNetwork(arch);
    const fits = accelerators.some((hardware) => {
      try {
        const { metrics, invalidLayers } = evaluateWorkload([network], hardware, model);
        return invalidLayers === 0 && metrics.latencyCycles <= latencyBudgetCycles;
      } catch {
        return false;
      }
    });
    if (!fits) continue;
    const result = oracle.accuracy(arch);
    feasible.push(result.kind === 'top1' ? result.top1 : result.score);
  }
  if (feasible.length === 0) throw new Error(`no architecture meets the latency budget of ${latencyBudgetCycles} cycles`);
  const best = Math.max(...feasible);
  return {
    value: best,
    designs: keys.length * Number(gridSize(env.grid)),
    withinOnePercent: feasible.filter((value) => value >= best * 0.99).length,
    method: `each of the ${keys.length} architectures' best latency over the grid (${accelerators.length} accelerators, exact since runtime never grows with bandwidth); within 1%: architectures`,
  };
}

type CoDesignSpace = 'nasbench201' | 'darts' | 'alphanet';

const SPACE_LABELS: Record<CoDesignSpace, string> = {
  nasbench201: 'NAS-Bench-201 (all 15,625 cells, published CIFAR-10 test accuracy)',
  darts: "the co-design study's 1,018 DARTS architectures (NAS-Bench-301 accuracy)",
  alphanet: "the co-design study's 1,046 selected AlphaNet architectures (AlphaNet's predicted top-1)",
};

/** The presets the published accuracies belong to (the co-design study's layer lists for DARTS and AlphaNet). */
const CO_DESIGN_PRESETS: Readonly<Record<CoDesignSpace, string>> = Object.freeze({ nasbench201: 'cifar10', darts: 'codesign-study', alphanet: 'codesign-study' });

/**
 * The latency budgets of the co-design tasks: the 20th percentile of the architectures' best
 * latencies over the study's grid (fixed here, so the tasks do not move with the cost model).
 */
export const CO_DESIGN_LATENCY_BUDGETS: Readonly<Record<CoDesignSpace, number>> = Object.freeze({
  nasbench201: 121_958,
  darts: 613_449,
  alphanet: 2_787_318,
});

function coDesignTask(space: CoDesignSpace, which: 'full' | 'reduced', budgets: { budget: number; quickBudget: number }): BenchmarkTask {
  const latencyBudgetCycles = CO_DESIGN_LATENCY_BUDGETS[space];
  const full = (model: CostModel): CoDesign => new CoDesign({ space, preset: CO_DESIGN_PRESETS[space], objective: 'accuracy', latencyBudgetCycles }, model);
  const make = (model: CostModel): CoDesign | SemiDecoupled => {
    const env = full(model);
    if (which === 'full') return env;
    // The candidates are the architectures with a published accuracy (all of NAS-Bench-201's cells).
    const keys = (env.oracle as { keys?: readonly string[] } | undefined)?.keys ?? [];
    return new SemiDecoupled(env, { objective: 'latency', candidates: keys as [string, ...string[]] });
  };
  const structure =
    which === 'full'
      ? `every architecture x the study's grid (1,728 accelerators); the architecture is ${space === 'nasbench201' ? 'its cell\'s six categorical operations' : 'one choice among the published ones'}`
      : "the reduced set (the accuracy-latency front on acc-A, kcp_ws; ordered along the front) x the study's grid";
  return {
    id: `codesign/${space}-${which}`,
    description: `CoDesign on ${SPACE_LABELS[space]}: the most accurate design within ${latencyBudgetCycles.toLocaleString('en-US')} cycles, over ${structure}.`,
    metric: TOP1,
    ...budgets,
    makeEnv: async (model) => make(model),
    computeOptimum: async (model) => {
      const env = make(model);
      const inner = env instanceof SemiDecoupled ? (env.unwrapped as CoDesign) : env;
      const keys = env instanceof SemiDecoupled ? env.report.reducedSet : (inner.oracle as { keys?: readonly string[] }).keys ?? [];
      return coDesignOptimum(inner, keys, latencyBudgetCycles, model);
    },
  };
}

/** The co-design tasks: each space on its full and on its reduced (semi-decoupled) design space. */
export const CO_DESIGN_TASKS: readonly BenchmarkTask[] = Object.freeze(
  (['nasbench201', 'darts', 'alphanet'] as const).flatMap((space) => [
    coDesignTask(space, 'full', { budget: 200, quickBudget: 100 }),
    coDesignTask(space, 'reduced', { budget: 200, quickBudget: 100 }),
  ]),
);

/** Every task of the benchmark, in the report's order. */
export function benchmarkTasks(): readonly BenchmarkTask[] {
  return [...ACCELERATOR_TASKS, ...CO_DESIGN_TASKS];
}

/** The task called `id`; throws with the list of ids otherwise. */
export function benchmarkTask(id: string): BenchmarkTask {
  const task = benchmarkTasks().find((candidate) => candidate.id === id);
  if (task === undefined) throw new RangeError(`unknown benchmark task "${id}"; expected one of ${benchmarkTasks().map((t) => t.id).join(', ')}`);
  return task;
}
