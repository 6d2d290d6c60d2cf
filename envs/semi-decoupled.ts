/**
 * The semi-decoupled method (Lu et al., tinyML 2022) as a wrapper: architectures are first reduced
 * to the accuracy-latency/energy Pareto set on ONE reference accelerator, and co-design then searches
 * hardware together with that small set only.
 */
import * as z from 'zod';
import { spearman } from '../src/analysis/rank-correlation.js';
import { NASBENCH201_DEVICES, nasbench201Accuracies, nasbench201DeviceLatencyMs } from '../src/data/nasbench201.js';
import { AnalysisError } from '../src/analysis/errors.js';
import { enlargeWhereFrontsMove } from '../src/analysis/front-stability.js';
import { LayerShapes, type ShapeNetworkMetrics } from '../src/analysis/layer-shapes.js';
import { paretoFront } from '../src/analysis/pareto.js';
import { certifiedReducedSet, evaluateOn, objectivePoints, REDUCED_SET_OBJECTIVES, type AcceleratorInstance, type CandidateMetrics, type ReducedSetObjective } from '../src/analysis/reduced-set.js';
import { InvalidOptionsError } from '../src/gym/errors.js';
import { parseOptions } from '../src/gym/options.js';
import type { StepResult, ResetArgs, ResetResult } from '../src/gym/env.js';
import { Wrapper } from '../src/gym/wrappers/wrapper.js';
import { createRng } from '../src/random/rng.js';
import { oracleValue } from './architecture-choice.js';
import { CoDesign, type CoDesignDesign } from './co-design.js';
import type { DesignInfo, DesignResetInfo, DesignStepInfo } from './design-env.js';
import { metricOf, searchGrid, type BudgetMetric, type GridConstraints } from './grid-search.js';
import { gridCorners, hardwareDesignSchema, hardwareSpec, REFERENCE_ACCELERATOR, type HardwareDesign } from './hardware-grid.js';

/**
 * How the reduced set is built:
 * - `reference`: the study's set, the Pareto front on the reference accelerator;
 * - `probes`: the reference front, enlarged where the front moves on the probes (see `check`);
 * - `certified`: the front of accuracy against each architecture's best metric over the whole grid,
 *   the smallest set that keeps every co-design optimum for every budget;
 * - `per-accelerator`: the union of the fronts on every accelerator of the grid, the smallest set
 *   that also keeps the optimum on every fixed accelerator.
 */
export const REDUCED_SET_MODES = ['reference', 'probes', 'certified', 'per-accelerator'] as const;
export type ReducedSetMode = (typeof REDUCED_SET_MODES)[number];

export const semiDecoupledOptionsSchema = z.strictObject({
  /** The accelerator the reduced set is built on (default: the study's acc-A with kcp_ws). */
  referenceAccelerator: hardwareDesignSchema.optional(),
  /** Accuracy against latency, energy, EDP, or latency and energy together. */
  objective: z.enum(REDUCED_SET_OBJECTIVES),
  /** How the reduced set is built (see REDUCED_SET_MODES). */
  reducedSet: z.enum(REDUCED_SET_MODES, {
    error: (issue) =>
      Array.isArray(issue.input)
        ? `expected one of ${REDUCED_SET_MODES.join(', ')}; give a list of architecture keys as \`keys\``
        : `expected one of ${REDUCED_SET_MODES.join(', ')}, got ${JSON.stringify(issue.input)}`,
  }),
  /** Use exactly these architectures (keys) as the reduced set instead of building one. */
  keys: z.array(z.string()).nonempty().optional(),
  /** Architectures the set is chosen from (keys); default: the whole space if it has at most `maxCandidates`, else a seeded sample. */
  candidates: z.array(z.string()).nonempty().optional(),
  maxCandidates: z.number().int().positive(),
  /** Seed of the candidate sample. */
  seed: z.number().int().nonnegative(),
  /** `reference` and `probes`: keep the epsilon-front on the reference instead of the front (see paretoFront). */
  epsilon: z.number().nonnegative(),
  /**
   * `certified`: how the grid is searched for each architecture's best metric (`auto`: one
   * accelerator per PE count and dataflow where a test proves that exact, see SHORTCUT_PROOF, else
   * every accelerator; `per-accelerator` always searches every accelerator).
   */
  search: z.enum(['auto', 'exhaustive', 'shortcut']),
  /**
   * Front stability on probe accelerators (and, for nasbench201, published device latencies): the
   * share of each probe's front the set holds and the accuracy lost at each of its budgets; the set
   * is enlarged where a probe's optimum is lost. Spearman correlations are reported too.
   */
  check: z
    .strictObject({
      /** The accelerators to probe (default: four corners of the environment's grid). */
      probes: z.array(hardwareDesignSchema).nonempty().optional(),
      /** nasbench201: devices whose published latency is probed too. */
      devices: z.array(z.enum(NASBENCH201_DEVICES)).nonempty().optional(),
      /** Enlarge when a probe loses more accuracy than this at one of its budgets (default 0: any loss). */
      gapTolerance: z.number().nonnegative().optional(),
      /** Also enlarge when the smallest Spearman correlation to the reference falls below this (default: never; reported only). */
      threshold: z.number().min(-1).max(1).optional(),
      /** `gaps` (default): add each probe's optimum at the budgets the set loses; `union`: add every probe's whole front; `epsilon`: keep the epsilon-front on the reference. */
      enlarge: z.enum(['gaps', 'union', 'epsilon']).optional(),
      /** The epsilon of the `epsilon` enlargement (default 0.05). */
      enlargeEpsilon: z.number().positive().optional(),
    })
    .optional(),
});
export type SemiDecoupledOptions = z.infer<typeof semiDecoupledOptionsSchema>;

export const SEMI_DECOUPLED_DEFAULTS: SemiDecoupledOptions = { objective: 'latency', reducedSet: 'reference', maxCandidates: 20_000, seed: 0, epsilon: 0, search: 'auto' };
export const CHECK_DEFAULTS: { gapTolerance: number; enlarge: 'gaps' | 'union' | 'epsilon'; enlargeEpsilon: number } = { gapTolerance: 0, enlarge: 'gaps', enlargeEpsilon: 0.05 };

/** How the reduced set fares on one probe (an accelerator, or a device's published latency). */
export interface ProbeStability {
  /** The probe: `probe<i>` for `check.probes[i]`, or the device's name. */
  probe: string;
  /** The metric compared (latency, energy or EDP on an accelerator; latency in ms on a device). */
  metric: BudgetMetric;
  /** Spearman correlation of the candidates' metric on the probe with the reference's (information only unless `threshold` is set). */
  spearman: number;
  /** Architectures on the probe's accuracy-metric front, and the share of them the set holds. */
  front: number;
  frontShare: number;
  /** The probe's budgets (the distinct metrics on its front) and how many keep the probe's optimum. */
  budgets: number;
  budgetsKept: number;
  /** The largest accuracy the set loses at one of the probe's budgets. */
  worstGap: number;
  /** Architectures the enlargement added for this probe. */
  added: number;
}

/** What the front-stability check found. */
export interface RankCheck {
  probes: HardwareDesign[];
  /** Spearman correlation of the candidates' objective on each probe with the reference. */
  correlations: number[];
  /** Devices probed (nasbench201), and the Spearman correlation of their published latency with the reference latency. */
  devices: string[];
  deviceCorrelations: number[];
  minimumCorrelation: number;
  /** Front stability on every probe and device, before enlargement. */
  stability: ProbeStability[];
  enlarged: boolean;
  sizeBefore: number;
  sizeAfter: number;
}

/** The size of a design space, exactly (decimal) and approximately. */
export interface DesignSpaceSize {
  architectures: string;
  designs: string;
  /** `designs` as a number (may round for huge spaces). */
  approx: number;
}

export interface SemiDecoupledReport {
  full: DesignSpaceSize;
  reduced: DesignSpaceSize;
  /** full.designs / reduced.designs. */
  reduction: number;
  reducedSet: string[];
  /** How the set was built (`keys` when given). */
  mode: ReducedSetMode | 'keys';
  candidates: number;
  reference: HardwareDesign;
  /** Sizes of the sets computed on the way (the reference front always; certified and per-accelerator where the mode needs the grid). */
  sizes: { reference?: number; certified?: number; perAccelerator?: number };
  /** `certified` and `per-accelerator`: how the grid was searched. */
  search: { method: 'exhaustive' | 'shortcut'; accelerators: number; evaluated: number } | undefined;
  check: RankCheck | undefined;
}

/** What every step's and reset's info carries besides the CoDesign environment's. */
export type DesignSpaceInfo = { designSpace: { full: DesignSpaceSize; reduced: DesignSpaceSize; reduction: number } };

function sizeOf(architectures: bigint, designs: bigint): DesignSpaceSize {
  return { architectures: architectures.toString(), designs: designs.toString(), approx: Number(designs) };
}

/**
 * Wraps a CoDesign environment: builds (or takes) the reduced architecture set on the reference
 * accelerator and exposes a CoDesign over that set only, the architecture becoming one decision of
 * k choices (k = the set's size), ordered along the front (fastest on the reference accelerator first,
 * or lowest energy for the `energy` objective) so that it is an ordinal decision. Every step's `info.designSpace` reports the full and the reduced
 * space sizes. `unwrapped` is the restricted CoDesign environment; the original stays `fullEnv`.
 *
 * @example
 * const space = new Nasbench201Space();
 * const oracle = {   // a made-up accuracy for the example: 80% plus 2% per 3x3 convolution
 *   kind: 'top1', source: 'table', description: 'example',
 *   accuracy: (arch) => ({ kind: 'top1', top1: 80 + 2 * (space.key(arch).split('nor_conv_3x3').length - 1), source: 'table', oracle: 'example' }),
 * } as AccuracyOracle<Nasbench201Arch>;
 * const candidates = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [0, 2, 4, 1, 3, 0], [3, 2, 3, 2, 3, 2]].map((vector) => space.key(space.decode(vector)));
 * const full = new CoDesign({ space: 'nasbench201', oracle, objective: 'accuracy', latencyBudgetCycles: 3e6 });
 * const env = new SemiDecoupled(full, { objective: 'latency', candidates });
 * env.report.reducedSet.length;   // 4 of the 5 candidates
 * [env.report.full.designs, env.report.reduced.designs];   // ['27000000', '6912']
 * env.actionSpace.toJSON();   // { type: 'MultiDiscrete', nvec: [4, 6, 8, 9, 4], start: [0, 0, 0, 0, 0] }
 * env.reset({ seed: 0 });
 * const step = env.step([3, 4, 7, 6, 0]);   // the 3x3 network on acc-A: last, the set is ordered by latency on acc-A
 * [step.reward, step.info.metrics.accuracy];   // [0.92, 92]: within the budget, the reward is top-1 / 100
 */
export class SemiDecoupled extends Wrapper<
  number[],
  number[] | number,
  number[],
  number[] | number,
  DesignStepInfo<CoDesignDesign> & DesignSpaceInfo,
  DesignResetInfo & DesignSpaceInfo
> {
  readonly fullEnv: CoDesign;
  readonly options: SemiDecoupledOptions;
  readonly report: SemiDecoupledReport;

  constructor(env: CoDesign, options: Partial<SemiDecoupledOptions> = {}) {
    if (!(env instanceof CoDesign)) throw new TypeError('SemiDecoupled wraps a CoDesign environment (make("CoDesign-v0", ...).unwrapped)');
    const parsed = parseOptions('SemiDecoupled', semiDecoupledOptionsSchema, { ...SEMI_DECOUPLED_DEFAULTS, ...options });
    const reference = parsed.referenceAccelerator ?? REFERENCE_ACCELERATOR;
    const { keys: built, candidates, check, mode, sizes, search } = buildReducedSet(env, parsed, reference);
    const keys = orderAlongFront(env, built, reference, parsed.objective);
    const restricted = new CoDesign({ ...env.options, architectures: keys as [string, ...string[]], architecturesOrdered: true }, env.costModel);
    super(restricted);
    this.fullEnv = env;
    this.options = parsed;
    this.report = {
      full: sizeOf(env.architectureCount, env.problem.spaceSize),
      reduced: sizeOf(restricted.architectureCount, restricted.problem.spaceSize),
      reduction: Number(env.problem.spaceSize) / Number(restricted.problem.spaceSize),
      reducedSet: keys,
      mode,
      candidates,
      reference,
      sizes,
      search,
      check,
    };
  }

  protected override onReset(args: ResetArgs): ResetResult<number[], DesignResetInfo & DesignSpaceInfo> {
    const result = super.onReset(args);
    return { observation: result.observation, info: this.withReport(result.info) };
  }

  protected override onStep(action: number[] | number): StepResult<number[], DesignStepInfo<CoDesignDesign> & DesignSpaceInfo> {
    const result = super.onStep(action);
    return { ...result, info: this.withReport(result.info) };
  }

  private withReport<I extends object>(info: I): I & DesignSpaceInfo {
    return { ...info, designSpace: { full: this.report.full, reduced: this.report.reduced, reduction: this.report.reduction } };
  }
}

/** As for `DesignEnv`: an array action (`complete` mode) always evaluates a design. */
export interface SemiDecoupled {
  step(action: number[]): StepResult<number[], DesignInfo<CoDesignDesign> & DesignSpaceInfo>;
  step(action: number): StepResult<number[], DesignStepInfo<CoDesignDesign> & DesignSpaceInfo>;
  step(action: number[] | number): StepResult<number[], DesignStepInfo<CoDesignDesign> & DesignSpaceInfo>;
}

/**
 * The reduced set sorted along its front: by the reference accelerator's latency (energy for the
 * `energy` objective, EDP for `edp`), fastest first, so that the architecture index is an ordinal decision
 * (neighbouring indices are neighbours on the front). Ties keep the given order.
 */
function orderAlongFront(env: CoDesign, keys: readonly string[], reference: HardwareDesign, objective: SemiDecoupledOptions['objective']): string[] {
  const space = env.architectureSpace;
  const instance: AcceleratorInstance = { hardware: hardwareSpec(reference), dataflow: reference.dataflow };
  const metric = keys.map((key) => {
    const { latencyCycles, energyNJ } = evaluateOn(space.toNetwork(space.fromKey(key)), instance, env.costModel);
    return objective === 'energy' ? energyNJ : objective === 'edp' ? latencyCycles * energyNJ : latencyCycles;
  });
  return keys.map((key, i) => ({ key, i })).sort((a, b) => metric[a.i]! - metric[b.i]! || a.i - b.i).map((entry) => entry.key);
}

/** The candidates' keys, and their architectures where they are at hand (a whole space enumerated). */
function candidateKeys(env: CoDesign, options: SemiDecoupledOptions): { keys: string[]; archs?: unknown[] } {
  const space = env.architectureSpace;
  if (options.candidates !== undefined) return { keys: [...new Set(options.candidates)] };
  if (space.enumerate !== undefined && space.size <= BigInt(options.maxCandidates)) {
    const archs = [...space.enumerate()];
    return { keys: archs.map((arch) => space.key(arch)), archs };
  }
  const rng = createRng(options.seed);
  const keys = new Set<string>();
  let attempts = 0;
  while (keys.size < options.maxCandidates && attempts < options.maxCandidates * 4) {
    keys.add(space.key(space.sample(rng)));
    attempts++;
  }
  return { keys: [...keys] };
}

interface BuiltSet {
  keys: string[];
  candidates: number;
  mode: SemiDecoupledReport['mode'];
  sizes: SemiDecoupledReport['sizes'];
  search: SemiDecoupledReport['search'];
  check: RankCheck | undefined;
}

/** The candidates' metric under an objective's budget metric on one accelerator (Infinity where infeasible). */
function metricVector(metrics: ShapeNetworkMetrics, metric: BudgetMetric): Float64Array {
  const values = new Float64Array(metrics.feasible.length);
  for (let k = 0; k < values.length; k++) values[k] = metrics.feasible[k] === 1 ? metricOf(metric, metrics.latencyCycles[k]!, metrics.energyNJ[k]!) : Number.POSITIVE_INFINITY;
  return values;
}

/** The budget metrics an objective's fronts are about. */
function objectiveMetrics(objective: ReducedSetObjective): BudgetMetric[] {
  return objective === 'latency+energy' ? ['latency', 'energy'] : [objective];
}

/** The front on one accelerator's metrics (indices ascending), as `reducedArchitectureSet` keeps it. */
function frontOn(accuracy: readonly number[], metrics: ShapeNetworkMetrics, objective: ReducedSetObjective, epsilon = 0): number[] {
  const feasible: number[] = [];
  for (let k = 0; k < accuracy.length; k++) if (metrics.feasible[k] === 1) feasible.push(k);
  const candidates: CandidateMetrics[] = feasible.map((k) => ({ key: '', accuracy: accuracy[k]!, latencyCycles: metrics.latencyCycles[k]!, energyNJ: metrics.energyNJ[k]!, feasible: true }));
  const { points, senses } = objectivePoints(candidates, objective);
  return paretoFront(points, senses, epsilon).map((i) => feasible[i]!);
}

function buildReducedSet(env: CoDesign, options: SemiDecoupledOptions, reference: HardwareDesign): BuiltSet {
  if (options.keys !== undefined) {
    const keys = [...new Set(options.keys)];
    return { keys, candidates: options.keys.length, mode: 'keys', sizes: {}, search: undefined, check: undefined };
  }
  const oracle = env.oracle;
  if (oracle === undefined) {
    throw new InvalidOptionsError('SemiDecoupled needs accuracies to build the reduced set: give the CoDesign environment an `oracle`, or pass `keys`');
  }
  const space = env.architectureSpace;
  const candidates = candidateKeys(env, options);
  const keys = candidates.keys;
  const archs = candidates.archs ?? keys.map((key) => space.fromKey(key));
  const accuracy = archs.map((arch) => oracleValue(oracle, arch).value);
  const shapes = LayerShapes.of(archs.map((arch) => space.toNetwork(arch)));
  const model = env.costModel;
  const on = (design: HardwareDesign): ShapeNetworkMetrics => shapes.networkMetrics(shapes.evaluate({ hardware: hardwareSpec(design), dataflow: design.dataflow }, model));
  const referenceMetrics = on(reference);
  if (!referenceMetrics.feasible.some((f) => f === 1)) throw new AnalysisError('no candidate could be evaluated on the reference accelerator');
  const referenceFront = frontOn(accuracy, referenceMetrics, options.objective, options.epsilon);
  const sizes: SemiDecoupledReport['sizes'] = { reference: referenceFront.length };
  const constraints: GridConstraints = { maxAreaUm2: env.options.maxAreaUm2, maxPowerMW: env.options.maxPowerMW, enforceBufferSizes: env.options.enforceBufferSizes };
  let kept = new Set(referenceFront);
  let search: SemiDecoupledReport['search'];
  if (options.reducedSet === 'certified' || options.reducedSet === 'per-accelerator') {
    const perAccelerator = options.reducedSet === 'per-accelerator' || options.objective === 'latency+energy';
    const found = searchGrid(shapes, env.grid, {
      model,
      constraints,
      accuracy,
      fronts: perAccelerator ? [options.objective] : [],
      search: perAccelerator ? 'exhaustive' : options.search,
      scope: { space: space.name, preset: space.preset, keys },
    });
    search = { method: found.search, accelerators: found.accelerators.length, evaluated: found.evaluated };
    // Joint latency and energy budgets: only the per-accelerator fronts keep every optimum.
    const certified = options.objective === 'latency+energy' ? indicesOf(found.perAcceleratorFront['latency+energy']!) : certifiedReducedSet(accuracy, found.best[options.objective].value);
    sizes.certified = certified.length;
    if (perAccelerator) sizes.perAccelerator = indicesOf(found.perAcceleratorFront[options.objective]!).length;
    kept = new Set(options.reducedSet === 'certified' ? certified : indicesOf(found.perAcceleratorFront[options.objective]!));
  }
  let check: RankCheck | undefined;
  if (options.check !== undefined || options.reducedSet === 'probes') {
    const result = frontStabilityCheck(env, { ...CHECK_DEFAULTS, ...(options.check ?? {}) }, options, { keys, accuracy, referenceMetrics, on }, kept);
    check = result.check;
    kept = result.kept;
  }
  const indices = [...kept].sort((a, b) => a - b);
  return { keys: indices.map((i) => keys[i]!), candidates: keys.length, mode: options.reducedSet, sizes, search, check };
}

function indicesOf(members: Uint8Array): number[] {
  const indices: number[] = [];
  members.forEach((m, i) => {
    if (m === 1) indices.push(i);
  });
  return indices;
}

interface Evaluated {
  keys: string[];
  accuracy: number[];
  referenceMetrics: ShapeNetworkMetrics;
  on: (design: HardwareDesign) => ShapeNetworkMetrics;
}

/** Measures front stability on the probes and enlarges the set where a probe's optimum is lost. */
function frontStabilityCheck(
  env: CoDesign,
  check: NonNullable<SemiDecoupledOptions['check']> & typeof CHECK_DEFAULTS,
  options: SemiDecoupledOptions,
  evaluated: Evaluated,
  base: Set<number>,
): { check: RankCheck; kept: Set<number> } {
  const { accuracy, referenceMetrics, keys } = evaluated;
  const space = env.architectureSpace;
  const probes = check.probes ?? gridCorners(env.grid);
  const devices = check.devices ?? [];
  if (devices.length > 0 && space.name !== 'nasbench201') throw new InvalidOptionsError(`Invalid options for SemiDecoupled: \`check.devices\`: device latencies are published for nasbench201 cells only, not ${space.name}`);
  const probeMetrics = probes.map((probe) => evaluated.on(probe));
  const metrics = objectiveMetrics(options.objective);
  const usable = accuracy.map((_, k) => referenceMetrics.feasible[k] === 1 && probeMetrics.every((m) => m.feasible[k] === 1));
  const onUsable = (values: ArrayLike<number>): number[] => Array.from(values).filter((_, k) => usable[k]);
  const spearmanOf = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
    const a = onUsable(x);
    const b = onUsable(y);
    return a.length < 2 ? Number.NaN : spearman(a, b);
  };
  // Spearman of the objective as the study measures it (latency, energy, EDP; for latency+energy, their product).
  const rankMetric: BudgetMetric = options.objective === 'latency+energy' ? 'edp' : options.objective;
  const referenceRank = metricVector(referenceMetrics, rankMetric);
  const correlations = probeMetrics.map((m) => spearmanOf(referenceRank, metricVector(m, rankMetric)));
  const deviceLatencies = devices.map((device) => {
    const latencyMs = nasbench201DeviceLatencyMs(device);
    const index = nasbench201Accuracies().indexOf;
    return Float64Array.from(keys, (key) => latencyMs[index.get(key)!]!);
  });
  const deviceCorrelations = deviceLatencies.map((latency) => spearmanOf(metricVector(referenceMetrics, 'latency'), latency));
  const minimumCorrelation = Math.min(...correlations.filter((r) => !Number.isNaN(r)), ...deviceCorrelations.filter((r) => !Number.isNaN(r)));
  const probeCosts: { probe: string; metric: BudgetMetric; spearman: number; cost: Float64Array }[] = [
    ...probeMetrics.flatMap((m, p) => metrics.map((metric) => ({ probe: `probe${p}`, metric, spearman: spearmanOf(metricVector(referenceMetrics, metric), metricVector(m, metric)), cost: metricVector(m, metric) }))),
    ...deviceLatencies.map((latency, d) => ({ probe: devices[d]!, metric: 'latency' as const, spearman: deviceCorrelations[d]!, cost: latency })),
  ];
  const threshold = check.threshold ?? Number.NEGATIVE_INFINITY;
  const byRank = minimumCorrelation < threshold;
  const result = enlargeWhereFrontsMove(accuracy, base, probeCosts.map((p) => p.cost), {
    gapTolerance: check.gapTolerance,
    enlarge: check.enlarge === 'union' ? 'union' : 'gaps',
    force: byRank,
  });
  const measured = result.measured;
  const enlarged = byRank || measured.some((m) => m.worstGap > check.gapTolerance);
  let kept = new Set(base);
  let added = probeCosts.map(() => 0);
  if (enlarged && check.enlarge === 'epsilon') {
    for (const k of frontOn(accuracy, referenceMetrics, options.objective, check.enlargeEpsilon)) kept.add(k);
  } else if (enlarged) {
    kept = new Set(result.members);
    added = result.added;
  }
  const stability: ProbeStability[] = probeCosts.map((p, i) => ({
    probe: p.probe,
    metric: p.metric,
    spearman: p.spearman,
    front: measured[i]!.front.length,
    frontShare: measured[i]!.frontShare,
    budgets: measured[i]!.budgets,
    budgetsKept: measured[i]!.budgetsKept,
    worstGap: measured[i]!.worstGap,
    added: added[i]!,
  }));
  return {
    check: { probes, correlations, devices: [...devices], deviceCorrelations, minimumCorrelation, stability, enlarged, sizeBefore: base.size, sizeAfter: kept.size },
    kept,
  };
}
